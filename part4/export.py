"""A year's annual return as the page for readers shows it and as a spreadsheet laid out to transcribe
into the department's collection: one row per item, in the collection's order, with the section, whether
it is mandatory, this year's count and last year's. Both are published outputs: a count of fewer than 5
reads "fewer than 5", and one that would give it away "withheld" (part4.returns.published_values). No
cell can run as a formula: portal.spreadsheet writes both file types."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from part4.models import AnnualReturn
from part4.returns import ITEMS, SECTIONS, Item, Section, is_exact, published_values
from partnerships.periods import year_label
from portal.spreadsheet import Cell, csv_bytes, xlsx_bytes

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Row:
    item: Item
    value: str
    previous: str | None  # None: no return last year
    change: str  # "" when either year's count is not published exactly


@dataclass(frozen=True)
class SectionRows:
    section: Section
    rows: list[Row]


def _change(now: int | None, before: int | None, now_text: str, before_text: str) -> str:
    if now is None or before is None or not (is_exact(now_text) and is_exact(before_text)):
        return ""  # a change would give a suppressed count away
    diff = now - before
    return f"{diff:+,}" if diff else "no change"


def _lines(annual_return: AnnualReturn, previous: AnnualReturn | None) -> Iterator[tuple[Item, int | None, str,
                                                                                      str | None, str]]:
    """Each item: (item, this year's count, as published, last year's as published or None, the change)."""
    shown = published_values(annual_return.figures)
    shown_before = published_values(previous.figures) if previous else {}
    for item in ITEMS:
        now = annual_return.value(item.code)
        before = previous.value(item.code) if previous else None
        before_text = shown_before[item.code] if previous else None
        yield item, now, shown[item.code], before_text, _change(now, before, shown[item.code], before_text or "")


def return_rows(annual_return: AnnualReturn, previous: AnnualReturn | None) -> Iterator[SectionRows]:
    lines = list(_lines(annual_return, previous))
    for section in SECTIONS:
        yield SectionRows(section, [Row(item, text, before, change)
                                    for item, _, text, before, change in lines if item.section == section.key])


def sheet_rows(annual_return: AnnualReturn, previous: AnnualReturn | None) -> Iterator[list[Cell]]:
    year, last = year_label(annual_return.year_start), year_label(annual_return.year_start - 1)
    yield ["Support in domestic abuse safe accommodation: annual return"]
    yield ["Tier-one council", annual_return.board.council]
    yield ["Year (April to March)", year]
    yield ["Counts of 1 to 4 are published as 'fewer than 5'; a count that would give one away is withheld"]
    yield []
    yield ["Section", "Item", "Mandatory or voluntary", year, last, "Change"]
    titles = {s.key: s.title for s in SECTIONS}
    before_values = {item.code: previous.value(item.code) for item in ITEMS} if previous else {}
    for item, now, text, before_text, change in _lines(annual_return, previous):
        yield [titles[item.section], item.label, "Mandatory" if item.mandatory else "Voluntary", _cell(now, text),
               "no return" if before_text is None else _cell(before_values[item.code], before_text), change]


def _cell(value: int | None, text: str) -> Cell:
    """A count as a number a spreadsheet can add, unless it is not published exactly."""
    return value if value is not None and is_exact(text) else text


def export_return(annual_return: AnnualReturn, previous: AnnualReturn | None, fmt: str) -> bytes:
    rows = sheet_rows(annual_return, previous)
    if fmt == "csv":
        return csv_bytes(rows)
    if fmt == "xlsx":
        return xlsx_bytes(rows, title=f"Return {year_label(annual_return.year_start)}")
    raise ValueError(f"unknown export format {fmt!r}: use 'xlsx' or 'csv'")
