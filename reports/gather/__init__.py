"""One quarter's facts for a quarterly return, read in a fixed number of queries into plain data
(reports.return_data).

Nothing here renders; render.py turns a QuarterlyReturn into HTML and PDF. The number of queries
does not depend on the size of the plan: every list is one query, and everything per action (status
as at a quarter's end, latest update, pushed-back timescales) is worked out in Python. Each section
of the return has its module: plan (summary and the full plan), exceptions, indicators, bvpi.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from actions.milestones import milestones_for
from actions.models import ActionPlan, objective_tree
from partnerships.models import Area, Group, GroupMember, Meeting, Partnership
from partnerships.periods import Quarter
from reports.gather.bvpi import bvpi_areas
from reports.gather.exceptions import (
    changes_since,
    changes_since_label,
    exception_lines,
    last_issued_return,
    pushed_back_lines,
    reopenings_since,
    stale_lines,
)
from reports.gather.headline import first_updates, headline, quarter_changes
from reports.gather.indicators import indicator_blocks
from reports.gather.plan import (
    REPORT_STATUS_LABELS,
    action_line,
    action_standings,
    actions_as_at,
    objective_summaries,
    plan_actions,
    plan_objectives,
    plan_sections,
    quarter_end_moment,
)
from reports.gather.reviews import recommendations
from reports.gather.scope import return_scope
from reports.gather.year_end import year_end
from reports.return_data import Cover, QuarterlyReturn


def audience_groups(partnership: Partnership) -> list[Group]:
    """Groups a return can be issued to: those with at least one member to read it."""
    return list(
        Group.objects.in_partnership(partnership).filter(members__isnull=False).distinct().select_related("area")
    )


def gather_return(
    *, plan: ActionPlan, quarter: Quarter, group: Group | None, produced_on: dt.date | None = None,
    now: dt.datetime | None = None, prepared_by: str = "",
) -> QuarterlyReturn:
    """Everything the return for (plan, quarter, group) shows; group None is the whole partnership's
    return. plan must come with strategy and partnership loaded (select_related) and group with its area."""
    now = now or timezone.now()
    partnership = plan.strategy.partnership
    previous = quarter.previous()
    areas = areas_in_scope(partnership, group)
    objectives = plan_objectives(plan)
    tree, root_of = objective_tree(objectives)
    everything, due_dates = actions_as_at(plan, plan_actions(plan), quarter_end_moment(quarter),
                                          {o.pk for o in objectives})
    action_label = plan.action_label or "Action"
    scope = return_scope(partnership, group, everything, action_label)
    actions = [a for a in everything if scope.covers(a)]
    standings = action_standings(everything, plan, quarter)
    lines = {action.pk: action_line(action, standings[action.pk]) for action in actions}
    summary, summary_total = objective_summaries(tree, root_of, actions, standings, skip_empty=not scope.whole_plan)
    overview = None if scope.whole_plan else objective_summaries(tree, root_of, everything, standings)[1]
    # Only the statuses some action had at either quarter's end get a column.
    shown = [row for row in (summary_total, overview) if row]
    used = [code for code in REPORT_STATUS_LABELS
            if any(c.now or c.before for row in shown for c in row.cells if c.status == code)]
    for row in [*summary, *shown]:
        row.cells = [c for c in row.cells if c.status in used]
    # Timescales pushed back and quarters reopened are reported once: since the last issued return.
    last_issued = last_issued_return(plan, quarter)
    own_lines = list(lines.values())
    moment = quarter_end_moment(quarter)
    plan_since = (ActionPlan.history.filter(id=plan.pk).order_by("history_date", "history_id")
                  .values_list("history_date", flat=True).first())
    milestones = milestones_for(actions, as_at=moment, entered_later=plan_since is None or plan_since > moment)
    exceptions = exception_lines(actions, standings, lines, quarter, milestones)
    pushed_back = pushed_back_lines(lines, due_dates, changes_since(last_issued, previous))
    return QuarterlyReturn(
        cover=return_cover(plan, quarter, group, produced_on or timezone.localdate(now), prepared_by),
        action_label=action_label, areas=[a.name for a in areas],
        status_labels=[(code, REPORT_STATUS_LABELS[code]) for code in used],
        summary=summary, summary_total=summary_total,
        previous_quarter=previous.label,
        exceptions=exceptions, pushed_back=pushed_back,
        pushed_back_since=changes_since_label(last_issued, previous),
        stale=stale_lines(actions, standings, lines, quarter),
        indicators=indicator_blocks(partnership=partnership, quarter=quarter, areas=areas,
                                    wide=group is None or not group.area_id),
        bvpi=bvpi_areas(areas=areas, year_start=plan.year_start),
        plan=plan_sections(tree, actions, lines, skip_empty=not scope.whole_plan),
        reopenings=reopenings_since(plan, last_issued),
        action_count=len(actions), plan_action_count=len(everything), whole_plan=scope.whole_plan,
        scope_note=scope.note, overview=overview,
        headline=headline(own_lines, standings, exceptions, quarter),
        changes=quarter_changes(own_lines, standings, pushed_back, quarter),
        first_updates=first_updates(own_lines, standings),
        year_end=year_end(own_lines, quarter),
        recommendations=recommendations(partnership, quarter) if group is None else None,
    )


def areas_in_scope(partnership: Partnership, group: Group | None) -> list[Area]:
    """An area's group sees its own area; a partnership-wide group, and the whole partnership, all."""
    areas = Area.objects.in_partnership(partnership).order_by("name")
    return list(areas.filter(pk=group.area_id) if group and group.area_id else areas)


def return_cover(plan: ActionPlan, quarter: Quarter, group: Group | None, produced_on: dt.date,
                 prepared_by: str) -> Cover:
    chair = (GroupMember.objects.filter(group=group, role=GroupMember.Role.CHAIR).select_related("person").first()
             if group else None)
    meeting = (Meeting.objects.filter(group=group, date__gte=produced_on).order_by("date")
               .values_list("date", flat=True).first() if group else None)
    return Cover(
        partnership=plan.strategy.partnership.name, strategy=plan.strategy.title, plan_title=plan.title,
        plan_year=plan.year_label, quarter=quarter.label, quarter_months=quarter.months,
        quarter_start=quarter.start, quarter_end=quarter.end,
        group=group.name if group else "The whole partnership",
        group_area=group.area.name if group and group.area else "All areas",
        chair=(chair.person.name + (f", {chair.title}" if chair.title else "")) if chair else "",
        produced_on=produced_on, meeting=meeting, prepared_by=prepared_by,
    )
