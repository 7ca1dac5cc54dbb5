"""Issuing stores the PDF unchanged and locks the quarter; reopening is recorded and reported."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from actions.models import ActionPlan, QuarterLock, Status
from partnerships.periods import Quarter
from reports.gather import gather_return
from reports.models import IssuedReturn
from reports.services import quarter_lock, quarter_reopen, return_build, return_issue
from tests.conftest import add_update, make_action
from tests.reports.conftest import pdf_text

Q2, Q3 = Quarter(2009, 2), Quarter(2009, 3)


@pytest.fixture
def plan(world) -> ActionPlan:
    return ActionPlan.objects.select_related("strategy__partnership").get(pk=world.plan.pk)


def test_issue_stores_the_pdf_with_its_sha256_and_locks_the_quarter(world, plan):
    add_update(world.police_action, 2009, 2, Status.ON_TRACK, narrative="MARAC held monthly")

    issued = return_issue(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator, annex=True)

    stored = IssuedReturn.objects.get(pk=issued.pk)
    assert bytes(stored.pdf).startswith(b"%PDF")
    assert stored.sha256 == hashlib.sha256(bytes(stored.pdf)).hexdigest() and stored.size == len(bytes(stored.pdf))
    assert stored.issued_by == world.coordinator and stored.filename == "north-2009-10-q2-sig-return.pdf"
    assert "MARAC held monthly" in pdf_text(bytes(stored.pdf))
    assert "DRAFT" not in pdf_text(bytes(stored.pdf)) and "a draft: not issued" not in pdf_text(bytes(stored.pdf))
    lock = QuarterLock.objects.get(plan=plan, year_start=2009, quarter=2)
    assert lock.is_locked and lock.locked_by == world.coordinator


def test_a_draft_says_draft_on_every_page(world, plan):
    for n in range(60):  # enough for several pages
        make_action(plan, world.objective, f"2.{n}", world.police, description="A long action " * 30)

    built = return_build(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator)

    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(built.pdf)).pages]
    assert len(pages) > 2 and all("DRAFT" in page for page in pages)
    assert "a draft: not issued" in pages[0] and "by carol-coordinator" in pages[0]
    plan_page = next(n for n, page in enumerate(pages, 1) if "6. The action plan at a glance" in page)
    assert f"6 The action plan at a glance, page {plan_page}" in " ".join(pages[0].split())  # contents, page numbers


def test_issuing_the_same_group_and_quarter_twice_is_refused_until_reopened(world, plan):
    first = return_issue(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator)
    with pytest.raises(ValidationError, match="reopen the quarter"):
        return_issue(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator)

    quarter_reopen(plan=plan, quarter=Q2, user=world.coordinator, reason="Police figures corrected")
    second = return_issue(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator)

    assert second.pk != first.pk
    assert IssuedReturn.objects.get(pk=first.pk).sha256 == first.sha256  # the first is kept as it was


def test_reopen_needs_a_reason_and_a_locked_quarter(world, plan):
    with pytest.raises(ValidationError, match="not locked"):
        quarter_reopen(plan=plan, quarter=Q2, user=world.coordinator, reason="x")
    quarter_lock(plan=plan, quarter=Q2, user=world.coordinator)
    with pytest.raises(ValidationError, match="reason"):
        quarter_reopen(plan=plan, quarter=Q2, user=world.coordinator, reason="   ")
    lock = quarter_reopen(plan=plan, quarter=Q2, user=world.coordinator, reason="Late IDVA figures")
    assert lock.reopened_by == world.coordinator and lock.reopen_reason == "Late IDVA figures"


def test_locking_twice_keeps_one_lock(world, plan):
    first = quarter_lock(plan=plan, quarter=Q2, user=world.coordinator)
    assert quarter_lock(plan=plan, quarter=Q2, user=world.admin) == first
    assert QuarterLock.objects.filter(plan=plan).count() == 1


def test_next_return_lists_a_quarter_reopened_after_the_last_issued_return(world, plan):
    return_issue(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator)
    quarter_reopen(plan=plan, quarter=Q2, user=world.coordinator, reason="Housing figures were for the wrong area")

    data = gather_return(plan=plan, quarter=Q3, group=world.sig)

    assert [(r.quarter, r.reason) for r in data.reopenings] == [
        ("2009-10 Q2", "Housing figures were for the wrong area"),
    ]
    issued_q3 = return_issue(plan=plan, quarter=Q3, group=world.sig, user=world.coordinator)
    assert "Housing figures were for the wrong area" in pdf_text(bytes(issued_q3.pdf))
    # Reported once: the return after that no longer lists it.
    assert gather_return(plan=plan, quarter=Quarter(2009, 4), group=world.sig).reopenings == []


def test_a_quarter_outside_the_plan_year_is_refused(world, plan):
    with pytest.raises(ValidationError, match="not a quarter of the 2009-10 plan"):
        return_issue(plan=plan, quarter=Quarter(2010, 1), group=world.sig, user=world.coordinator)
