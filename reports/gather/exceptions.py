"""Section 2 of a return, what needs the group's attention: actions overdue, at risk or off track,
timescales pushed back since the last issued return, actions without a recent update; and, for the
cover, quarters reopened since the last issued return."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from actions.models import CLOSED_STATUSES, Action, ActionPlan, Milestone, QuarterLock, Status
from partnerships.periods import Quarter
from reports.gather.plan import DueDates, Standing, quarter_end_moment
from reports.models import IssuedReturn
from reports.return_data import ActionLine, ExceptionLine, PushedBack, Reopening

# An open action whose last update is this many quarters old (or that has none) is listed as stale.
STALE_QUARTERS = 2


def exception_lines(actions: list[Action], standings: dict[int, Standing], lines: dict[int, ActionLine],
                    quarter: Quarter, milestones: dict[int, list[Milestone]]) -> list[ExceptionLine]:
    reasons_by_line = [(lines[a.pk], _reasons(a, standings[a.pk].status, quarter, milestones.get(a.pk, [])))
                       for a in actions]
    return [ExceptionLine(action=line, reasons=reasons, overdue=reasons[0].startswith("Overdue"))
            for line, reasons in reasons_by_line if reasons]


def _reasons(action: Action, status: str, quarter: Quarter, milestones: list[Milestone]) -> list[str]:
    """Overdue at the quarter's end (by the status, due date and milestones then, not today's), at risk,
    off track. An action with milestones is overdue by its open ones: the first such is named."""
    reasons = []
    if action.is_overdue(quarter.end, status=status, milestones=milestones):
        late = next((m for m in milestones if m.is_overdue(quarter.end)), None)
        reasons.append(f"Overdue (milestone “{late.text[:60]}” due {late.due_on:%d/%m/%Y})" if late and late.due_on
                       else f"Overdue (due {action.due_date:%d/%m/%Y})")
    if status in (Status.AT_RISK, Status.OFF_TRACK):
        reasons.append(Status(status).label)
    return reasons


def stale_lines(actions: list[Action], standings: dict[int, Standing], lines: dict[int, ActionLine],
                quarter: Quarter) -> list[ActionLine]:
    """Open actions with no update in this quarter or the one before."""
    stale = []
    for action in actions:
        standing = standings[action.pk]
        last = standing.last_update_index
        if standing.status not in CLOSED_STATUSES and (last is None or quarter.index - last >= STALE_QUARTERS):
            stale.append(lines[action.pk])
    return stale


def last_issued_return(plan: ActionPlan, quarter: Quarter) -> IssuedReturn | None:
    """The return issued last for an earlier quarter of the plan, to any group."""
    return (IssuedReturn.objects.filter(plan=plan).before(quarter).only("issued_at", "year_start", "quarter")
            .order_by("-issued_at").first())


def changes_since(last_issued: IssuedReturn | None, previous: Quarter) -> dt.datetime:
    """Since when a change counts as new: the last issued return, or else the end of the previous quarter."""
    if last_issued:
        return last_issued.issued_at
    return quarter_end_moment(previous)


def changes_since_label(last_issued: IssuedReturn | None, previous: Quarter) -> str:
    if last_issued:
        return (f"the {last_issued.period.label} return issued on "
                f"{timezone.localtime(last_issued.issued_at):%d/%m/%Y}")
    return f"the end of {previous.label} ({previous.end:%d/%m/%Y})"


def pushed_back_lines(lines: dict[int, ActionLine], due_dates: dict[int, DueDates],
                      since: dt.datetime) -> list[PushedBack]:
    """Actions, in the plan's order, whose due date at the quarter's end (the line's) is later than it
    was at `since` (or gone); `due_dates` run up to the quarter's end."""
    pushed = (_pushed_back(line, due_dates.get(line.pk, []), since) for line in lines.values())
    return [p for p in pushed if p is not None]


def _pushed_back(line: ActionLine, due_dates: DueDates, since: dt.datetime) -> PushedBack | None:
    before = [d for d in due_dates if d[1] <= since]
    after = [d for d in due_dates if d[1] > since]
    if not before or not after:
        return None
    old, new = before[-1][0], line.due_date
    if old is None or new == old or (new is not None and new < old):
        return None
    changed = next((when for due_date, when in after if due_date != old), after[-1][1])
    return PushedBack(action=line, old_date=old, new_date=new, changed_on=timezone.localdate(changed))


def reopenings_since(plan: ActionPlan, last_issued: IssuedReturn | None) -> list[Reopening]:
    """Quarters of the plan reopened after the last issued return (every reopening, before any return)."""
    locks = QuarterLock.objects.filter(plan=plan, reopened_at__isnull=False).select_related("reopened_by")
    if last_issued:
        locks = locks.filter(reopened_at__gt=last_issued.issued_at)
    return [_reopening(lock) for lock in locks.order_by("reopened_at")]


def _reopening(lock: QuarterLock) -> Reopening:
    by = lock.reopened_by
    assert lock.reopened_at is not None  # only reopened locks are read
    return Reopening(
        quarter=Quarter(lock.year_start, lock.quarter).label, locked_at=lock.locked_at,
        reopened_at=lock.reopened_at, reason=lock.reopen_reason,
        reopened_by=(by.get_full_name() or by.get_username()) if by else "",
    )
