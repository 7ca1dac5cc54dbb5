"""Actions whose cells a layout reads as several dated steps: the milestones the import gives them
(legacy.apply.milestones) and the due date the preview compares with (`due_date_in`), apart from the
apply and diff steps so that both can use them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from actions.models import Milestone, due_at_last_milestone
from actions.timescale import parse_timescale
from legacy.layouts import bedfordshire_001

Steps = Callable[[str, str], list[tuple[str, str]]]

# The layouts whose action cells can hold several dated steps, and how each reads them.
STEPS: dict[str, Steps] = {bedfordshire_001.NAME: bedfordshire_001.milestone_steps}


def milestones_in(layout: str, description: str, timescale: str) -> list[Milestone]:
    """The milestones (unsaved, in order) the layout reads in an action's Action and Timescale cells."""
    steps = STEPS.get(layout)
    if steps is None:
        return []
    out = []
    for order, (text, written) in enumerate(steps(description, timescale)):
        milestone = Milestone(order=order, text=text)
        milestone.set_timescale(written)
        out.append(milestone)
    return out


def due_date_in(layout: str, description: str, timescale: str) -> dt.date | None:
    """The action's due date: its last dated milestone's, else the first date its timescale names."""
    return due_at_last_milestone(milestones_in(layout, description, timescale)) or parse_timescale(timescale).due_date
