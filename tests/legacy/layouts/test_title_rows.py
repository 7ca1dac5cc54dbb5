"""A title row above the header gives the plan its title and, when it names several years, the
strategy's period ("Year 2" counted from it); tables made in the test."""

from __future__ import annotations

import datetime as dt

import pytest

from actions.models import ActionPlan
from legacy.layouts import mapped
from legacy.layouts.protocol import Context
from legacy.readers import Table, TableRow
from legacy.services import legacy_import


def _table(*rows: list[str]) -> list[Table]:
    return [Table("Plan", [TableRow(i, list(r)) for i, r in enumerate(rows, start=1)])]


def test_the_title_row_names_the_plan_and_the_strategys_years():
    parsed = mapped.parse(_table(["Seedshire VAWG Action Plan 2024-2028"], ["Action", "Timescale"],
                                 ["Train GPs", "Year 2"]), Context(2024))
    assert parsed.plan_title == "Seedshire VAWG Action Plan 2024-2028"
    assert parsed.strategy_years == (2024, 2028)
    assert parsed.actions[0].due_date == dt.date(2026, 3, 31)  # Year 2 of the strategy the title names
    assert [a.description for a in parsed.actions] == ["Train GPs"]  # the title is no action


@pytest.mark.parametrize(("title", "years"), [("Action plan 2024/25", None), ("DA Strategy 2022 – 2027", (2022, 2027)),
                                              ("Plan 2021-24", (2021, 2024)), ("Delivery plan", None)])
def test_one_financial_year_is_no_strategy_period(title, years):
    parsed = mapped.parse(_table([title], ["Action", "Lead"], ["Train GPs", "Police"]), Context(2024))
    assert parsed.plan_title == title and parsed.strategy_years == years


def test_an_import_making_the_plan_gives_it_the_title_and_the_strategy_the_years(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = b"Seedshire DA Strategy 2026-2029\nRef,Action\n1,Train GPs\n"
    legacy_import(user=None, data=data, filename="p.csv", partnership=world.north, year_start=2027)
    plan = ActionPlan.objects.select_related("strategy").get(strategy__partnership=world.north, year_start=2027)
    assert plan.title == "Seedshire DA Strategy 2026-2029"
    assert (plan.strategy.period_start, plan.strategy.period_end) == (dt.date(2026, 4, 1), dt.date(2029, 3, 31))
