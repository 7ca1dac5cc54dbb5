"""Every recommendation of the partnership's reviews, one row each, as .csv or .xlsx: the tracker a
partnership sends the Domestic Abuse Commissioner or the Home Office. No cell can run as a formula:
portal.spreadsheet writes both files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from django.db.models import QuerySet

from portal.spreadsheet import csv_bytes, xlsx_bytes
from reviews.models import Recommendation

COLUMNS = [
    "Review", "Kind", "Pseudonym", "CSP notified", "Published", "Recommendation", "Scope", "Addressed to",
    "Recommendation text", "Action agreed", "Lead", "Milestones", "Target date", "Status", "Overdue",
    "Evidence of completion", "Accepted as complete by", "Accepted on", "Themes",
]


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def recommendation_rows(recommendations: QuerySet[Recommendation], today: dt.date) -> Iterable[list[str]]:
    yield COLUMNS
    for r in recommendations.select_related("review", "agency", "accepted_by").prefetch_related("themes").order_by(
            "review__notified_on", "review__reference", "ref"):
        accepted = r.accepted_by.get_full_name() or r.accepted_by.get_username() if r.accepted_by else ""
        row = [
            r.review.reference, r.review.get_kind_display(), r.review.pseudonym, _date(r.review.notified_on),
            _date(r.review.published_on), r.ref, r.get_scope_display(), r.addressed_to_label, r.text,
            r.action_agreed, r.lead, r.milestones, _date(r.target_date), r.get_status_display(),
            "Yes" if r.is_overdue(today) else "No", r.evidence, accepted, _date(r.accepted_on),
            "; ".join(t.name for t in r.themes.all()),
        ]
        yield row


def export_recommendations(recommendations: QuerySet[Recommendation], fmt: Literal["csv", "xlsx"],
                           today: dt.date) -> bytes:
    rows = recommendation_rows(recommendations, today)
    if fmt == "csv":
        return csv_bytes(rows)
    if fmt == "xlsx":
        return xlsx_bytes(rows, title="Recommendations")
    raise ValueError(f"unknown export format {fmt!r}: use 'xlsx' or 'csv'")
