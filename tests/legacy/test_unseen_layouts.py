"""Three layouts no test had seen (tests/data/legacy/unseen_*, made by make_unseen_layouts.py in the
shapes of published partnership plans), each imported with no --map: every value read right or
kept as written with a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actions.models import Action, ProgressUpdate
from legacy.services import legacy_import
from partnerships.models import Agency, Partnership

DATA = Path(__file__).resolve().parents[1] / "data" / "legacy"


@pytest.fixture
def seedland(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partnership = Partnership.objects.create(slug="seedland", name="Seedland")
    for name in ("Seedland Police", "Seedland Council", "Seedland Probation"):
        Agency.objects.create(partnership=partnership, name=name)
    return partnership


def _import(partnership, name: str):
    preview, _ = legacy_import(user=None, data=(DATA / name).read_bytes(), filename=name, partnership=partnership,
                               year_start=2024)
    assert preview.problems == []
    actions = {a.ref: a for a in Action.objects.filter(plan__strategy__partnership=partnership)
               .prefetch_related("lead_agencies")}
    return preview, actions


def _updates(partnership, ref: str) -> list[tuple[int, str, str]]:
    return list(ProgressUpdate.objects.filter(action__plan__strategy__partnership=partnership, action__ref=ref)
                .order_by("quarter").values_list("quarter", "status", "narrative"))


def test_a_vawg_action_plan_with_a_rag_and_an_update_per_quarter(seedland):
    preview, actions = _import(seedland, "unseen_vawg_quarterly_rag.xlsx")
    assert preview.layout == "mapped"
    assert set(actions) == {"1.1", "1.2", "2.1"}
    assert actions["1.1"].due_date == dt.date(2024, 12, 31)  # Q3 2024/25
    assert actions["1.2"].due_date == dt.date(2024, 6, 30)  # Apr-Jun 2024
    assert actions["2.1"].due_date == dt.date(2025, 3, 31)  # by end of March 2025
    assert _updates(seedland, "1.1") == [(1, "on_track", "Ten schools booked"), (2, "on_track", "Six schools done"),
                                         (3, "at_risk", "Two schools withdrew")]
    assert _updates(seedland, "1.2")[-1] == (2, "completed", "Campaign launched")
    assert actions["1.1"].status == "at_risk" and actions["1.2"].status == "completed"
    # "Amber/Red" is not guessed between: kept in the Q3 narrative, with a warning.
    assert _updates(seedland, "2.1")[-1] == (3, "on_track", "Re-tender under way\nQ3 RAG: Amber/Red")
    assert any("'Amber/Red' is not a status" in w.reason for w in preview.warnings)
    assert [a.name for a in actions["1.1"].lead_agencies.all()] == ["Seedland Council"]
    assert any("'education' matches no agency" in w.reason for w in preview.warnings)


def test_a_dhr_recommendations_tracker_in_windows_1252(seedland):
    preview, actions = _import(seedland, "unseen_dhr_tracker_cp1252.csv")
    assert preview.problems == []
    r1 = actions["R1"]
    assert r1.description == "Agencies should share risk assessments with the MARAC"  # no sub-action
    assert r1.status == "completed"
    assert r1.due_date == dt.date(2024, 6, 30)  # within three months of the plan year's start (flagged)
    assert ProgressUpdate.objects.get(action=r1).evidence == "MARAC minutes, June"
    # Two sub-actions under one recommendation; refs repeat in the file, so they are numbered.
    subs = sorted((a for a in actions.values() if a.objective.title.startswith("GPs")), key=lambda a: a.ref)
    assert [a.description for a in subs] == ["Train practice staff in routine enquiry",
                                             "Audit GP referrals to the IDVA service"]
    assert [a.ref for a in subs] == ["R2.1", "R2.2"]
    assert subs[1].status != "completed"  # Partially complete
    assert subs[1].due_date == dt.date(2025, 4, 30)  # Apr-25 as text
    assert "not imported: Cross Reference Point" not in [w.reason for w in preview.warnings]
    assert preview.unmapped == ["Cross Reference Point"]


def test_a_da_strategy_delivery_plan_with_strategy_years_and_costs_in_words(seedland):
    preview, actions = _import(seedland, "unseen_da_strategy.csv")
    a1, a2, a3 = actions["A1"], actions["A2"], actions["A3"]
    assert (a1.status, a1.cost, a1.resources) == ("not_started", None, "Nil – within existing resources")
    assert a1.due_date is None  # Year 1: the strategy's start is not known here, so no date is made up
    assert any("'Year 1' is not a date the portal can read" in w.reason for w in preview.warnings)
    assert (a2.cost, a2.due_date, a2.status) == (12000, dt.date(2024, 9, 30), "off_track")
    assert _updates(seedland, "A2") == [(1, "off_track", "Q1: At risk: chair post vacant")]  # the status column wins
    assert a3.status == "on_track" and a3.timescale == "TBC" and a3.due_date is None
