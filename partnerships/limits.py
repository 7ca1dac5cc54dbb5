"""How long the free texts people type into the portal may be, at the form and the model.

Long enough for everything the seed documents and the demo data hold several times over (the longest
action cell of the seeds is 621 characters, the longest text a plan's introduction of 3,140), short
enough that one text cannot fill a quarterly return on its own. A TextField's max_length only sizes the
form field Django makes for it, so each limit is also a validator on the model (full_clean, the admin,
the import-export resources); the database does not enforce it: the legacy importer keeps an older
plan's longer texts whole (with a warning) rather than cut them."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator

TITLE = 500  # an objective's title, a heading
SHORT_TEXT = 2_000  # a cell of a plan: by whom, resources, outcomes, measures, a reason
ACTION_TEXT = 4_000  # an action as the plan words it (a Word row of several actions kept together)
LONG_TEXT = 10_000  # a progress narrative, a barrier, evidence, a definition, terms of reference
DOCUMENT = 50_000  # the minutes of a meeting


def limit(length: int) -> dict[str, Any]:
    """The field options that cap a TextField at `length` characters: models.TextField(**limit(LONG_TEXT))."""
    return {"max_length": length, "validators": [MaxLengthValidator(length)]}
