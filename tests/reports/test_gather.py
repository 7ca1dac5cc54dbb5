"""gather_return: one quarter's facts, in a number of queries that does not grow with the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action, ActionPlan, Status
from indicators.models import Indicator, Target, Value
from partnerships.periods import Quarter
from reports.gather import gather_return
from reports.models import IssuedReturn
from tests.conftest import add_update, make_action

Q3 = Quarter(2009, 3)


def _plan(world) -> ActionPlan:
    return ActionPlan.objects.select_related("strategy__partnership").get(pk=world.plan.pk)


def test_status_is_as_at_quarter_end_with_change_since_previous_quarter(world):
    add_update(world.police_action, 2009, 2, Status.ON_TRACK)
    add_update(world.police_action, 2009, 3, Status.OFF_TRACK, barriers="Barrier - unclear status of DARO")
    add_update(world.housing_action, 2009, 2, Status.COMPLETED)
    add_update(world.housing_action, 2009, 4, Status.DROPPED)  # after Q3: not counted

    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)

    cells = {c.status: c for c in data.summary[0].cells}
    assert cells[Status.OFF_TRACK].now == 1 and cells[Status.OFF_TRACK].change == 1
    assert cells[Status.ON_TRACK].now == 0 and cells[Status.ON_TRACK].change == -1
    assert cells[Status.COMPLETED].now == 1 and cells[Status.COMPLETED].change == 0
    assert cells[Status.DROPPED].now == 0
    assert data.summary[0].heading == "Objective 1"


def test_exceptions_list_overdue_at_risk_off_track_with_lead_barriers_and_latest_update(world):
    add_update(world.police_action, 2009, 3, Status.OFF_TRACK, narrative="Waiting for the DARO decision",
               barriers="Barrier - unclear status of DARO")
    add_update(world.housing_action, 2009, 3, Status.COMPLETED)

    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)

    assert [e.action.ref for e in data.exceptions] == ["1.1"]
    exception = data.exceptions[0]
    assert exception.reasons == ["Overdue (due 30/09/2009)", "Off track"]
    assert exception.action.lead == "North Police"
    assert exception.action.latest.barriers == "Barrier - unclear status of DARO"
    assert exception.action.latest.narrative == "Waiting for the DARO decision"


def test_actions_without_an_update_for_two_quarters_are_listed(world):
    add_update(world.police_action, 2009, 1, Status.ON_TRACK)
    add_update(world.housing_action, 2009, 2, Status.ON_TRACK)

    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)

    assert [a.ref for a in data.stale] == ["1.1"]
    assert data.stale[0].last_update_period == "2009-10 Q1"


def test_timescale_pushed_back_since_the_last_issued_return_shows_old_and_new_date(world):
    IssuedReturn.objects.create(
        partnership=world.north, plan=world.plan, year_start=2009, quarter=2, group=world.sig, pdf=b"%PDF",
        sha256="0" * 64, size=4, filename="x.pdf", issued_at=timezone.now(),
    )
    action = Action.objects.get(pk=world.police_action.pk)
    action.set_timescale("March 2010")
    action.save()
    brought_forward = Action.objects.get(pk=world.housing_action.pk)
    brought_forward.set_timescale("August 2009")
    brought_forward.save()

    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)

    assert [(p.action.ref, p.old_date, p.new_date) for p in data.pushed_back] == [
        ("1.1", dt.date(2009, 9, 30), dt.date(2010, 3, 31)),
    ]
    assert "2009-10 Q2 return issued on" in data.pushed_back_since


def test_area_group_sees_only_its_area_and_wide_group_sees_all_areas(world, south_town, area_group):
    indicator = Indicator.objects.create(partnership=world.north, code="NI 32", name="Repeat MARAC cases",
                                         unit=Indicator.Unit.PERCENT, polarity=Indicator.Polarity.LOWER)
    Target.objects.create(indicator=indicator, year_start=2009, value=Decimal(31))
    Value.objects.create(indicator=indicator, area=world.area, year_start=2009, quarter=3, value=Decimal(19))
    Value.objects.create(indicator=indicator, area=world.area, year_start=2009, quarter=2, value=Decimal(25))
    Value.objects.create(indicator=indicator, area=south_town, year_start=2009, quarter=3, value=Decimal(33))

    local = gather_return(plan=_plan(world), quarter=Q3, group=area_group)
    wide = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)

    [block] = local.indicators
    assert [(f.area, f.value_text, f.target_text, f.met, f.direction) for f in block.figures] == [
        ("North Town", "19%", "31%", True, "improving"),
    ]
    assert local.areas == ["North Town"] and local.cover.chair == "Chris Chair, Head of Community Safety"
    assert [(f.area, f.value_text, f.met) for f in wide.indicators[0].figures] == [
        ("North Town", "19%", True), ("South Town", "33%", False),
    ]
    trend = [p.value for p in block.figures[0].trend]
    assert trend[-2:] == [Decimal(25), Decimal(19)] and len(trend) == 8


def _count_queries(world) -> int:
    plan = _plan(world)
    with CaptureQueriesContext(connection) as ctx:
        gather_return(plan=plan, quarter=Q3, group=world.sig)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_plan(world, django_assert_max_num_queries):
    add_update(world.police_action, 2009, 3, Status.AT_RISK)
    small = _count_queries(world)
    for n in range(150):
        action = make_action(world.plan, world.objective, f"9.{n}", world.police if n % 2 else world.housing)
        add_update(action, 2009, 2, Status.ON_TRACK)
        add_update(action, 2009, 3, Status.OFF_TRACK if n % 5 == 0 else Status.ON_TRACK, barriers="b")
        if n % 7 == 0:
            action.set_timescale("December 2010")
            action.save()
    large = _count_queries(world)
    assert large == small
    with django_assert_max_num_queries(20):
        data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    assert data.action_count == 152
