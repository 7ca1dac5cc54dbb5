"""The death-review section of a return: the partnership's review recommendations as they stood at the
quarter's end (open, overdue, closed this quarter), by the agency they are addressed to.

Read from the recommendations' history, so a later change of status or target date does not alter an
earlier quarter's return. Only what the chair needs to chase a recommendation is read: never the
review's pseudonym, nor any detail of the victim or family. Two queries whatever the number of reviews."""

from __future__ import annotations

import datetime as dt

from partnerships.models import Agency, Partnership
from partnerships.periods import Quarter
from reports.gather.plan import quarter_end_moment
from reports.return_data import RecommendationLine, Recommendations, first_line
from reviews.models import OPEN_STATUSES, Recommendation, Review

_STATUS_LABELS = dict(Recommendation.Status.choices)


def _as_at(partnership: Partnership, moment: dt.datetime) -> dict[int, object]:
    """Each recommendation's latest history record up to `moment` (deleted ones left out)."""
    latest: dict[int, object] = {}
    records = (Recommendation.history.filter(review__partnership=partnership, history_date__lte=moment)
               .only("id", "review_id", "ref", "agency_id", "addressed_to", "text", "lead", "target_date", "status",
                     "history_date", "history_type")
               .order_by("id", "history_date", "history_id"))
    for record in records:
        latest[record.id] = record
    return {pk: r for pk, r in latest.items() if r.history_type != "-"}  # type: ignore[attr-defined]


def recommendations(partnership: Partnership, quarter: Quarter) -> Recommendations:
    end = _as_at(partnership, quarter_end_moment(quarter))
    before = _as_at(partnership, quarter_end_moment(quarter.previous()))
    review_refs = dict(Review.objects.in_partnership(partnership).values_list("pk", "reference"))
    agencies = dict(Agency.objects.in_partnership(partnership).values_list("pk", "name"))
    open_lines, overdue, closed = [], [], []
    for pk, r in end.items():
        status = r.status  # type: ignore[attr-defined]
        agency = agencies.get(r.agency_id) if r.agency_id else None  # type: ignore[attr-defined]
        line = RecommendationLine(
            ref=r.ref, review=review_refs.get(r.review_id, ""),  # type: ignore[attr-defined]
            text=first_line(r.text), addressed_to=agency or r.addressed_to or "not named",  # type: ignore[attr-defined]
            lead=r.lead, target_date=r.target_date, status=_STATUS_LABELS.get(status, status),  # type: ignore[attr-defined]
        )
        if status in OPEN_STATUSES:
            if line.target_date is not None and line.target_date < quarter.end:
                overdue.append(line)
            else:
                open_lines.append(line)
        else:
            was = before.get(pk)
            if was is None or was.status in OPEN_STATUSES:  # type: ignore[attr-defined]
                closed.append(line)

    def ordered(lines: list[RecommendationLine]) -> list[RecommendationLine]:
        return sorted(lines, key=lambda x: (x.addressed_to.lower(), x.review, x.ref))

    return Recommendations(open=ordered(open_lines), overdue=ordered(overdue), closed=ordered(closed))
