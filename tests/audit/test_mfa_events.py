"""Second-factor changes made through django-allauth's pages are recorded: an authenticator app set up
(and the recovery codes that come with it), and taken off. Skipped where allauth's MFA is not installed."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.audit.conftest import events, sign_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.skipif(not apps.is_installed("allauth.mfa"), reason="django-allauth's MFA not installed")

Kind = AuditEvent.Kind


def totp_code(secret: str) -> str:
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def test_setting_up_and_removing_an_authenticator_app_is_recorded(world: World,
                                                                  django_capture_on_commit_callbacks: Any) -> None:
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    client = Client()
    assert sign_in(client, world.lead.username, PASSWORD).status_code == 302
    # allauth asks for the password again before a second factor is changed
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if page.redirect_chain:
        client.post(page.redirect_chain[-1][0], {"password": PASSWORD})
        assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)},
                               REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.status_code == 302
    added = events(kind=Kind.MFA_ADDED)
    assert {e.details["type"] for e in added} == {"totp", "recovery_codes"}
    assert {(e.user, e.partnership, e.ip_address) for e in added} == {(world.lead, world.north, "203.0.113.7")}

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    removed = events(kind=Kind.MFA_REMOVED)  # the recovery codes go with the last authenticator
    assert {e.details["type"] for e in removed} == {"totp", "recovery_codes"}
    assert {e.user for e in removed} == {world.lead}
