"""Reports pages: who may preview, download and issue; POST-only state changes; stored bytes
streamed unchanged; another partnership's returns are 404."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from actions.models import QuarterLock
from partnerships.models import GroupMember, Person
from reports.models import IssuedReturn, ReturnBatch


def url(name: str, *args) -> str:
    return reverse(f"reports:{name}", args=["north", *args])


def choice(world, quarter: int = 2, group: str = "sig") -> dict:
    return {"period": f"{world.plan.pk}:{quarter}", "group": group}


@pytest.fixture
def issued(world) -> IssuedReturn:
    pdf = b"%PDF-1.7 stored bytes as issued"
    return IssuedReturn.objects.create(
        partnership=world.north, plan=world.plan, year_start=2009, quarter=1, group=world.sig, pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), filename="north-2009-10-q1-sig-return.pdf",
        issued_by=world.coordinator, issued_at="2009-07-10T10:00:00Z",
    )


@pytest.mark.parametrize("role, status", [
    ("admin", 200), ("coordinator", 200), ("lead", 200), ("member", 200), ("viewer", 200), ("outsider", 404),
])
def test_index_is_open_to_every_member_and_hidden_from_outsiders(client, world, role, status):
    client.force_login(world.user(role))
    assert client.get(url("index")).status_code == status


@pytest.mark.parametrize("role, status", [
    ("coordinator", 200), ("admin", 200), ("member", 200), ("lead", 403), ("viewer", 403), ("outsider", 404),
])
def test_preview_is_for_group_members_coordinators_and_admins(client, world, role, status):
    client.force_login(world.user(role))
    response = client.get(url("preview"), choice(world))
    assert response.status_code == status
    if status == 200:
        assert b"OFFICIAL-SENSITIVE" in response.content and b"Strategy Implementation Group" in response.content


def test_member_linked_through_person_user_may_preview(client, world):
    Person.objects.filter(name="Mo Member").update(user=world.lead)
    client.force_login(world.lead)
    assert client.get(url("preview"), choice(world)).status_code == 200


def test_draft_download_is_a_pdf_for_a_group_member(client, world):
    client.force_login(world.member)
    response = client.get(url("download"), choice(world))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "north-2009-10-q2-sig-draft.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("role, status", [("coordinator", 200), ("admin", 200), ("member", 404)])
def test_whole_partnership_preview_is_for_those_who_issue_returns(client, world, role, status):
    client.force_login(world.user(role))
    response = client.get(url("preview"), {"period": f"{world.plan.pk}:2", "group": ""})
    assert response.status_code == status
    if status == 200:
        assert b"The whole partnership" in response.content and b"all 2 actions" in response.content


def test_whole_partnership_return_is_not_issued(client, world):
    client.force_login(world.coordinator)
    client.post(url("issue"), {"period": f"{world.plan.pk}:2", "group": ""})
    assert not IssuedReturn.objects.exists() and not QuarterLock.objects.exists()


def test_group_of_another_partnership_is_not_found(client, world):
    from partnerships.models import Group

    Group.objects.create(partnership=world.south, slug="south-board", name="South board")
    client.force_login(world.coordinator)
    assert client.get(url("preview"), choice(world, group="south-board")).status_code == 404
    south_period = {"period": f"{world.south_action.plan_id}:1", "group": "sig"}
    assert client.get(url("download"), south_period).status_code == 404


def test_issued_return_is_streamed_unchanged(client, world, issued):
    client.force_login(world.member)
    response = client.get(url("issued", issued.pk))
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 stored bytes as issued"
    assert hashlib.sha256(response.content).hexdigest() == issued.sha256 == response["X-Content-SHA256"]


@pytest.mark.parametrize("role, status", [
    ("viewer", 200), ("member", 200), ("coordinator", 200), ("lead", 403), ("outsider", 404),
])
def test_issued_return_download_rights(client, world, issued, role, status):
    client.force_login(world.user(role))
    assert client.get(url("issued", issued.pk)).status_code == status


def test_issued_return_of_another_partnership_is_404(client, world, issued):
    client.force_login(world.outsider)
    assert client.get(reverse("reports:issued", args=["south", issued.pk])).status_code == 404


def test_index_lists_issued_returns_the_user_may_download(client, world, issued):
    client.force_login(world.viewer)
    assert b"north-2009-10-q1" not in client.get(url("index")).content  # file name is not shown, the link is
    assert url("issued", issued.pk).encode() in client.get(url("index")).content
    client.force_login(world.lead)
    assert url("issued", issued.pk).encode() not in client.get(url("index")).content


@pytest.mark.parametrize("name", ["issue", "reopen", "batch_start"])
def test_state_changes_refuse_get(client, world, name):
    client.force_login(world.coordinator)
    assert client.get(url(name), choice(world)).status_code == 405


@pytest.mark.parametrize("name", ["issue", "reopen", "batch_start"])
@pytest.mark.parametrize("role", ["member", "lead", "viewer"])
def test_only_coordinators_and_admins_issue_and_reopen(client, world, name, role):
    client.force_login(world.user(role))
    assert client.post(url(name), {**choice(world), "reason": "x"}).status_code == 403
    assert not IssuedReturn.objects.exists() and not QuarterLock.objects.exists()


def test_coordinator_issues_a_return_which_locks_the_quarter(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url("issue"), choice(world))
    # Queued, not laid out in the request: the page polls the batch of one group.
    batch = ReturnBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#batch-{batch.pk}")
    assert (batch.group, batch.total, batch.status) == (world.sig, 1, ReturnBatch.Status.QUEUED)
    assert not IssuedReturn.objects.exists() and len(queued) == 1
    queued[0]()  # the task runs (the immediate backend runs it at once)
    batch.refresh_from_db()
    assert (batch.status, batch.done) == (ReturnBatch.Status.DONE, 1)
    assert b"the return for Strategy Implementation Group" in client.get(url("batch_status", batch.pk)).content
    issued = IssuedReturn.objects.get()
    assert (issued.group, issued.quarter, issued.issued_by) == (world.sig, 2, world.coordinator)
    assert QuarterLock.objects.get(plan=world.plan, quarter=2).is_locked
    assert client.get(url("issued", issued.pk)).content == bytes(issued.pdf)


def test_reopen_requires_a_reason_and_is_recorded(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("issue"), choice(world))
    client.post(url("reopen"), {"period": f"{world.plan.pk}:2", "reason": "  "})
    assert QuarterLock.objects.get().is_locked
    client.post(url("reopen"), {"period": f"{world.plan.pk}:2", "reason": "Police figures corrected"})
    lock = QuarterLock.objects.get()
    assert not lock.is_locked and lock.reopened_by == world.coordinator
    assert lock.reopen_reason == "Police figures corrected"


def test_issue_all_groups_runs_as_a_task_and_reports_progress(client, world, django_capture_on_commit_callbacks):
    other = world.sig.__class__.objects.create(partnership=world.north, slug="dadg",
                                               name="Domestic Abuse Delivery Group")
    GroupMember.objects.create(group=other, person=Person.objects.get(name="Mo Member"))
    world.sig.__class__.objects.create(partnership=world.north, slug="empty", name="A group with no members")
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("batch_start"), {"period": f"{world.plan.pk}:3"})
    assert response.status_code == 302
    batch = ReturnBatch.objects.get()
    assert (batch.status, batch.done, batch.total) == (ReturnBatch.Status.DONE, 2, 2)
    assert sorted(IssuedReturn.objects.values_list("group__slug", flat=True)) == ["dadg", "sig"]
    progress = client.get(url("batch_status", batch.pk))
    assert b"2 of 2 groups" in progress.content and b"hx-trigger" not in progress.content


def test_progress_of_a_running_batch_polls_every_two_seconds(client, world):
    batch = ReturnBatch.objects.create(partnership=world.north, plan=world.plan, year_start=2009, quarter=3,
                                       requested_at="2009-12-01T10:00:00Z", total=3, done=1,
                                       status=ReturnBatch.Status.RUNNING)
    client.force_login(world.coordinator)
    content = client.get(url("batch_status", batch.pk)).content
    assert b'hx-trigger="every 2s"' in content and b"1 of 3 groups" in content


def test_issuing_an_issued_return_again_is_refused_at_once(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("issue"), choice(world))
    response = client.post(url("issue"), choice(world), follow=True)
    assert b"was already issued" in response.content
    assert ReturnBatch.objects.count() == 1 and IssuedReturn.objects.count() == 1
