"""An export from the admin site is written to the audit log of each partnership whose rows it held (the change
list's filter, or the rows selected for "Export selected"), not to every partnership of whoever downloaded it;
an export of rows of no partnership goes, as before, to the downloader's partnerships."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from partnerships.models import Agency, Membership, Role
from tests.conftest import World, client_for, make_user

Kind = AuditEvent.Kind
AGENCY_FIELDS = {f"agencyresource_{name}": "on" for name in ("partnership", "name", "short_name", "kind")}


@pytest.fixture
def two_partnership_admin(world: World) -> Any:
    """A partnership admin of north and south (staff: the admin site is theirs)."""
    user = make_user("pat-admin", world.north, Role.ADMIN)
    Membership.objects.create(user=user, partnership=world.south, role=Role.ADMIN)
    user.is_staff = True
    user.save()
    Agency.objects.create(partnership=world.south, name="South Probation", kind=Agency.Kind.PROBATION)
    return user


def export(client: Client, url: str, **extra: Any) -> list[AuditEvent]:
    page = client.get(url).content.decode()
    index = re.search(r'<option value="(\d+)">csv</option>', page).group(1)
    response = client.post(url, {"format": index, "resource": "0", **AGENCY_FIELDS, **extra})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    events = list(AuditEvent.objects.filter(kind=Kind.EXPORT).order_by("partnership_id"))
    for event in events:
        assert event.details["view"] == "admin:partnerships_agency_export"
    return events


def test_an_export_filtered_to_one_partnership_is_logged_to_that_partnership_only(
        world: World, two_partnership_admin: Any) -> None:
    url = reverse("admin:partnerships_agency_export") + f"?partnership__id__exact={world.south.pk}"
    events = export(client_for(two_partnership_admin), url)
    assert [e.partnership for e in events] == [world.south]
    assert events[0].user == two_partnership_admin and events[0].details["partnerships_of"] == "exported rows"


def test_the_selected_rows_decide_and_an_export_of_both_is_in_both_logs(world: World,
                                                                        two_partnership_admin: Any) -> None:
    client = client_for(two_partnership_admin)
    url = reverse("admin:partnerships_agency_export")
    events = export(client, url, export_items=[str(world.police.pk)])
    assert [e.partnership for e in events] == [world.north]
    AuditEvent.objects.filter(kind=Kind.EXPORT).delete()
    assert [e.partnership for e in export(client, url)] == [world.north, world.south]


def test_a_superuser_in_no_partnership_export_is_in_the_rows_partnership_log(world: World) -> None:
    root = get_user_model().objects.create_superuser("root-admin", "root@example.org", "pw")
    url = reverse("admin:partnerships_agency_export") + f"?partnership__id__exact={world.north.pk}"
    events = export(client_for(root), url)
    assert [e.partnership for e in events] == [world.north]  # before: nobody's partnership, superusers only
