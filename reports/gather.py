"""One quarter's facts for a quarterly return, read in a fixed number of queries into plain data.

Nothing here renders; render.py turns a ReturnData into HTML and PDF. The number of queries does
not depend on the size of the plan: every list is one query, and everything per action (status as
at a quarter's end, latest update, pushed-back timescales) is worked out in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from actions.models import CLOSED_STATUSES, Action, ActionPlan, Objective, ProgressUpdate, QuarterLock, Status
from indicators.models import QUESTION_COUNT, Bvpi225Answer, Bvpi225Assessment, Bvpi225Question, Indicator, Target, Value, bvpi_score
from partnerships.models import Area, Group, GroupMember
from partnerships.periods import Quarter, year_label
from reports.models import IssuedReturn

MARKING = "OFFICIAL-SENSITIVE"
TREND_QUARTERS = 8
STALE_QUARTERS = 2
STATUS_ORDER: list[str] = [s.value for s in Status]
STATUS_LABELS: dict[str, str] = {s.value: s.label for s in Status}


@dataclass
class Cover:
    partnership: str
    strategy: str
    plan_title: str
    plan_year: str
    quarter: str
    quarter_months: str
    quarter_start: dt.date
    quarter_end: dt.date
    group: str
    group_area: str
    chair: str
    produced_on: dt.date
    marking: str = MARKING


@dataclass
class StatusCell:
    status: str
    label: str
    now: int
    before: int

    @property
    def change(self) -> int:
        return self.now - self.before


@dataclass
class ObjectiveSummary:
    heading: str
    title: str
    cells: list[StatusCell]
    total: int


@dataclass
class LatestUpdate:
    period: str
    status: str
    narrative: str
    barriers: str
    evidence: str
    author: str
    recorded_on: dt.date


@dataclass
class ActionLine:
    pk: int
    ref: str
    description: str
    lead: str
    timescale: str
    due_date: dt.date | None
    status: str
    status_label: str
    latest: LatestUpdate | None
    last_update_period: str


@dataclass
class ExceptionLine:
    action: ActionLine
    reasons: list[str]


@dataclass
class PushedBack:
    action: ActionLine
    old_date: dt.date
    new_date: dt.date | None
    changed_on: dt.date


@dataclass
class PlanSection:
    heading: str
    title: str
    level: int
    actions: list[ActionLine]


@dataclass
class Reopening:
    quarter: str
    locked_at: dt.datetime
    reopened_at: dt.datetime
    reopened_by: str
    reason: str


@dataclass
class TrendPoint:
    period: str
    value: Decimal | None


@dataclass
class IndicatorFigure:
    area: str
    value: Decimal | None
    value_text: str
    period: str
    is_current: bool
    note: str
    target: Decimal | None
    target_text: str
    national_text: str
    met: bool | None
    direction: str
    trend: list[TrendPoint]


@dataclass
class IndicatorBlock:
    code: str
    name: str
    unit: str
    polarity: str
    source: str
    figures: list[IndicatorFigure]
    periods: list[str]


@dataclass
class BvpiLine:
    number: int
    question: str
    answer: str
    progress: str
    evidence: str
    signed_off: str


@dataclass
class BvpiArea:
    area: str
    year: str
    is_plan_year: bool
    yes: int
    answered: int
    score: Decimal
    lines: list[BvpiLine]

    @property
    def complete(self) -> bool:
        return self.answered >= QUESTION_COUNT


@dataclass
class ReturnData:
    cover: Cover
    action_label: str
    areas: list[str]
    status_labels: list[tuple[str, str]]
    summary: list[ObjectiveSummary]
    summary_total: ObjectiveSummary
    previous_quarter: str
    exceptions: list[ExceptionLine]
    pushed_back: list[PushedBack]
    pushed_back_since: str
    stale: list[ActionLine]
    indicators: list[IndicatorBlock]
    bvpi: list[BvpiArea]
    plan: list[PlanSection]
    reopenings: list[Reopening]
    action_count: int
    extra: dict = field(default_factory=dict)


def _period_q(year_start: int, quarter: int | None) -> str:
    return Quarter(year_start, quarter).label if quarter else year_label(year_start)


def _index(year_start: int, quarter: int | None) -> int:
    return year_start * 4 + (quarter or 4) - 1


def _fmt(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return f"{text}%" if unit == Indicator.Unit.PERCENT else text


def audience_groups(partnership) -> list[Group]:
    """Groups a return can be issued to: those with at least one member to read it."""
    return list(
        Group.objects.in_partnership(partnership).filter(members__isnull=False).distinct().select_related("area")
    )


def gather_return(
    *, plan: ActionPlan, quarter: Quarter, group: Group, produced_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ReturnData:
    """Everything the return for (plan, quarter, group) shows. plan must come with strategy and
    partnership loaded (select_related) and group with its area."""
    now = now or timezone.now()
    produced_on = produced_on or timezone.localdate(now)
    partnership = plan.strategy.partnership
    previous = quarter.previous()

    # 1. The group's chair for the cover.
    members = list(GroupMember.objects.filter(group=group).select_related("person", "agency"))
    chair = next((m for m in members if m.role == GroupMember.Role.CHAIR), None)

    # 2. Areas in scope: an area's group sees its own area; a partnership-wide group sees all.
    all_areas = list(Area.objects.in_partnership(partnership).order_by("name"))
    areas = [a for a in all_areas if a.pk == group.area_id] if group.area_id else all_areas

    # 3-6. The plan: objectives, actions and their leads.
    objectives = list(Objective.objects.filter(plan=plan).order_by("order", "id"))
    actions = list(
        Action.objects.filter(plan=plan)
        .order_by("order", "id")
        .only("id", "objective_id", "ref", "order", "description", "by_whom", "timescale", "due_date", "status")
        .prefetch_related("lead_agencies", "lead_people")
    )

    # 7. Every update up to the end of this quarter, oldest first: statuses at each quarter's end,
    # latest updates and staleness all come from this one list.
    updates = (
        ProgressUpdate.objects.filter(action__plan=plan)
        .filter(Q(year_start__lt=quarter.year_start) | Q(year_start=quarter.year_start, quarter__lte=quarter.number))
        .order_by("action_id", "year_start", "quarter", "recorded_at", "id")
        .select_related("author")
    )
    by_action: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for u in updates:
        by_action[u.action_id].append(u)

    # 8. The last return issued for an earlier quarter of this plan: timescales pushed back since then.
    last_issued = (
        IssuedReturn.objects.filter(plan=plan)
        .filter(Q(year_start__lt=quarter.year_start) | Q(year_start=quarter.year_start, quarter__lt=quarter.number))
        .order_by("-issued_at").values("issued_at", "year_start", "quarter").first()
    )
    since = last_issued["issued_at"] if last_issued else timezone.make_aware(
        dt.datetime.combine(previous.end, dt.time.max))

    # 9. Due dates in the action history, for actions whose timescale moved.
    history = (
        Action.history.filter(plan_id=plan.pk, history_date__lte=now)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "due_date", "history_date")
    )

    # 10. Quarters reopened after the last issued return.
    reopen_q = QuarterLock.objects.filter(plan=plan, reopened_at__isnull=False).select_related("reopened_by")
    if last_issued:
        reopen_q = reopen_q.filter(reopened_at__gt=last_issued["issued_at"])
    reopenings = [
        Reopening(
            quarter=Quarter(lock.year_start, lock.quarter).label, locked_at=lock.locked_at,
            reopened_at=lock.reopened_at, reason=lock.reopen_reason,
            reopened_by=(lock.reopened_by.get_full_name() or lock.reopened_by.get_username()) if lock.reopened_by else "",
        )
        for lock in reopen_q.order_by("reopened_at")
    ]

    lines: dict[int, ActionLine] = {}
    status_now: dict[int, str] = {}
    status_before: dict[int, str] = {}
    last_index: dict[int, int | None] = {}
    for a in actions:
        ups = by_action.get(a.pk, [])
        if ups:
            status_now[a.pk] = ups[-1].status
            earlier = [u for u in ups if _index(u.year_start, u.quarter) <= previous.index]
            status_before[a.pk] = earlier[-1].status if earlier else Status.NOT_STARTED
            last_index[a.pk] = _index(ups[-1].year_start, ups[-1].quarter)
        else:
            # No update recorded at all: the action's own status (e.g. set on import) stands.
            status_now[a.pk] = status_before[a.pk] = a.status
            last_index[a.pk] = None
        latest = ups[-1] if ups else None
        names = [str(x) for x in a.lead_agencies.all()] + [str(p) for p in a.lead_people.all()]
        lines[a.pk] = ActionLine(
            pk=a.pk, ref=a.ref, description=a.description, lead=", ".join(names) or a.by_whom,
            timescale=a.timescale, due_date=a.due_date, status=status_now[a.pk],
            status_label=STATUS_LABELS.get(status_now[a.pk], status_now[a.pk]),
            latest=LatestUpdate(
                period=latest.period.label, status=STATUS_LABELS.get(latest.status, latest.status),
                narrative=latest.narrative, barriers=latest.barriers, evidence=latest.evidence,
                author=latest.author_display, recorded_on=timezone.localdate(latest.recorded_at),
            ) if latest else None,
            last_update_period=latest.period.label if latest else "",
        )

    # Summary per top-level objective.
    objective_by_id = {o.pk: o for o in objectives}

    def root_of(objective_id: int) -> int:
        o = objective_by_id[objective_id]
        seen = 0
        while o.parent_id and o.parent_id in objective_by_id and seen < 50:
            o = objective_by_id[o.parent_id]
            seen += 1
        return o.pk

    roots = [o for o in objectives if not o.parent_id or o.parent_id not in objective_by_id]
    counts_now: dict[int, dict[str, int]] = {o.pk: defaultdict(int) for o in roots}
    counts_before: dict[int, dict[str, int]] = {o.pk: defaultdict(int) for o in roots}
    for a in actions:
        root = root_of(a.objective_id)
        counts_now[root][status_now[a.pk]] += 1
        counts_before[root][status_before[a.pk]] += 1

    def summary_row(heading: str, title: str, now_c: dict[str, int], before_c: dict[str, int]) -> ObjectiveSummary:
        cells = [StatusCell(s, STATUS_LABELS[s], now_c.get(s, 0), before_c.get(s, 0)) for s in STATUS_ORDER]
        return ObjectiveSummary(heading=heading, title=title, cells=cells, total=sum(now_c.values()))

    summary = [summary_row(o.heading, o.title, counts_now[o.pk], counts_before[o.pk]) for o in roots]
    total_now: dict[str, int] = defaultdict(int)
    total_before: dict[str, int] = defaultdict(int)
    for o in roots:
        for s, n in counts_now[o.pk].items():
            total_now[s] += n
        for s, n in counts_before[o.pk].items():
            total_before[s] += n
    summary_total = summary_row("All", "All objectives", total_now, total_before)

    # Exceptions: overdue at the quarter's end, at risk, off track.
    exceptions: list[ExceptionLine] = []
    stale: list[ActionLine] = []
    for a in actions:
        line = lines[a.pk]
        status = status_now[a.pk]
        reasons = []
        if a.due_date and a.due_date < quarter.end and status not in CLOSED_STATUSES:
            reasons.append(f"Overdue (due {a.due_date:%d/%m/%Y})")
        if status == Status.AT_RISK:
            reasons.append("At risk")
        if status == Status.OFF_TRACK:
            reasons.append("Off track")
        if reasons:
            exceptions.append(ExceptionLine(action=line, reasons=reasons))
        if status not in CLOSED_STATUSES:
            last = last_index[a.pk]
            if last is None or quarter.index - last >= STALE_QUARTERS:
                stale.append(line)

    # Timescales pushed back: the due date as at `since` against the due date now.
    pushed_back: list[PushedBack] = []
    action_ids = set(lines)
    rows_by_action: dict[int, list[tuple[dt.date | None, dt.datetime]]] = defaultdict(list)
    for action_id, due, when in history:
        if action_id in action_ids:
            rows_by_action[action_id].append((due, when))
    for action_id, rows in rows_by_action.items():
        before = [r for r in rows if r[1] <= since]
        after = [r for r in rows if r[1] > since]
        if not before or not after:
            continue
        old = before[-1][0]
        new = lines[action_id].due_date
        if old is None or new == old:
            continue
        if new is None or new > old:
            changed = next((r[1] for r in after if r[0] != old), after[-1][1])
            pushed_back.append(PushedBack(action=lines[action_id], old_date=old, new_date=new,
                                          changed_on=timezone.localdate(changed)))
    order = {a.pk: i for i, a in enumerate(actions)}
    pushed_back.sort(key=lambda p: order[p.action.pk])
    pushed_back_since = (
        f"the {Quarter(last_issued['year_start'], last_issued['quarter']).label} return issued on "
        f"{timezone.localtime(last_issued['issued_at']):%d/%m/%Y}"
        if last_issued else f"the end of {previous.label} ({previous.end:%d/%m/%Y})"
    )

    # The full plan, under the plan's own objective labels, in the plan's order (depth first).
    children: dict[int | None, list[Objective]] = defaultdict(list)
    for o in objectives:
        children[o.parent_id if o.parent_id in objective_by_id else None].append(o)
    actions_by_objective: dict[int, list[ActionLine]] = defaultdict(list)
    for a in actions:
        actions_by_objective[a.objective_id].append(lines[a.pk])
    plan_sections: list[PlanSection] = []

    def walk(parent: int | None, depth: int) -> None:
        for o in children.get(parent, []):
            plan_sections.append(PlanSection(heading=o.heading, title=o.title, level=min(depth, 3),
                                             actions=actions_by_objective.get(o.pk, [])))
            if depth < 20:
                walk(o.pk, depth + 1)

    walk(None, 0)

    indicators = _gather_indicators(partnership=partnership, quarter=quarter, areas=areas, wide=not group.area_id)
    bvpi = _gather_bvpi(areas=areas, year_start=plan.year_start)

    cover = Cover(
        partnership=partnership.name, strategy=plan.strategy.title, plan_title=plan.title,
        plan_year=plan.year_label, quarter=quarter.label, quarter_months=quarter.months,
        quarter_start=quarter.start, quarter_end=quarter.end, group=group.name,
        group_area=group.area.name if group.area_id else "All areas",
        chair=(f"{chair.person.name}" + (f", {chair.title}" if chair.title else "")) if chair else "",
        produced_on=produced_on,
    )
    return ReturnData(
        cover=cover, action_label=plan.action_label or "Action", areas=[a.name for a in areas],
        status_labels=[(s, STATUS_LABELS[s]) for s in STATUS_ORDER], summary=summary,
        summary_total=summary_total, previous_quarter=previous.label, exceptions=exceptions,
        pushed_back=pushed_back, pushed_back_since=pushed_back_since, stale=stale, indicators=indicators,
        bvpi=bvpi, plan=plan_sections, reopenings=reopenings, action_count=len(actions),
    )


def _gather_indicators(*, partnership, quarter: Quarter, areas: list[Area], wide: bool) -> list[IndicatorBlock]:
    """Three queries: indicators, targets, values. Each figure is this quarter's value, or else the
    latest one before it (its period is shown), against the target that applies in this quarter."""
    window = [quarter.previous(n) for n in range(TREND_QUARTERS - 1, -1, -1)]
    first_year = window[0].year_start - 1
    area_ids = [a.pk for a in areas]
    indicators = list(Indicator.objects.in_partnership(partnership).select_related("source_agency"))
    if not indicators:
        return []
    scope = Q(area__in=area_ids) | Q(area__isnull=True)
    targets = list(Target.objects.filter(indicator__in=indicators, year_start__gte=first_year,
                                         year_start__lte=quarter.year_start).filter(scope))
    values = list(Value.objects.filter(indicator__in=indicators, year_start__gte=first_year,
                                       year_start__lte=quarter.year_start).filter(scope))
    targets_by: dict[int, list[Target]] = defaultdict(list)
    for t in targets:
        targets_by[t.indicator_id].append(t)
    # A whole-year figure counts from the start of its year (it is "the year so far"); a quarter's
    # figure from its quarter. Nothing after this quarter is shown.
    def key(v: Value) -> tuple[int, bool]:
        return (min(v.sort_key, quarter.index) if v.quarter is None else v.sort_key, v.quarter is not None)

    values_by: dict[tuple[int, int | None], list[Value]] = defaultdict(list)
    for v in values:
        if v.sort_key <= quarter.index or (v.quarter is None and v.year_start == quarter.year_start):
            values_by[(v.indicator_id, v.area_id)].append(v)
    for rows in values_by.values():
        rows.sort(key=key)

    def target_for(ind_id: int, area_id: int | None, year: int, q: int | None, kind: str) -> Target | None:
        candidates = [t for t in targets_by.get(ind_id, []) if t.kind == kind and t.year_start == year]
        if kind == Target.Kind.NATIONAL and not candidates:
            # National comparators are published a year or more late: use the latest one.
            older = sorted((t for t in targets_by.get(ind_id, []) if t.kind == kind and t.year_start <= year),
                           key=lambda t: t.year_start)
            candidates = [t for t in older if t.year_start == older[-1].year_start] if older else []
            q = None
        for a in (area_id, None):
            for qq in (q, None):
                for t in candidates:
                    if t.area_id == a and t.quarter == qq:
                        return t
        return None

    blocks: list[IndicatorBlock] = []
    columns: list[tuple[int | None, str]] = [(a.pk, a.name) for a in areas]
    for ind in indicators:
        figures: list[IndicatorFigure] = []
        cols = list(columns)
        if values_by.get((ind.pk, None)) and (wide or not values_by_any(values_by, ind.pk, area_ids)):
            cols.append((None, "All areas"))
        for area_id, area_name in cols:
            rows = values_by.get((ind.pk, area_id), [])
            target = target_for(ind.pk, area_id, quarter.year_start, quarter.number, Target.Kind.LOCAL)
            national = target_for(ind.pk, area_id, quarter.year_start, quarter.number, Target.Kind.NATIONAL)
            current = rows[-1] if rows else None
            if current is not None and target is None:
                target = target_for(ind.pk, area_id, current.year_start, current.quarter, Target.Kind.LOCAL)
            if current is not None and national is None:
                national = target_for(ind.pk, area_id, current.year_start, current.quarter, Target.Kind.NATIONAL)
            if current is None and target is None:
                continue
            quarterly = [v for v in rows if v.quarter]
            prev = None
            if current is not None:
                earlier = [v for v in rows if key(v) < key(current)]
                prev = earlier[-1] if earlier else None
            direction = ""
            if current is not None and prev is not None:
                if current.value == prev.value:
                    direction = "same"
                else:
                    direction = "improving" if ind.is_better(current.value, prev.value) else "worsening"
            met = None
            if current is not None and target is not None:
                met = current.value >= target.value if ind.polarity == Indicator.Polarity.HIGHER else current.value <= target.value
            by_q = {(v.year_start, v.quarter): v.value for v in quarterly}
            figures.append(IndicatorFigure(
                area=area_name, value=current.value if current else None,
                value_text=_fmt(current.value, ind.unit) if current else "no figure",
                period=current.period_label if current else "",
                is_current=bool(current and current.year_start == quarter.year_start and current.quarter == quarter.number),
                note=current.note if current else "",
                target=target.value if target else None, target_text=_fmt(target.value, ind.unit) if target else "",
                national_text=(f"{_fmt(national.value, ind.unit)} ({national.period_label})" if national else ""),
                met=met, direction=direction,
                trend=[TrendPoint(q.label, by_q.get((q.year_start, q.number))) for q in window],
            ))
        if figures:
            blocks.append(IndicatorBlock(
                code=ind.code, name=ind.name, unit=ind.unit, polarity=ind.get_polarity_display(),
                source=str(ind.source_agency) if ind.source_agency else ind.source_text,
                figures=figures, periods=[q.label for q in window],
            ))
    return blocks


def values_by_any(values_by: dict, indicator_id: int, area_ids: list[int]) -> bool:
    return any(values_by.get((indicator_id, a)) for a in area_ids)


def _gather_bvpi(*, areas: list[Area], year_start: int) -> list[BvpiArea]:
    """Three queries: questions, assessments, answers. Each area shows the plan year's assessment,
    or else its latest earlier one (labelled with its year)."""
    if not areas:
        return []
    questions = list(Bvpi225Question.objects.all())
    assessments = list(
        Bvpi225Assessment.objects.filter(area__in=areas, year_start__lte=year_start).order_by("area_id", "-year_start")
    )
    latest: dict[int, Bvpi225Assessment] = {}
    for a in assessments:
        latest.setdefault(a.area_id, a)
    if not latest:
        return []
    answers = list(Bvpi225Answer.objects.filter(assessment__in=list(latest.values())))
    answers_by: dict[int, dict[int, Bvpi225Answer]] = defaultdict(dict)
    for ans in answers:
        answers_by[ans.assessment_id][ans.question_id] = ans
    result: list[BvpiArea] = []
    for area in areas:
        assessment = latest.get(area.pk)
        if assessment is None:
            continue
        mine = answers_by.get(assessment.pk, {})
        lines = []
        for q in questions:
            ans = mine.get(q.pk)
            answer = {True: "Yes", False: "No", None: "Not answered"}[ans.year_end_answer if ans else None]
            signed = ""
            if ans and (ans.signed_off_by or ans.signed_off_on):
                signed = ans.signed_off_by + (f" {ans.signed_off_on:%d/%m/%Y}" if ans.signed_off_on else "")
            lines.append(BvpiLine(
                number=q.number, question=q.text, answer=answer,
                progress=ans.get_progress_display() if ans and ans.progress else "",
                evidence=ans.backed_up_by if ans else "", signed_off=signed.strip(),
            ))
        yes = sum(1 for a in mine.values() if a.year_end_answer)
        answered = sum(1 for a in mine.values() if a.year_end_answer is not None)
        result.append(BvpiArea(
            area=area.name, year=assessment.year_label, is_plan_year=assessment.year_start == year_start,
            yes=yes, answered=answered, score=bvpi_score(yes), lines=lines,
        ))
    return result
