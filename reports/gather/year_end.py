"""The year-end section of a Q4 return: each action's year-end decision (what becomes of it in next
year's plan) and the counts of each decision.

The decisions are made at the year-end review, which meets once Q4 has closed: a Q4 return reads
them as recorded when it is produced (and an issued Q4 return keeps them as they were then)."""

from __future__ import annotations

from collections import Counter

from actions.models import YearEndReview
from partnerships.periods import Quarter
from reports.return_data import ActionLine, DecisionCount, YearEnd, YearEndLine


def year_end(lines: list[ActionLine], quarter: Quarter) -> YearEnd | None:
    """None but for Q4; one query."""
    if quarter.number != 4:
        return None
    reviews = {r.action_id: r for r in YearEndReview.objects.filter(action_id__in=[line.pk for line in lines])
               .only("action_id", "decision", "comment")}
    rows = [
        YearEndLine(ref=line.ref, title=line.title, status_label=line.status_label,
                    decision=reviews[line.pk].get_decision_display(), comment=reviews[line.pk].comment)
        for line in lines if line.pk in reviews
    ]
    counted = Counter(r.decision for r in reviews.values())
    counts = [DecisionCount(label=label, count=counted[code]) for code, label in YearEndReview.Decision.choices]
    undecided = [line.ref or "(no ref)" for line in lines if line.pk not in reviews]
    return YearEnd(lines=rows, counts=counts, undecided=undecided)
