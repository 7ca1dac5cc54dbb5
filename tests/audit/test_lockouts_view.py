"""Unlocking a member: their user name, locked out through the real sign-in form, is listed for the
partnership's coordinators and admins, who unlock it (a POST, recorded in the audit log); the right
password then signs in. Another partnership's members are neither listed nor unlockable."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.audit.conftest import ADDRESS, events, sign_in
from tests.conftest import PASSWORD, World, client_for

LOCKOUTS = reverse("audit:lockouts", kwargs={"partnership": "north"})
UNLOCK = reverse("audit:unlock", kwargs={"partnership": "north"})


def lock_out(username: str, address: str = ADDRESS) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), username, f"wrong-{attempt}", address)
    assert sign_in(Client(), username, PASSWORD, address).status_code == 429


def test_coordinator_unlocks_a_locked_out_member_who_then_signs_in(world: World) -> None:
    lock_out(world.lead.username)
    coordinator = client_for(world.coordinator)
    page = coordinator.get(LOCKOUTS)
    assert [(lock.username, lock.ip_address) for lock in page.context["lockouts"]] == [("len-lead", ADDRESS)]
    assert "Unlock len-lead" in page.content.decode()

    response = coordinator.post(UNLOCK, {"username": "len-lead", "ip_address": ADDRESS}, follow=True)
    assert response.redirect_chain[-1][0] == LOCKOUTS
    assert "len-lead can sign in again from 203.0.113.7" in response.content.decode()
    assert not response.context["lockouts"]
    [event] = events(kind=AuditEvent.Kind.UNLOCKED)
    assert (event.user, event.username, event.subject, event.partnership) == (
        world.coordinator, "carol-coordinator", "len-lead", world.north)
    assert event.details["ip_address"] == ADDRESS

    assert sign_in(Client(), world.lead.username, PASSWORD).status_code == 302


def test_unlocking_one_address_leaves_the_other_locked(world: World) -> None:
    lock_out(world.lead.username, ADDRESS)
    lock_out(world.lead.username, "198.51.100.9")
    client_for(world.admin).post(UNLOCK, {"username": "len-lead", "ip_address": "198.51.100.9"})
    assert sign_in(Client(), world.lead.username, PASSWORD, "198.51.100.9").status_code == 302
    assert sign_in(Client(), world.lead.username, PASSWORD, ADDRESS).status_code == 429


def test_another_partnerships_member_is_not_listed_nor_unlocked(world: World) -> None:
    lock_out(world.outsider.username)
    coordinator = client_for(world.coordinator)
    assert not coordinator.get(LOCKOUTS).context["lockouts"]
    response = coordinator.post(UNLOCK, {"username": world.outsider.username, "ip_address": ADDRESS})
    assert response.status_code == 404
    assert AccessAttempt.objects.filter(username=world.outsider.username).exists()
    assert not events(kind=AuditEvent.Kind.UNLOCKED)
    # south's own coordinator sees and unlocks them
    south = reverse("audit:lockouts", kwargs={"partnership": "south"})
    assert [lock.username for lock in client_for(world.outsider).get(south).context["lockouts"]] == ["oscar-outsider"]


def test_a_coordinator_cannot_unlock_an_admin_or_staff_account(world: World) -> None:
    """Unlocking again and again would let a coordinator keep guessing a more privileged password."""
    lock_out(world.admin.username)
    coordinator = client_for(world.coordinator)
    response = coordinator.post(UNLOCK, {"username": world.admin.username, "ip_address": ADDRESS})
    assert response.status_code == 404
    assert sign_in(Client(), world.admin.username, PASSWORD).status_code == 429
    world.lead.is_staff = True
    world.lead.save()
    lock_out(world.lead.username)
    assert coordinator.post(UNLOCK, {"username": world.lead.username, "ip_address": ADDRESS}).status_code == 404
    assert client_for(world.admin).post(UNLOCK, {"username": world.lead.username,
                                                 "ip_address": ADDRESS}).status_code == 404
    assert not events(kind=AuditEvent.Kind.UNLOCKED)
    # another partnership admin may unlock an admin
    other_admin = get_user_model().objects.create_user("second-admin", password=PASSWORD)
    world.admin.memberships.first().__class__.objects.create(user=other_admin, partnership=world.north, role="admin")
    assert client_for(other_admin).post(UNLOCK, {"username": world.admin.username,
                                                 "ip_address": ADDRESS}).status_code == 302
    assert sign_in(Client(), world.admin.username, PASSWORD).status_code == 302


def test_a_name_nobody_has_is_not_listed(world: World) -> None:
    lock_out("len-lead2")
    assert not client_for(world.coordinator).get(LOCKOUTS).context["lockouts"]


def test_a_member_not_locked_out_is_said_so(world: World) -> None:
    response = client_for(world.coordinator).post(UNLOCK, {"username": "len-lead", "ip_address": ADDRESS},
                                                  follow=True)
    assert "len-lead is not locked out from 203.0.113.7 (any more)." in response.content.decode()
    assert not events(kind=AuditEvent.Kind.UNLOCKED)


def test_bad_input_is_refused_with_a_message(world: World) -> None:
    response = client_for(world.coordinator).post(UNLOCK, {"username": "len-lead", "ip_address": "not-an-ip"},
                                                  follow=True)
    assert "Choose a lockout on the list to unlock." in response.content.decode()


def test_leads_may_not_see_lockouts_and_get_cannot_unlock(world: World) -> None:
    assert client_for(world.lead).get(LOCKOUTS).status_code == 403
    assert client_for(world.coordinator).get(UNLOCK).status_code == 405


def test_a_superuser_unlocking_in_the_admin_site_is_recorded_for_the_members_partnership(world: World) -> None:
    lock_out(world.lead.username)
    attempt = AccessAttempt.objects.get(username=world.lead.username)
    root = get_user_model().objects.create_superuser("root-admin", "root@example.org", PASSWORD)
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client_for(root).post(url, {"post": "yes"}).status_code == 302
    [event] = events(kind=AuditEvent.Kind.UNLOCKED)
    assert (event.user, event.subject, event.partnership) == (root, "len-lead", world.north)
    assert event.details["ip_address"] == ADDRESS and event.details["in"] == "admin site"


def test_attempts_axes_clears_itself_are_not_unlocks(world: World) -> None:
    sign_in(Client(), world.lead.username, "wrong")
    assert sign_in(Client(), world.lead.username, PASSWORD).status_code == 302  # the count starts again
    assert not AccessAttempt.objects.filter(username=world.lead.username).exists()
    assert not events(kind=AuditEvent.Kind.UNLOCKED)
