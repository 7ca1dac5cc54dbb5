"""The return as a board pack: the action plan at a glance with the full plan as an optional annex,
tagged PDF (PDF/UA), an issued quarter's draft agreeing with the issued return, and the death-review
recommendations as they stood at the quarter's end."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actions.models import ActionPlan, Status
from partnerships.periods import Quarter
from reports.gather import gather_return
from reports.models import IssuedReturn
from reports.services import quarter_reopen, return_build, return_issue
from reviews.models import Recommendation
from tests.conftest import add_update, make_action
from tests.reports.conftest import pdf_text
from tests.reviews.factories import make_recommendation, make_review

Q2 = Quarter(2009, 2)


@pytest.fixture
def plan(world) -> ActionPlan:
    return ActionPlan.objects.select_related("strategy__partnership").get(pk=world.plan.pk)


def test_the_action_plan_is_one_line_per_action_and_the_full_text_only_in_the_annex(world, plan):
    action = make_action(plan, world.objective, "1.3", world.police,
                         description="MARAC held monthly\nSecond line of the action, only in full")
    add_update(action, 2009, 2, Status.ON_TRACK, narrative="Chairs trained in September")

    compact = pdf_text(return_build(plan=plan, quarter=Q2, group=None, user=None).pdf)
    annexed = pdf_text(return_build(plan=plan, quarter=Q2, group=None, user=None, annex=True).pdf)

    assert "6. The action plan at a glance" in compact and "1.3 MARAC held monthly" in compact
    assert "Second line of the action" not in compact and "Chairs trained in September" not in compact
    assert "Annex: the action plan in full" not in compact
    assert "Annex: the action plan in full" in annexed
    assert "Second line of the action, only in full" in annexed and "Chairs trained in September" in annexed


def test_the_pdf_is_tagged_pdf_ua_with_language_and_title(world, plan):
    pdf = return_build(plan=plan, quarter=Q2, group=world.sig, user=None).pdf

    reader = PdfReader(io.BytesIO(pdf))
    root: Any = reader.trailer["/Root"]  # pypdf's objects, read as the dictionaries they are
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == ("North Domestic Abuse Partnership: quarterly return 2009-10 Q2, "
                                     "Strategy Implementation Group")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    tree = root["/StructTreeRoot"].get_object()
    assert tree["/K"][0].get_object()["/S"] == "/Document" and len(tree["/K"][0].get_object()["/K"]) >= 1
    # The structure tree has content: headings and tables are tagged.
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and "1" in xmp.split("pdfuaid:part")[1][:5]


def _figures(pdf: bytes) -> str:
    """The return's text without what only a draft says (the mark, 'a draft: not issued')."""
    return re.sub(r"\s+", " ", pdf_text(pdf).replace(", a draft: not issued", "").replace("DRAFT", "")).strip()


def test_a_draft_of_an_issued_quarter_agrees_with_the_issued_return_until_the_quarter_is_reopened(world, plan):
    add_update(world.police_action, 2009, 2, Status.AT_RISK, narrative="Waiting for the venue",
               barriers="No venue yet")
    add_update(world.housing_action, 2009, 1, Status.ON_TRACK, narrative="Started")
    issued = return_issue(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator)
    issued_pdf = bytes(IssuedReturn.objects.get(pk=issued.pk).pdf)

    # Later quarters' progress changes nothing in the Q2 draft.
    add_update(world.police_action, 2009, 4, Status.COMPLETED, narrative="Done in Q4")
    add_update(world.housing_action, 2009, 3, Status.OFF_TRACK, narrative="Funding lost")
    draft = return_build(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator)
    assert "DRAFT" in pdf_text(draft.pdf) and "DRAFT" not in pdf_text(issued_pdf)
    assert _figures(draft.pdf) == _figures(issued_pdf)
    assert "Done in Q4" not in pdf_text(draft.pdf) and "Funding lost" not in pdf_text(draft.pdf)
    data = gather_return(plan=plan, quarter=Q2, group=world.sig)
    assert {c.status: c.now for c in data.headline.counts_now} == {"at_risk": 1, "on_track": 1}

    # Reopened and changed: the draft differs, and says why.
    quarter_reopen(plan=plan, quarter=Q2, user=world.coordinator, reason="Police update entered against Q3")
    add_update(world.police_action, 2009, 2, Status.ON_TRACK, narrative="Venue found after all")
    reopened = pdf_text(return_build(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator).pdf)
    assert "Quarters reopened since the last return" in reopened
    assert "Reason: Police update entered against Q3" in reopened, reopened
    data = gather_return(plan=plan, quarter=Q2, group=world.sig)
    assert {c.status: c.now for c in data.headline.counts_now} == {"on_track": 2}
    assert _figures(issued_pdf) != re.sub(r"\s+", " ", reopened.replace(", a draft: not issued", "")
                                          .replace("DRAFT", "")).strip()


def _at(record_dates: dict[Recommendation, dt.datetime]) -> None:
    """Move each recommendation's history to the given moment (as if it had been recorded then)."""
    for recommendation, when in record_dates.items():
        recommendation.history.all().update(history_date=when)


def test_recommendations_as_at_the_quarters_end_by_agency_without_the_pseudonym(world, plan):
    review = make_review(world.north, reference="DHR 2009/01", pseudonym="Jasmine")
    overdue = make_recommendation(review, "1", agency=world.police, text="Train call handlers\nin DASH",
                                  lead="DCI Public Protection", target_date=dt.date(2009, 8, 31))
    open_one = make_recommendation(review, "2", agency=world.housing, text="Review the allocation policy",
                                   target_date=dt.date(2010, 3, 31))
    closed = make_recommendation(review, "3", addressed_to="Home Office", text="Update the statutory guidance")
    later = make_recommendation(review, "4", agency=world.police, text="Added in Q3")
    in_q1 = timezone.make_aware(dt.datetime(2009, 5, 1, 12))
    _at({overdue: in_q1, open_one: in_q1, closed: in_q1, later: timezone.make_aware(dt.datetime(2009, 11, 1))})
    # Closed during Q2, reopened in Q4: the Q2 return reads it closed.
    closed.status, closed.accepted_on = Recommendation.Status.COMPLETED, dt.date(2009, 9, 1)
    closed.save()
    closed.history.filter(status="completed").update(history_date=timezone.make_aware(dt.datetime(2009, 9, 1, 9)))
    closed.status, closed.accepted_on = Recommendation.Status.IN_PROGRESS, None
    closed.save()

    data = gather_return(plan=plan, quarter=Q2, group=None)
    rec = data.recommendations
    assert rec is not None
    assert [(x.ref, x.addressed_to, x.status) for x in rec.overdue] == [("1", "North Police", "Open")]
    assert [(x.ref, x.addressed_to) for x in rec.open] == [("2", "North Housing")]
    assert [(x.ref, x.addressed_to, x.status) for x in rec.closed] == [("3", "Home Office", "Completed")]
    assert rec.by_agency() == [("Home Office", 0, 0, 1), ("North Housing", 0, 1, 0), ("North Police", 1, 0, 0)]
    text = pdf_text(return_build(plan=plan, quarter=Q2, group=None, user=None).pdf)
    section = text.split("5. Death review recommendations")[1].split("6. The action plan")[0]
    assert "1 overdue, 1 open and not overdue, 1 closed in 2009-10 Q2" in section
    assert "DHR 2009/01" in section and "Train call handlers" in section and "in DASH" not in section
    assert "DCI Public Protection" in section and "31/08/2009" in section
    assert "Added in Q3" not in text
    assert "Jasmine" not in text


def test_recommendations_are_one_line_when_there_are_none_and_in_a_groups_return(world, plan):
    whole = pdf_text(return_build(plan=plan, quarter=Q2, group=None, user=None).pdf)
    assert "No death review recommendation was open at the end of 2009-10 Q2 or closed during it." in whole

    review = make_review(world.north, pseudonym="Jasmine")
    make_recommendation(review, "1", agency=world.police, text="Train call handlers")
    group = pdf_text(return_build(plan=plan, quarter=Q2, group=world.sig, user=None).pdf)
    assert "Death review recommendations are reported in the whole partnership's return" in group
    assert "Train call handlers" not in group and "Jasmine" not in group


def test_the_draft_download_with_the_annex_is_its_own_draft(client, world):
    client.force_login(world.member)
    query = {"period": f"{world.plan.pk}:2", "group": world.sig.slug}
    plain = client.get(reverse("reports:download", args=[world.north.slug]), query)
    annexed = client.get(reverse("reports:download", args=[world.north.slug]), {**query, "annex": "on"})
    assert plain.status_code == annexed.status_code == 200
    assert "Annex: the action plan in full" not in pdf_text(plain.content)
    assert "Annex: the action plan in full" in pdf_text(annexed.content)


def test_the_command_adds_the_annex_when_asked(world, tmp_path):
    out = io.StringIO()
    call_command("quarterly_return", "north", "2009-10 Q2", "--annex", "-o", str(tmp_path / "r.pdf"), stdout=out)
    assert "Annex: the action plan in full" in pdf_text((tmp_path / "r.pdf").read_bytes())
