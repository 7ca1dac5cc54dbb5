"""Three layouts modelled on plans English partnerships have published
(tests/data/legacy/published_*, made by make_published_layouts.py), each imported with no --map:
every value read right, or kept as written with a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actions.models import Action, ActionPlan, ProgressUpdate, Strategy
from legacy.services import legacy_import
from partnerships.models import Agency, Partnership

DATA = Path(__file__).resolve().parents[1] / "data" / "legacy"


@pytest.fixture
def seedland(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partnership = Partnership.objects.create(slug="seedland", name="Seedland")
    for name, short in (("Seedland Police", ""), ("Seedland Council", ""), ("Seedland Integrated Care Board", "ICB"),
                        ("Public Protection Unit", "Public Protection")):
        Agency.objects.create(partnership=partnership, name=name, short_name=short)
    return partnership


def _import(partnership, name: str):
    preview, _ = legacy_import(user=None, data=(DATA / name).read_bytes(), filename=name, partnership=partnership,
                               year_start=2024)
    assert preview.problems == []
    assert preview.layout == "mapped"
    actions = {a.ref: a for a in Action.objects.filter(plan__strategy__partnership=partnership)
               .select_related("objective").prefetch_related("lead_agencies")}
    return preview, actions


def test_a_force_action_plan_with_coloured_rag_cells_and_a_colour_key(seedland):
    preview, actions = _import(seedland, "published_force_da_action_plan.xlsx")
    assert sorted(actions) == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    # The key row is no action and no header; its colours say what the blank coloured cells mean.
    assert not any(a.description.startswith(("Key", "Completed")) for a in actions.values())
    assert preview.status_words["(blue fill)"].keyed
    assert {ref: a.status for ref, a in actions.items()} == {
        "1.1": "completed", "1.2": "on_track", "2.1": "at_risk", "2.2": "off_track", "2.3": "not_started"}
    assert actions["2.3"].comments == "RAG: (purple fill)"  # a colour the key does not name: kept, warned
    assert any("'(purple fill)' is not a status" in w.reason for w in preview.warnings)
    assert actions["1.1"].due_date == dt.date(2024, 9, 30)  # an Excel month cell (Sep-24): the month's end
    assert actions["1.2"].due_date == dt.date(2025, 5, 31)  # Spring 2025
    assert actions["2.1"].due_date == dt.date(2025, 3, 31)  # 2024/25, the whole year
    assert actions["2.2"].due_date == dt.date(2025, 3, 31)  # End of March 2025
    assert actions["1.1"].objective.title.startswith("All staff are trained")
    assert actions["1.2"].objective_id == actions["1.1"].objective_id  # a blank objective carries down
    assert [a.name for a in actions["2.1"].lead_agencies.all()] == ["Public Protection Unit"]
    assert ProgressUpdate.objects.get(action=actions["1.1"]).quarter == 2  # "Q2: ..."


def test_the_home_office_dhr_action_plan_template(seedland):
    preview, actions = _import(seedland, "published_dhr_action_plan.csv")
    assert preview.unmapped == ["Scope of recommendation i.e. local or regional"]
    first, second, housing = actions["1.1"], actions["1.2"], actions["2.1"]
    assert first.objective.title.startswith("1. The partnership to assure itself")
    assert second.objective_id == first.objective_id  # two actions to one recommendation
    assert housing.description == "2. Housing to flag tenancies where abuse has been disclosed"  # no action given
    assert first.outputs == "Audit tool agreed with the practices"  # key milestones achieved
    assert first.status != "completed"  # "Not complete"
    assert second.status == "completed"
    assert second.due_date == dt.date(2024, 9, 30)  # within six months of the plan year's start, flagged
    assert any("'Within six months' is counted from the start of the plan year" in w.reason
               for w in preview.warnings)
    assert [a.name for a in first.lead_agencies.all()] == ["Seedland Integrated Care Board"]


def test_a_strategy_action_plan_with_strategy_years_and_seasons(seedland):
    strategy = Strategy.objects.create(partnership=seedland, slug="dasv", title="DASV Strategy 2024-2028",
                                       period_start=dt.date(2024, 4, 1), period_end=dt.date(2028, 3, 31))
    ActionPlan.objects.create(strategy=strategy, year_start=2024, title="Year 1")
    preview, actions = _import(seedland, "published_dasv_strategy_plan.csv")
    by_text = {a.description.split()[0] + " " + a.description.split()[1]: a for a in actions.values()}
    commission, ribbon = by_text["Commission healthy"], by_text["Run a"]
    assert commission.due_date == dt.date(2026, 3, 31) and commission.status == "not_started"  # Year 2
    assert ribbon.cadence == "annually" and ribbon.status == "completed"
    encompass = by_text["Offer Operation"]
    assert (encompass.due_date, encompass.status) == (dt.date(2024, 8, 31), "off_track")  # Summer 2024, Slipped:
    assert by_text["Extend the"].due_date == dt.date(2026, 3, 31)  # 2025/26
    court = by_text["Set up"]
    assert (court.due_date, court.status, court.timescale) == (dt.date(2024, 9, 30), "dropped", "6 months")
    # "Who" is matched to agencies as a lead is, and kept as written.
    assert [a.name for a in ribbon.lead_agencies.all()] == ["Seedland Council"]
    assert any("'police' matches no agency" in w.reason for w in preview.warnings)  # which police?
    assert ribbon.by_whom == "Seedland Council & Police"
    assert actions and all(a.objective.label == "Theme" for a in actions.values())
