"""A second factor for everyone (MFA_REQUIRED, on when DEBUG is off): a user without one is taken to set it up at
sign-in and reaches no page until done; an authenticator app (TOTP) works end to end with codes computed by
pyotp, as a phone computes them; each recovery code works once; passkeys / security keys can be added (the page
and its script, served under the CSP); a password-reset link leads into the same setup; an admin resets a user's
second factor, recorded; the admin signs in through the portal's page."""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD, World

PLAN = reverse("actions:plan", kwargs={"partnership": "north"})
SETUP = reverse("mfa_index")


@pytest.fixture(autouse=True)
def required(settings: Any, django_db_blocker: Any) -> None:
    settings.MFA_REQUIRED = True
    with django_db_blocker.unblock():  # the cache is a database table (settings.CACHES)
        cache.clear()  # allauth counts wrong codes in the cache, per user id: not carried from one test to the next


def password_sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("login"), {"login": username, "password": password})


def confirm_password(client: Client, page: str) -> Any:
    """allauth asks for the password again before any change to the second factor (REAUTHENTICATION_TIMEOUT)."""
    response = client.get(page)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    confirmed = client.post(response["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302 and confirmed["Location"] == page
    return client.get(page)


def with_totp(user: Any) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    return pyotp.TOTP(secret)


def test_a_user_without_a_second_factor_is_taken_to_set_one_up_and_reaches_nothing_else(world: World) -> None:
    client = Client()
    assert password_sign_in(client, world.lead.username).status_code == 302
    for page in (PLAN, reverse("partnerships:home"), reverse("password_change"), "/admin/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == SETUP, page
    setup = client.get(SETUP)
    assert setup.status_code == 200
    page = setup.content.decode()
    assert "Set up a second factor to go on" in page
    assert reverse("mfa_activate_totp") in page and reverse("mfa_add_webauthn") in page
    # Signing out is still possible.
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(PLAN).status_code == 302 and client.get(PLAN)["Location"].startswith(reverse("login"))


def test_without_mfa_required_nobody_is_sent_to_set_up(world: World, settings: Any) -> None:
    settings.MFA_REQUIRED = False
    client = Client()
    password_sign_in(client, world.lead.username)
    assert client.get(PLAN).status_code == 200


def test_an_authenticator_app_is_set_up_through_the_pages_and_then_the_plan_opens(world: World) -> None:
    client = Client()
    password_sign_in(client, world.lead.username)
    page = confirm_password(client, reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()  # shown for typing into the app, beside the QR code
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode()
    assert client.get(PLAN)["Location"] == SETUP
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(response["Location"])
    assert codes.status_code == 200 and len(codes.context["unused_codes"]) == 10
    assert client.get(PLAN).status_code == 200
    assert Authenticator.objects.filter(user=world.lead, type=Authenticator.Type.TOTP).exists()


def test_removing_ones_only_factor_leads_back_to_the_setup(world: World) -> None:
    client = Client()
    password_sign_in(client, world.lead.username)
    page = confirm_password(client, reverse("mfa_activate_totp"))
    client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(page.context["form"].secret).now()})
    assert client.get(PLAN).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PLAN).status_code == 200
    assert not [q for q in queries if "mfa_authenticator" in q["sql"]]  # the session remembers the factor
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=world.lead).exists()
    assert client.get(PLAN)["Location"] == SETUP


def test_signing_in_with_an_authenticator_app_code(world: World) -> None:
    app = with_totp(world.lead)
    client = Client()
    response = password_sign_in(client, world.lead.username)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(PLAN).status_code == 302  # the password alone signs nobody in
    refused = client.post(reverse("mfa_authenticate"), {"code": "123456" if app.now() != "123456" else "654321"})
    assert refused.status_code == 200 and "Incorrect code" in refused.content.decode()
    assert client.get(PLAN).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": app.now()})
    assert response.status_code == 302
    assert client.get(PLAN).status_code == 200


def test_guessing_codes_is_stopped_after_five_wrong_ones(world: World) -> None:
    app = with_totp(world.lead)
    client = Client()
    password_sign_in(client, world.lead.username)
    wrong = "000000" if app.now() != "000000" else "111111"
    for _ in range(5):
        assert "Incorrect code" in client.post(reverse("mfa_authenticate"), {"code": wrong}).content.decode()
    refused = client.post(reverse("mfa_authenticate"), {"code": app.now()})  # the right code, too late
    assert "Too many failed login attempts" in refused.content.decode()
    assert client.get(PLAN).status_code == 302


def test_each_recovery_code_works_once(world: World) -> None:
    with_totp(world.lead)
    first, second = RecoveryCodes.activate(world.lead).get_unused_codes()[:2]

    def sign_in_with(code: str) -> Client:
        client = Client()
        assert password_sign_in(client, world.lead.username)["Location"] == reverse("mfa_authenticate")
        client.post(reverse("mfa_authenticate"), {"code": code})
        return client

    assert sign_in_with(first).get(PLAN).status_code == 200
    assert sign_in_with(first).get(PLAN).status_code == 302  # used up
    assert sign_in_with(second).get(PLAN).status_code == 200


def test_the_security_key_page_is_there_and_its_script_is_a_static_file(world: World) -> None:
    client = Client()
    password_sign_in(client, world.lead.username)
    response = confirm_password(client, reverse("mfa_add_webauthn"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="mfa_webauthn_add"' in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in scripts if "src=" in attrs]
    assert any(src.endswith("mfa/js/webauthn.js") for src in sources)
    # No inline code for the CSP to block: every script is a file, or a JSON data block (not run).
    for attrs, body in scripts:
        assert "src=" in attrs or 'type="application/json"' in attrs or body.strip() == "", attrs
    for src in sources:
        assert client.get(src).status_code == 200, src


def test_a_password_reset_link_leads_into_the_second_factor_setup(world: World) -> None:
    client = Client()
    client.post(reverse("password_reset"), {"email": world.lead.email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", str(mail.outbox[0].body)).group(1)
    form_url = client.get(link)["Location"]
    new = "a-long-new-passphrase-for-len"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("password_reset_complete")
    assert password_sign_in(client, world.lead.username, new).status_code == 302
    assert client.get(PLAN)["Location"] == SETUP


def test_an_admin_resets_a_users_second_factor_and_it_is_recorded(world: World) -> None:
    with_totp(world.lead)
    RecoveryCodes.activate(world.lead)
    root = get_user_model().objects.create_superuser("root-admin", "root@example.org", PASSWORD)
    with_totp(root)
    on_lost_phone = Client()
    on_lost_phone.force_login(world.lead)  # a session the lead (or whoever has the phone) still holds
    assert on_lost_phone.get(PLAN).status_code == 200
    admin = Client()
    admin.force_login(root)
    response = admin.post(reverse("admin:auth_user_changelist"),
                          {"action": "reset_second_factor", "_selected_action": [world.lead.pk]})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=world.lead).exists()
    assert Authenticator.objects.filter(user=root).exists()  # only the user chosen
    history = Authenticator.history.filter(user_id=world.lead.pk, history_type="-")
    assert history.count() == 2 and {h.history_user for h in history} == {root}
    from audit.models import AuditEvent
    assert AuditEvent.objects.filter(kind="mfa_reset", user=root, subject=world.lead.username).exists()
    # The lead's open sessions ended; the admin's did not.
    assert on_lost_phone.get(PLAN)["Location"].startswith(reverse("login"))
    assert admin.get(reverse("admin:index")).status_code == 200
    # At the next sign-in the user sets up a new one.
    client = Client()
    assert password_sign_in(client, world.lead.username)["Location"] != reverse("mfa_authenticate")
    assert client.get(PLAN)["Location"] == SETUP


def test_the_admin_signs_in_through_the_portals_page(world: World) -> None:
    response = Client().get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
