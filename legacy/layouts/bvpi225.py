"""Seed 000: a BVPI 225 monitoring sheet. Description | Notes | Completion date &/or key
milestones | Resp manager | <monitoring months, e.g. Apr-05 Oct-05 Jan-06 Mar-06> | Progress
Indicator (☺ good, ☹ concern) | Year end Answer | Backed up by | Signed Off. A question row starts
with its number ("1 Has the local authority ..."); the row without a number is the purpose."""

from __future__ import annotations

import datetime as dt
import re

from legacy.layouts.base import find_header, header_score, key
from legacy.layouts.protocol import Context
from legacy.parsed import AnswerIn, MonitoringIn, Parsed
from legacy.readers import Table, TableRow

NAME = "bvpi225"
TITLE = "BVPI 225 monitoring sheet (Luton 000)"
ALIASES = {
    "description": ["description"],
    "notes": ["notes"],
    "milestones": ["completion date", "milestones"],
    "manager": ["resp manag", "responsible manager"],
    "progress": ["progress indicator"],
    "answer": ["year end answer", "answer"],
    "backed_up_by": ["backed up by", "evidence"],
    "signed_off": ["signed off"],
}
REQUIRED = ["description", "notes", "progress", "answer"]
_MONTH = re.compile(r"^([A-Za-z]{3})[- ]?(\d{2}|\d{4})$")
_QUESTION = re.compile(r"^\s*(\d{1,2})[.)]?\s+\S")
_ANSWERS: dict[str, bool | None] = {"yes": True, "y": True, "no": False, "n": False, "": None}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def detect(tables: list[Table]) -> int:
    return header_score(tables, ALIASES, REQUIRED) * 12


def _month(text: str) -> dt.date | None:
    m = _MONTH.match(text.strip())
    if m and m.group(1).lower() in _MONTHS:
        year = int(m.group(2))
        return dt.date(year + 2000 if year < 100 else year, _MONTHS[m.group(1).lower()], 1)
    try:
        return dt.date.fromisoformat(text.strip()[:10]).replace(day=1)  # a real date cell
    except ValueError:
        return None


def progress_mark(text: str) -> str | None:
    if "☺" in text or "☻" in text or text.strip().lower() in {"good", "j"}:
        return "good"
    if "☹" in text or text.strip().lower() in {"concern", "l"}:
        return "concern"
    if "😐" in text or text.strip().lower() in {"neutral", "k"}:
        return "neutral"
    return None


def _cell(row: TableRow, cols: dict[str, int], name: str) -> str:
    """The cell of an optional column ("" when the sheet has no such column)."""
    return row.cell(cols[name]) if name in cols else ""


def parse(tables: list[Table], ctx: Context) -> Parsed:
    parsed = Parsed(NAME)
    header = find_header(tables, ALIASES, REQUIRED)
    if not header:
        parsed.problem(None, "", "the BVPI 225 header row (Description, Notes, ..., Progress Indicator, "
                                 "Year end Answer) is missing")
        return parsed
    cols = header.columns
    months = {i: (c, day) for i, c in enumerate(header.row.cells) if (day := _month(c))}
    question_rows: dict[int, int] = {}
    for row in header.body:
        description = row.cell(cols["description"])
        m = _QUESTION.match(description)
        if not m:
            if description and not parsed.answers and not parsed.bvpi_purpose:
                parsed.bvpi_purpose = description
            continue
        number = int(m.group(1))
        if not 1 <= number <= 11:
            parsed.problem(row.number, "Description",
                           f"question {number} does not exist: BVPI 225 has questions 1 to 11")
            continue
        if number in question_rows:
            parsed.problem(row.number, "Description", f"question {number} appears twice "
                                                      f"(also row {question_rows[number]})")
            continue
        question_rows[number] = row.number
        answer_text = key(row.cell(cols["answer"]))
        if answer_text not in _ANSWERS:
            parsed.problem(row.number, "Year end Answer", f"'{row.cell(cols['answer'])}' is not Yes or No")
            continue
        mark_text = row.cell(cols["progress"])
        mark = progress_mark(mark_text) if mark_text else ""
        if mark is None:
            parsed.problem(row.number, "Progress Indicator", f"'{mark_text}' is not a progress mark (☺ or ☹)")
            continue
        parsed.answers.append(AnswerIn(
            question=number, row=row.number, notes=row.cell(cols["notes"]), milestones=_cell(row, cols, "milestones"),
            responsible_manager=_cell(row, cols, "manager"), progress=mark, answer=_ANSWERS[answer_text],
            backed_up_by=_cell(row, cols, "backed_up_by"), signed_off_by=_cell(row, cols, "signed_off"),
            monitoring=[MonitoringIn(label, day, row.cell(i)) for i, (label, day) in months.items() if row.cell(i)],
        ))
    if not parsed.answers:
        parsed.problem(None, "Description", "no question rows found (rows start with the question number)")
    return parsed
