"""An audit event is written once: it cannot be saved again, and the admin site only reads the log."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

import audit
from audit.models import AuditEvent
from tests.conftest import PASSWORD, World, client_for

Kind = AuditEvent.Kind


def test_an_event_cannot_be_changed(world: World) -> None:
    [event] = audit.record(Kind.MFA_RESET, user=world.admin, subject=world.lead)
    event.kind = Kind.SIGN_IN
    with pytest.raises(ValueError, match="not changed once recorded"):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).kind == Kind.MFA_RESET


def test_record_for_someone_elses_account_goes_to_their_partnerships(world: World) -> None:
    root = get_user_model().objects.create_superuser("root-admin", "root@example.org", PASSWORD)
    [event] = audit.record(Kind.MFA_RESET, user=root, subject=world.lead, details={"type": "totp"})
    assert (event.username, event.subject, event.partnership, event.ip_address) == (
        "root-admin", "len-lead", world.north, None)


def test_the_admin_site_reads_but_does_not_change_the_log(world: World) -> None:
    root = get_user_model().objects.create_superuser("root-admin", "root@example.org", PASSWORD)
    [event] = audit.record(Kind.SIGN_IN_FAILED, username="no-such-person")
    admin = client_for(root)
    listing = admin.get(reverse("admin:audit_auditevent_changelist"))
    assert listing.status_code == 200 and "no-such-person" in listing.content.decode()
    assert admin.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert admin.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    page = admin.get(reverse("admin:audit_auditevent_change", args=[event.pk])).content.decode()
    assert 'name="_save"' not in page  # read-only: no Save button
    assert AuditEvent.objects.filter(pk=event.pk).exists()
