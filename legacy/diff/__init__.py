"""Compare what a layout read with the database: per row create / change (old -> new) /
unchanged, plus every problem. One module per kind of data (plan, BVPI 225, figures); each reads
in a fixed number of queries; nothing is written."""

from __future__ import annotations

from actions.models import ActionPlan
from legacy.diff.bvpi import diff_bvpi
from legacy.diff.figures import diff_figures
from legacy.diff.plan import diff_plan
from legacy.diff.preview import CHANGE, CREATE, UNCHANGED, Preview, RowChange
from legacy.parsed import Parsed
from partnerships.models import Partnership

__all__ = ["CHANGE", "CREATE", "UNCHANGED", "Preview", "RowChange", "diff"]


def diff(parsed: Parsed, partnership: Partnership, year_start: int, file_format: str = "",
         lead_map: dict[str, str] | None = None) -> Preview:
    plan = (ActionPlan.objects.filter(strategy__partnership=partnership, year_start=year_start)
            .select_related("strategy").first())
    preview = Preview(parsed.layout, year_start, partnership, plan, [], list(parsed.problems), file_format=file_format,
                      warnings=list(parsed.warnings), unmapped=list(parsed.unmapped),
                      status_words=dict(parsed.status_words), lead_map=dict(lead_map or {}),
                      plan_title=parsed.plan_title, strategy_years=parsed.strategy_years)
    if parsed.objectives or parsed.actions:
        diff_plan(preview, parsed)
    if parsed.answers:
        diff_bvpi(preview, parsed)
    if parsed.figures:
        diff_figures(preview, parsed)
    preview.problems.sort(key=lambda p: (p.row or 0))
    preview.warnings.sort(key=lambda p: (p.row or 0))
    return preview
