"""The audit log page: a partnership admin reads their partnership's events, newest first, a page at a
time, filtered by kind of event and user name; another partnership's events never appear; the page asks
the database a fixed number of times however many events there are."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.views import EVENTS_PER_PAGE
from partnerships.models import Partnership
from tests.conftest import World, client_for

Kind = AuditEvent.Kind
URL = reverse("audit:log", kwargs={"partnership": "north"})


def signed_in_admin(world: World) -> Client:
    """The admin's client, their own sign-in (recorded like any other) taken out of the log."""
    client = client_for(world.admin)
    AuditEvent.objects.filter(kind=Kind.SIGN_IN, user=world.admin).delete()
    return client


def add_events(partnership: Partnership, n: int, kind: str = Kind.SIGN_IN, username: str = "len-lead",
               start: int = 0) -> None:
    base = timezone.now() - dt.timedelta(days=1)
    AuditEvent.objects.bulk_create([
        AuditEvent(partnership=partnership, kind=kind, username=username, ip_address="203.0.113.7",
                   at=base + dt.timedelta(minutes=start + i), details={"n": start + i})
        for i in range(n)
    ])


def test_admin_reads_own_partnerships_events_only(world: World) -> None:
    add_events(world.north, 1, username="north-person")
    add_events(world.south, 1, username="south-person")
    page = signed_in_admin(world).get(URL).content.decode()
    assert "north-person" in page and "203.0.113.7" in page
    assert "south-person" not in page


def test_newest_first_and_paginated(world: World) -> None:
    client = signed_in_admin(world)
    add_events(world.north, EVENTS_PER_PAGE + 5)
    first = client.get(URL)
    rows = list(first.context["page"].object_list)
    assert len(rows) == EVENTS_PER_PAGE
    assert rows[0].details["n"] == EVENTS_PER_PAGE + 4 and rows == sorted(rows, key=lambda e: e.at, reverse=True)
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert [e.details["n"] for e in second.context["page"].object_list] == [4, 3, 2, 1, 0]


def test_filter_by_kind_and_user_name(world: World) -> None:
    add_events(world.north, 2, Kind.SIGN_IN, "len-lead")
    add_events(world.north, 3, Kind.SIGN_IN_FAILED, "len-lead", start=10)
    add_events(world.north, 4, Kind.SIGN_IN_FAILED, "mo-member", start=20)
    client = signed_in_admin(world)

    def shown(**query: str) -> list[tuple[str, str]]:
        return [(e.kind, e.username) for e in client.get(URL, query).context["page"].object_list]

    assert len(shown()) == 9
    assert {name for _, name in shown(kind=Kind.SIGN_IN_FAILED)} == {"len-lead", "mo-member"}
    assert len(shown(kind=Kind.SIGN_IN_FAILED)) == 7
    assert shown(kind=Kind.SIGN_IN_FAILED, user="LEN") == [(Kind.SIGN_IN_FAILED, "len-lead")] * 3
    # the filter is kept on the next page's link
    add_events(world.north, EVENTS_PER_PAGE, Kind.SIGN_IN_FAILED, "mo-member", start=100)
    page = client.get(URL, {"kind": Kind.SIGN_IN_FAILED, "user": "mo"}).content.decode()
    assert "?kind=sign_in_failed&amp;user=mo&amp;page=2" in page


def test_unlocks_are_found_under_the_member_unlocked(world: World) -> None:
    AuditEvent.objects.create(partnership=world.north, kind=Kind.UNLOCKED, username="carol-coordinator",
                              subject="len-lead")
    shown = client_for(world.admin).get(URL, {"user": "len-lead"}).context["page"].object_list
    assert [(e.kind, e.username, e.subject) for e in shown] == [(Kind.UNLOCKED, "carol-coordinator", "len-lead")]


def test_an_unknown_kind_shows_the_error_and_every_event(world: World) -> None:
    add_events(world.north, 2)
    response = signed_in_admin(world).get(URL, {"kind": "nonsense"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert len(response.context["page"].object_list) == 2


def test_coordinator_is_refused_and_another_partnership_is_not_found(world: World) -> None:
    assert client_for(world.coordinator).get(URL).status_code == 403
    assert client_for(world.admin).get(reverse("audit:log", kwargs={"partnership": "south"})).status_code == 404


def test_admins_nav_links_to_the_log_and_coordinators_to_the_lockouts(world: World) -> None:
    home = reverse("actions:dashboard", kwargs={"partnership": "north"})
    assert f'href="{URL}"' in client_for(world.admin).get(home).content.decode()
    page = client_for(world.coordinator).get(home).content.decode()
    lockouts = reverse("audit:lockouts", kwargs={"partnership": "north"})
    assert f'href="{lockouts}"' in page and f'href="{URL}"' not in page


def queries(client_url: str, world: World) -> int:
    client = client_for(world.admin)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(client_url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_events(world: World) -> None:
    add_events(world.north, 3)
    few = queries(URL, world)
    add_events(world.north, EVENTS_PER_PAGE * 3, Kind.EXPORT, start=10)
    assert queries(URL, world) == few
    assert queries(URL + "?kind=export&user=len", world) == few
