"""Timescales and costs as trackers write them: read where the portal can, otherwise kept as
written with a warning on the preview, never a refusal and never a guess."""

from __future__ import annotations

import datetime as dt

from legacy.layouts import Context, mapped
from legacy.services import legacy_import
from tests.legacy.layouts import tables


def _parse(*rows: list[str], strategy_start: dt.date | None = None, headers: list[str] | None = None):
    return mapped.parse(tables(headers or ["Ref", "Action", "Timescale"], *rows),
                        Context(year_start=2024, strategy_start=strategy_start))


def test_period_forms_are_read_without_a_warning():
    parsed = _parse(["1", "Run it", "Q3 2024/25"], ["2", "Train", "Apr-Jun 2024"], ["3", "Audit", "Apr-21"],
                    ["4", "Review", "by end of March 2025"], ["5", "Report", "30/09/2024"], ["6", "Plan", "TBC"])
    assert parsed.problems == [] and parsed.warnings == []
    assert [a.text["timescale"] for a in parsed.actions][:3] == ["Q3 2024/25", "Apr-Jun 2024", "Apr-21"]


def test_a_relative_timescale_is_counted_from_the_plan_year_and_flagged():
    parsed = _parse(["1", "Run it", "6 months"], ["2", "Train", "Within three months"])
    assert parsed.problems == []
    assert [a.due_date for a in parsed.actions] == [dt.date(2024, 9, 30), dt.date(2024, 6, 30)]
    assert [(w.row, w.column) for w in parsed.warnings] == [(2, "Timescale"), (3, "Timescale")]
    assert "'6 months' is counted from the start of the plan year: due 30/09/2024" in parsed.warnings[0].reason


def test_year_n_of_the_strategy_needs_the_strategy():
    with_strategy = _parse(["1", "Run it", "Year 2"], strategy_start=dt.date(2023, 4, 1))
    assert with_strategy.actions[0].due_date == dt.date(2025, 3, 31)
    assert "counted from the strategy's start" in with_strategy.warnings[0].reason
    without = _parse(["1", "Run it", "Year 2"])
    assert without.problems == [] and without.actions[0].due_date is None
    assert "not a date the portal can read: kept as written" in without.warnings[0].reason


def test_an_unreadable_timescale_is_kept_with_a_warning_not_refused():
    parsed = _parse(["1", "Run it", "31/02/2009"], ["2", "Train", "when funding allows"])
    assert parsed.problems == []
    assert [a.text["timescale"] for a in parsed.actions] == ["31/02/2009", "when funding allows"]
    assert [w.row for w in parsed.warnings] == [2, 3]


def test_a_cost_in_words_stays_in_the_resources():
    parsed = _parse(["1", "Run it", "Nil – within existing resources"], headers=["Ref", "Action", "Cost"])
    assert parsed.problems == []
    assert parsed.actions[0].cost is None
    assert parsed.actions[0].text["resources"] == "Nil – within existing resources"
    assert "kept in the resources" in parsed.warnings[0].reason


def test_a_negative_cost_is_still_refused():
    assert _parse(["1", "Run it", "-500"], headers=["Ref", "Action", "Cost"]).problems


def test_imported_due_dates(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = ("Ref,Objective,Action,Timescale,Cost\n"
            "1.1,Safety,Run the MARAC,Q3 2009/10,\n"
            "1.2,Safety,Train staff,6 months,Nil – within existing resources\n"
            "1.3,Safety,Audit,when funding allows,\n").encode()
    preview, _ = legacy_import(user=None, data=data, filename="t.csv", partnership=world.north, year_start=2009)
    assert preview.problems == [] and len(preview.warnings) == 3
    actions = {a.ref: a for a in world.plan.actions.all()}
    assert actions["1.1"].due_date == dt.date(2009, 12, 31)
    assert actions["1.2"].due_date == dt.date(2009, 9, 30)
    assert actions["1.2"].resources == "Nil – within existing resources" and actions["1.2"].cost is None
    assert (actions["1.3"].timescale, actions["1.3"].due_date) == ("when funding allows", None)
