"""run_schedule: the reporting calendar opens the round, reminds before and after the deadline and sends
the digest, each e-mail once however often it runs (twice at each of several dates here), through the
tasks framework; a locked quarter gets no reminder; a missed day sends only the latest reminder."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.tasks import default_task_backend
from django.utils import timezone

from actions.models import QuarterLock, Status, UpdateRound
from partnerships.models import GroupMember, Person, Role
from schedules.models import ReportingCalendar, ScheduledSend
from schedules.services import schedule_step_run
from tests.conftest import add_update, make_user


@pytest.fixture(autouse=True)
def portal_base_url(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"


@pytest.fixture
def calendar(world):
    """Q3 2009-10 ends 31 December 2009: the round opens 1 January 2010, deadline 22 January; reminders
    15 (7 before), 23 and 27 January (1 and 5 after); the digest 29 January."""
    make_user("hana-housing", world.north, Role.LEAD, agency=world.housing)
    return ReportingCalendar.objects.create(plan=world.plan, opens_days_after_quarter=1, deadline_days=21,
                                            reminders_before=[7], reminders_after=[1, 5], escalate_days_after=7,
                                            set_by=world.coordinator)


def run(day: str, capture) -> list[list[str]]:
    """run_schedule as of `day`, twice; the e-mails sent by both runs."""
    before = len(mail.outbox)
    for _ in range(2):
        with capture(execute=True):
            call_command("run_schedule", "--today", day, stdout=StringIO())
    return sorted(m.to for m in mail.outbox[before:])


def test_each_email_goes_once_at_each_date_however_often_it_runs(world, calendar,
                                                                 django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    assert run("2009-12-31", capture) == []
    assert run("2010-01-01", capture) == [["hana-housing@example.org"], ["len-lead@example.org"]]
    round_ = UpdateRound.objects.get()
    assert (round_.period.label, round_.due_on, round_.opened_by) == ("2009-10 Q3", dt.date(2010, 1, 22),
                                                                      world.coordinator)
    assert "https://portal.example.org/p/north/plan/" in mail.outbox[0].body
    assert run("2010-01-02", capture) == []
    add_update(world.police_action, 2009, 3, Status.ON_TRACK)  # len is in
    assert run("2010-01-15", capture) == [["hana-housing@example.org"]]
    assert "Reminder" in mail.outbox[-1].subject
    assert run("2010-01-23", capture) == [["hana-housing@example.org"]]
    assert run("2010-01-27", capture) == [["hana-housing@example.org"]]
    assert run("2010-01-28", capture) == []
    assert run("2010-01-29", capture) == [["carol-coordinator@example.org"]]
    digest = mail.outbox[-1]
    assert "1 update still outstanding for 2009-10 Q3" in digest.subject
    assert "hana-housing" in digest.body and "1.2" in digest.body
    assert f"https://portal.example.org/p/north/rounds/{round_.pk}/" in digest.body
    assert run("2010-02-20", capture) == []  # the quarter is history
    steps = dict(ScheduledSend.objects.values_list("step", "emails"))
    assert steps == {"open": 2, "before-7": 1, "after-1": 1, "after-5": 1, "escalate-7": 1}


def test_a_missed_run_sends_only_the_latest_reminder(world, calendar, django_capture_on_commit_callbacks):
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=3, opened_at=timezone.now())
    ScheduledSend.objects.create(plan=world.plan, year_start=2009, quarter=3, step="open", done_at=timezone.now(),
                                 outcome="sent")
    assert run("2010-01-24", django_capture_on_commit_callbacks) == [["hana-housing@example.org"],
                                                                     ["len-lead@example.org"]]
    outcomes = dict(ScheduledSend.objects.values_list("step", "outcome"))
    assert outcomes == {"open": "sent", "before-7": "skipped", "after-1": "sent"}


def test_a_locked_quarter_gets_no_reminder(world, calendar, django_capture_on_commit_callbacks):
    run("2010-01-01", django_capture_on_commit_callbacks)
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=3, locked_at=timezone.now())
    assert run("2010-01-15", django_capture_on_commit_callbacks) == []
    send = ScheduledSend.objects.get(step="before-7")
    assert send.outcome == "skipped" and "was issued to the groups" in send.note
    assert run("2010-01-29", django_capture_on_commit_callbacks) == []  # no digest either
    assert ScheduledSend.objects.get(step="escalate-7").outcome == "skipped"


def test_the_digest_goes_to_the_responsible_groups_chair_when_asked(world, calendar,
                                                                    django_capture_on_commit_callbacks):
    calendar.escalate_to_chairs = True
    calendar.save()
    chair = Person.objects.create(partnership=world.north, name="SIG Chair", email="chair@example.org")
    GroupMember.objects.create(group=world.sig, person=chair, role=GroupMember.Role.CHAIR)
    world.housing_action.responsibility_groups.add(world.sig)
    run("2010-01-01", django_capture_on_commit_callbacks)
    run("2010-01-27", django_capture_on_commit_callbacks)  # the reminders
    assert run("2010-01-29", django_capture_on_commit_callbacks) == [["carol-coordinator@example.org"],
                                                                     ["chair@example.org"]]


def test_a_coordinator_who_no_longer_runs_rounds_opens_nothing(world, calendar, django_capture_on_commit_callbacks):
    world.coordinator.memberships.update(role=Role.VIEWER)
    assert run("2010-01-01", django_capture_on_commit_callbacks) == []
    assert not UpdateRound.objects.exists()
    assert ScheduledSend.objects.get(step="open").outcome == "skipped"


def test_a_step_is_done_once_even_when_two_workers_run_it(world, calendar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = schedule_step_run(calendar_id=calendar.pk, year_start=2009, quarter=3, step_key="open")
        second = schedule_step_run(calendar_id=calendar.pk, year_start=2009, quarter=3, step_key="open")
    assert (first, second) == ("2 e-mails", "done already")
    assert len(mail.outbox) == 2
    with pytest.raises(IntegrityError), transaction.atomic():  # the constraint, not only the check, holds
        ScheduledSend.objects.create(plan=world.plan, year_start=2009, quarter=3, step="open",
                                     done_at=timezone.now(), outcome="sent")


def test_the_command_only_enqueues_tasks(world, calendar, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_schedule", "--today", "2010-01-01", stdout=out)
    assert "1 step queued for 01/01/2010." in out.getvalue()
    results = default_task_backend.results  # type: ignore[attr-defined]
    assert [r.task.name for r in results] == ["run_schedule_step"]
    assert results[0].args == [calendar.pk, 2009, 3, "open", False]
    assert not mail.outbox and not UpdateRound.objects.exists()


def test_a_bad_date_is_refused(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="write the day as YYYY-MM-DD"):
        call_command("run_schedule", "--today", "1/1/2010")
