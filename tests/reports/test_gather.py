"""gather_return: one quarter's facts, in a number of queries that does not grow with the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action, ActionPlan, Status, YearEndReview
from indicators.models import Indicator, Target, Value
from partnerships.models import Group, Meeting
from partnerships.periods import Quarter
from reports.gather import gather_return
from reports.gather.plan import NO_UPDATE
from reports.models import IssuedReturn
from reports.render import render_html
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
    assert Status.DROPPED not in cells  # no action had it at either quarter's end: no column
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


def _backdate_history(when: dt.datetime) -> None:
    """Move every history record of the plan recorded so far to `when` (as if entered then)."""
    ActionPlan.history.filter(history_date__gt=when).update(history_date=when)
    Action.history.filter(history_date__gt=when).update(history_date=when)


def test_timescale_pushed_back_since_the_last_issued_return_shows_old_and_new_date(world):
    _backdate_history(timezone.make_aware(dt.datetime(2009, 4, 1, 9)))
    issued_at = timezone.make_aware(dt.datetime(2009, 10, 10, 9))
    IssuedReturn.objects.create(
        partnership=world.north, plan=world.plan, year_start=2009, quarter=2, group=world.sig, pdf=b"%PDF",
        sha256="0" * 64, size=4, filename="x.pdf", issued_at=issued_at,
    )
    action = Action.objects.get(pk=world.police_action.pk)
    action.set_timescale("March 2010")
    action.save()
    brought_forward = Action.objects.get(pk=world.housing_action.pk)
    brought_forward.set_timescale("August 2009")
    brought_forward.save()
    Action.history.filter(history_date__gt=issued_at).update(history_date=issued_at + dt.timedelta(days=30))

    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)

    assert [(p.action.ref, p.old_date, p.new_date) for p in data.pushed_back] == [
        ("1.1", dt.date(2009, 9, 30), dt.date(2010, 3, 31)),
    ]
    assert "2009-10 Q2 return issued on" in data.pushed_back_since


def _figures(data) -> dict:
    """What a return says about the plan, every figure and line of it."""
    return {
        "summary": [[(c.status, c.now, c.before) for c in row.cells] for row in [*data.summary, data.summary_total]],
        "lines": [(a.ref, a.description, a.timescale, a.due_date, a.status_label, a.latest)
                  for s in data.plan for a in s.actions],
        "exceptions": [(e.action.ref, e.reasons) for e in data.exceptions],
        "stale": [a.ref for a in data.stale], "pushed_back": data.pushed_back, "count": data.action_count,
    }


def test_a_quarter_reads_the_same_after_later_updates_and_edits(world):
    """Rendering Q2 again after a Q4 update, a new status, a new timescale and a new action gives the
    same figures and text: every figure is as it stood at the end of Q2."""
    _backdate_history(timezone.make_aware(dt.datetime(2009, 4, 1, 9)))
    add_update(world.police_action, 2009, 1, Status.ON_TRACK, narrative="Started")
    add_update(world.police_action, 2009, 2, Status.AT_RISK, narrative="Pilot slipped", barriers="No venue")
    Q2 = Quarter(2009, 2)
    before = gather_return(plan=_plan(world), quarter=Q2, group=world.sig)
    pdf_before = render_html(before)

    add_update(world.police_action, 2009, 4, Status.COMPLETED, narrative="Done")
    add_update(world.housing_action, 2009, 4, Status.DROPPED)
    action = Action.objects.get(pk=world.police_action.pk)
    action.set_timescale("March 2011")
    action.description = "Reworded later"
    action.save()
    make_action(world.plan, world.objective, "1.3", world.police)
    assert Action.objects.get(pk=world.police_action.pk).status == Status.COMPLETED

    after = gather_return(plan=_plan(world), quarter=Q2, group=world.sig)

    assert _figures(after) == _figures(before)
    assert render_html(after) == pdf_before
    lines = {a.ref: a for s in after.plan for a in s.actions}
    assert lines.keys() == {"1.1", "1.2"}
    assert (lines["1.1"].status_label, lines["1.1"].timescale) == ("At risk", "September 2009")
    assert lines["1.2"].status_label == "No update yet"
    total = {c.status: c for c in after.summary_total.cells}
    assert (total[Status.AT_RISK].now, total[Status.AT_RISK].change) == (1, 1)
    assert (total[Status.ON_TRACK].now, total[Status.ON_TRACK].change) == (0, -1)
    assert total[NO_UPDATE].now == 1 and Status.COMPLETED not in total


def test_an_action_with_no_update_yet_says_so_whatever_its_status_now(world):
    Action.objects.filter(pk=world.police_action.pk).update(status=Status.ON_TRACK)  # e.g. set on import
    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    total = {c.status: c.now for c in data.summary_total.cells}
    assert total[NO_UPDATE] == 2 and Status.ON_TRACK not in total
    assert "Of the 2 actions this return covers: 2 with no update yet. " in render_html(data)
    add_update(world.police_action, 2009, 2, Status.ON_TRACK)
    add_update(world.police_action, 2009, 3, Status.AT_RISK)
    add_update(world.housing_action, 2009, 3, Status.AT_RISK)
    # On track at the end of Q2 only: counted in the table, not in the sentence (no dangling comma).
    assert "covers: 2 at risk. 2 overdue." in render_html(gather_return(plan=_plan(world), quarter=Q3, group=world.sig))


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
    with django_assert_max_num_queries(21):
        data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    assert data.action_count == 152


def _groups_world(world):
    """1.1 the SIG's, 1.3 the court group's (accountable to the SIG), 1.2 housing's, 1.4 and 1.5 nobody's."""
    court = Group.objects.create(partnership=world.north, slug="court", name="Court working group",
                                 short_name="Court WG", accountable_to=world.sig)
    housing = Group.objects.create(partnership=world.north, slug="housing", name="Housing panel")
    world.police_action.responsibility_groups.add(world.sig)
    world.housing_action.responsibility_groups.add(housing)
    make_action(world.plan, world.objective, "1.3", world.police).responsibility_groups.add(court)
    make_action(world.plan, world.objective, "1.4", world.police)
    make_action(world.plan, world.objective, "1.5", world.housing)
    return court, housing


def _refs(data) -> list[str]:
    return [a.ref for s in data.plan for a in s.actions]


def test_a_groups_return_covers_its_actions_and_those_of_groups_accountable_to_it(world):
    court, housing = _groups_world(world)
    add_update(world.housing_action, 2009, 3, Status.OFF_TRACK)

    sig = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    panel = gather_return(plan=_plan(world), quarter=Q3, group=housing)

    assert _refs(sig) == ["1.1", "1.3"] and not sig.whole_plan
    assert sig.action_count == 2 and sig.plan_action_count == 5 and sig.summary_total.total == 2
    assert sig.overview is not None and sig.overview.total == 5
    assert "accountable to it (Court working group)" in sig.scope_note
    assert [e.action.ref for e in sig.exceptions] == ["1.1", "1.3"]  # 1.2 is off track, but housing's
    assert [a.groups for s in sig.plan for a in s.actions] == ["Strategy Implementation Group", "Court WG"]
    assert _refs(panel) == ["1.2"] and [e.action.ref for e in panel.exceptions] == ["1.2"]


def test_a_group_responsible_for_more_than_half_the_plan_and_no_group_get_the_whole_plan(world):
    _groups_world(world)
    Action.objects.get(plan=world.plan, ref="1.4").responsibility_groups.add(world.sig)

    sig = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    everyone = gather_return(plan=_plan(world), quarter=Q3, group=None)

    assert sig.whole_plan and _refs(sig) == ["1.1", "1.2", "1.3", "1.4", "1.5"] and sig.overview is None
    assert "responsible for 3 of them, more than half" in sig.scope_note
    assert everyone.whole_plan and _refs(everyone) == _refs(sig)
    assert everyone.cover.group == "The whole partnership" and everyone.cover.chair == ""


def test_when_the_plan_names_no_group_every_groups_return_is_the_whole_plan(world, area_group):
    data = gather_return(plan=_plan(world), quarter=Q3, group=area_group)
    assert data.whole_plan and _refs(data) == ["1.1", "1.2"]
    assert "names no responsible group" in data.scope_note


def test_the_first_page_counts_what_changed_in_the_quarter(world):
    _backdate_history(timezone.make_aware(dt.datetime(2009, 4, 1, 9)))
    third = make_action(world.plan, world.objective, "1.3", world.police, description="Open a refuge\nsecond line")
    fourth = make_action(world.plan, world.objective, "1.4", world.police, timescale="Ongoing")
    _backdate_history(timezone.make_aware(dt.datetime(2009, 4, 1, 9)))
    add_update(world.police_action, 2009, 2, Status.ON_TRACK)
    add_update(world.police_action, 2009, 3, Status.AT_RISK, barriers="Barrier - unclear status of DARO")
    add_update(world.housing_action, 2009, 2, Status.ON_TRACK, barriers="Venue")
    add_update(world.housing_action, 2009, 3, Status.COMPLETED, barriers="Venue")
    add_update(third, 2009, 3, Status.ON_TRACK)
    add_update(fourth, 2009, 1, Status.ON_TRACK)

    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)

    h = data.headline
    assert (h.total, h.overdue, h.completed_this_quarter, h.updates_outstanding) == (4, 2, 1, 1)
    assert [(c.label, c.now, c.before) for c in h.counts] == [
        ("No update yet", 0, 1), ("On track", 2, 3), ("At risk", 1, 0), ("Completed", 1, 0)]
    assert [(c.ref, c.what) for c in data.changes] == [
        ("1.1", ["on track to at risk", "new barrier: Barrier - unclear status of DARO"]),
        ("1.2", ["completed"]),  # the same barrier as before is not new
    ]
    assert data.first_updates == [("On track", ["1.3"])]
    html = render_html(data)
    assert "Of the 4 actions this return covers: 2 on track, 1 at risk, 1 completed. 2 overdue." in html
    assert "1 completed this quarter. 1 open action without an update for 2009-10 Q3." in html
    assert "First update, on track: 1.3" in html


def test_a_plan_calling_its_actions_activities_says_activities(world):
    ActionPlan.objects.filter(pk=world.plan.pk).update(action_label="Activity")
    html = render_html(gather_return(plan=_plan(world), quarter=Q3, group=world.sig))
    assert "Of the 2 activities" in html and "Activitys" not in html and "activitys" not in html


def test_exceptions_are_one_table_and_silent_actions_one_line_per_quarter(world):
    add_update(world.police_action, 2009, 1, Status.OFF_TRACK, narrative="Waiting", barriers="No venue")
    make_action(world.plan, world.objective, "1.3", world.police, description="Open a refuge\nStep two\nStep three")

    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    html = render_html(data)

    assert data.stale_by_period == [("", ["1.2", "1.3"]), ("2009-10 Q1", ["1.1"])]
    assert "<li>No update ever: 1.2, 1.3</li>" in html and "<li>Last update 2009-10 Q1: 1.1</li>" in html
    table = html.split('<table class="exceptions">')[1].split("</table>")[0]
    assert table.count("<tr>") == 4  # the header and three actions
    for column in ("Ref", "Action, lead and group", "Status", "Barrier and latest update", "Remedial action",
                   "Owner", "By when"):
        assert f'<th scope="col">{column}</th>' in table
    assert "<td>Open a refuge<br>" in table and "Step two" not in table
    assert "2009-10 Q1: Waiting" in table and "<b>Barrier:</b> No venue<br>" in table


def test_word_bullets_print_as_bullets_and_a_lead_is_not_named_lead_twice(world):
    make_action(world.plan, world.objective, "1.3", by_whom="Lead: DA Co-ordinator",
                description="Paper to be considered by:\no Central Beds CSSG\no DADG")

    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    html = render_html(data)

    [line] = [a for s in data.plan for a in s.actions if a.ref == "1.3"]
    assert line.description == "Paper to be considered by:\n• Central Beds CSSG\n• DADG"
    assert line.lead == "DA Co-ordinator"
    assert "Lead: DA Co-ordinator" in html and "Lead: Lead:" not in html


def test_the_q4_return_gives_each_actions_year_end_decision_and_the_counts(world):
    YearEndReview.objects.create(action=world.police_action, decision=YearEndReview.Decision.DEVELOP,
                                 comment="Pilots completed. Consider keeping and developing for year 2.")

    q4 = gather_return(plan=_plan(world), quarter=Quarter(2009, 4), group=world.sig)
    q3 = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)

    assert q3.year_end is None and "Year end:" not in render_html(q3)
    assert q4.year_end is not None
    assert [(y.ref, y.decision, y.comment[:6]) for y in q4.year_end.lines] == [("1.1", "Keep and develop", "Pilots")]
    assert q4.year_end.undecided == ["1.2"]
    assert [(d.label, d.count) for d in q4.year_end.counts] == [
        ("Keep", 0), ("Keep and develop", 1), ("Completed", 0), ("Drop", 0)]
    html = render_html(q4)
    assert "Keep: 0 · Keep and develop: 1 · Completed: 0 · Drop: 0 · no decision recorded: 1." in html
    assert "Pilots completed. Consider keeping and developing for year 2." in html
    assert "No year-end decision recorded for: 1.2." in html


def test_an_action_written_without_history_is_read_as_it_is(world):
    Action.objects.bulk_create([Action(plan=world.plan, objective=world.objective, ref="1.9", order=9,
                                       description="Bulk written", timescale="June 2009")])
    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    assert "1.9" in _refs(data) and data.action_count == 3


def test_indicator_figures_compare_like_periods_and_own_period_targets(world):
    incidents = Indicator.objects.create(partnership=world.north, code="PI", name="Police incidents",
                                         unit=Indicator.Unit.COUNT, polarity=Indicator.Polarity.LOWER)
    Target.objects.create(indicator=incidents, year_start=2009, value=Decimal(3000))
    Value.objects.create(indicator=incidents, area=world.area, year_start=2007, quarter=None, value=Decimal(3774))
    Value.objects.create(indicator=incidents, area=world.area, year_start=2008, quarter=3, value=Decimal(3395),
                         note="To the end of December")

    [block] = gather_return(plan=_plan(world), quarter=Q3, group=world.sig).indicators
    [figure] = block.figures

    # A 2008-09 quarter's figure: not compared with 2007-08's whole year, nor judged against 2009-10's target.
    assert (figure.value_text, figure.period, figure.is_current) == ("3395", "2008-09 Q3", False)
    assert figure.direction == "" and figure.met is None
    assert figure.target_note == "2009-10 target: not compared with a 2008-09 Q3 figure"


def test_the_cover_names_the_groups_next_meeting_and_who_prepared_it(world):
    Meeting.objects.create(group=world.sig, date=dt.date(2009, 12, 1))
    Meeting.objects.create(group=world.sig, date=dt.date(2010, 1, 20))

    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig, produced_on=dt.date(2010, 1, 5),
                         prepared_by="Carol Coordinator")

    assert data.cover.meeting == dt.date(2010, 1, 20)
    html = render_html(data)
    assert "For the meeting of</th><td>20 January 2010" in html and "5 January 2010 by Carol Coordinator" in html


def test_an_action_with_milestones_is_overdue_by_its_open_ones_at_the_quarters_end(world):
    from actions.milestones import milestone_add, milestone_complete
    action = world.police_action
    step = milestone_add(user=world.coordinator, action=action, text="Draft the protocol", timescale="July 2009")
    milestone_add(user=world.coordinator, action=action, text="Launch", timescale="March 2010")
    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    overdue = [e for e in data.exceptions if e.action.ref == action.ref]
    assert overdue and overdue[0].reasons[0] == "Overdue (milestone “Draft the protocol” due 31/07/2009)"
    milestone_complete(user=world.coordinator, milestone=step, completed_on=dt.date(2009, 8, 1))
    data = gather_return(plan=_plan(world), quarter=Q3, group=world.sig)
    assert not [e for e in data.exceptions if e.action.ref == action.ref and e.overdue]
