"""A new password is recorded: changed by the user, set through a reset link, or set for them by someone
else (the admin site); never the password itself."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from audit.models import AuditEvent
from tests.audit.conftest import events
from tests.conftest import PASSWORD, World, client_for

Kind = AuditEvent.Kind
NEW = "a-new-horse-battery-staple"


def test_changing_ones_password_is_recorded(world: World) -> None:
    client = client_for(world.lead)
    response = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW,
                                                        "new_password2": NEW}, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302
    [event] = events(kind=Kind.PASSWORD_CHANGED)
    assert (event.user, event.subject, event.partnership, event.ip_address) == (
        world.lead, "", world.north, "198.51.100.4")
    assert NEW not in str(event.details) + event.path
    assert not events(kind=Kind.PASSWORD_RESET)


def test_a_refused_change_is_not_recorded(world: World) -> None:
    client_for(world.lead).post(reverse("password_change"), {"old_password": "wrong", "new_password1": NEW,
                                                             "new_password2": NEW})
    assert not events(kind=Kind.PASSWORD_CHANGED)


def test_a_password_set_through_a_reset_link_is_recorded(world: World) -> None:
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(world.member.pk))
    link = reverse("password_reset_confirm", kwargs={"uidb64": uid,
                                                     "token": default_token_generator.make_token(world.member)})
    form = client.get(link, follow=True)
    set_password = form.redirect_chain[-1][0]
    response = client.post(set_password, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    [event] = events(kind=Kind.PASSWORD_RESET)
    assert (event.user, event.username, event.subject, event.partnership) == (
        world.member, "mo-member", "", world.north)


def test_a_password_set_by_a_superuser_is_recorded_for_the_members_partnership(world: World) -> None:
    root = get_user_model().objects.create_superuser("root-admin", "root@example.org", PASSWORD)
    url = reverse("admin:auth_user_password_change", args=[world.lead.pk])
    response = client_for(root).post(url, {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    [event] = events(kind=Kind.PASSWORD_RESET)
    assert (event.user, event.username, event.subject, event.partnership) == (
        root, "root-admin", "len-lead", world.north)
    assert event.details == {"by": "another user"}


def test_saving_a_user_without_a_new_password_records_nothing(world: World) -> None:
    world.lead.first_name = "Len"
    world.lead.save()
    assert not events(kind__in=[Kind.PASSWORD_CHANGED, Kind.PASSWORD_RESET])
