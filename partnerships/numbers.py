"""Whole numbers typed by people (a URL parameter, a form field, a spreadsheet cell): ASCII digits only and
not too many of them. `str.isdigit` accepts "²" and "١٢", which `int` then refuses or reads, and a number of
thousands of digits fails in `int` or in the database: each of those used to be a server error."""

from __future__ import annotations

import re

_WHOLE = re.compile(r"[0-9]{1,18}")


def parse_whole(text: str | None) -> int | None:
    """The number `text` writes (leading and trailing blanks ignored), or None if it is not 1 to 18 ASCII
    digits (an id or count never is; 18 digits still fit a 64-bit integer column)."""
    text = (text or "").strip()
    return int(text) if _WHOLE.fullmatch(text) else None
