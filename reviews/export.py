"""Every recommendation of the partnership's reviews, one row each, as .csv or .xlsx: the tracker a
partnership sends the Domestic Abuse Commissioner or the Home Office. Text a spreadsheet would run as
a formula is written with a leading apostrophe (actions.export.escape_formula)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Literal

from django.db.models import QuerySet

from actions.export import escape_formula
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
        yield [escape_formula(value) for value in row]


def export_recommendations(recommendations: QuerySet[Recommendation], fmt: Literal["csv", "xlsx"],
                           today: dt.date) -> bytes:
    rows = recommendation_rows(recommendations, today)
    if fmt == "csv":
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(rows)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Recommendations")
        for values in rows:
            cells = []
            for value in values:
                cell = WriteOnlyCell(ws, value="".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32))
                cell.data_type = "s"  # a string, never a formula
                cells.append(cell)
            ws.append(cells)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
    raise ValueError(f"unknown export format {fmt!r}: use 'xlsx' or 'csv'")
