"""The first page of a return: where the plan stands at the quarter's end and what changed in it,
from the same figures as the rest of the return (nothing here is estimated)."""

from __future__ import annotations

from collections import Counter

from actions.models import CLOSED_STATUSES, Status
from partnerships.periods import Quarter
from reports.gather.plan import NO_UPDATE, REPORT_STATUS_LABELS, Standing
from reports.return_data import ActionLine, Change, ExceptionLine, Headline, PushedBack, StatusCount, first_line


def headline(lines: list[ActionLine], standings: dict[int, Standing], exceptions: list[ExceptionLine],
             quarter: Quarter) -> Headline:
    now = Counter(standings[line.pk].status for line in lines)
    before = Counter(standings[line.pk].status_before for line in lines)
    completed = sum(1 for line in lines if standings[line.pk].status == Status.COMPLETED
                    and standings[line.pk].status_before != Status.COMPLETED)
    outstanding = sum(1 for line in lines if standings[line.pk].status not in CLOSED_STATUSES
                      and standings[line.pk].last_update_index != quarter.index)
    counts = [StatusCount(status=code, label=label, now=now[code], before=before[code])
              for code, label in REPORT_STATUS_LABELS.items() if now[code] or before[code]]
    overdue = sum(1 for e in exceptions if e.overdue)
    return Headline(total=len(lines), counts=counts, overdue=overdue, completed_this_quarter=completed,
                    updates_outstanding=outstanding)


def first_updates(lines: list[ActionLine], standings: dict[int, Standing]) -> list[tuple[str, list[str]]]:
    """The actions whose first update came this quarter, by the status it gave (refs, in plan order)."""
    refs: dict[str, list[str]] = {}
    for line in lines:
        standing = standings[line.pk]
        if standing.status_before == NO_UPDATE and standing.status != NO_UPDATE:
            refs.setdefault(REPORT_STATUS_LABELS[standing.status], []).append(line.ref or "(no ref)")
    return list(refs.items())


def quarter_changes(lines: list[ActionLine], standings: dict[int, Standing], pushed_back: list[PushedBack],
                    quarter: Quarter) -> list[Change]:
    """What changed in the quarter, action by action in the plan's order: status changes (completions
    among them), timescales pushed back, new barriers. A first update is not a change of status: those
    are listed by first_updates."""
    pushed = {p.action.pk: p for p in pushed_back}
    changes = []
    for line in lines:
        standing = standings[line.pk]
        what = []
        if standing.status != standing.status_before and standing.status_before != NO_UPDATE:
            if standing.status == Status.COMPLETED:
                what.append("completed")
            else:
                what.append(f"{REPORT_STATUS_LABELS[standing.status_before].lower()} to "
                            f"{REPORT_STATUS_LABELS[standing.status].lower()}")
        if line.pk in pushed:
            p = pushed[line.pk]
            new = f"{p.new_date:%d/%m/%Y}" if p.new_date else "no date"
            what.append(f"timescale pushed back from {p.old_date:%d/%m/%Y} to {new}")
        latest = standing.latest
        if (latest and latest.period.index == quarter.index and latest.barriers.strip()
                and latest.barriers.strip() != standing.barriers_before.strip()):
            what.append("new barrier: " + first_line(latest.barriers, 100))
        if what:
            changes.append(Change(ref=line.ref, action=first_line(line.description, 90), what=what))
    return changes
