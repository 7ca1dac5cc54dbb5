"""A year's annual return as the page for readers shows it and as a spreadsheet laid out to transcribe
into the department's collection: one row per item, in the collection's order, with the section, whether
it is mandatory, this year's count and last year's. Both are published outputs: a count of fewer than 5
reads "fewer than 5" (part4.returns.published). No cell can run as a formula: portal.spreadsheet writes
both file types."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from part4.models import AnnualReturn
from part4.returns import ITEMS, SECTIONS, SUPPRESSED, Item, Section, published
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


def _change(now: int | None, before: int | None) -> str:
    if now is None or before is None or published(now) == SUPPRESSED or published(before) == SUPPRESSED:
        return ""
    diff = now - before
    return f"{diff:+,}" if diff else "no change"


def return_rows(annual_return: AnnualReturn, previous: AnnualReturn | None) -> Iterator[SectionRows]:
    for section in SECTIONS:
        rows = []
        for item in (i for i in ITEMS if i.section == section.key):
            now = annual_return.value(item.code)
            before = previous.value(item.code) if previous else None
            rows.append(Row(item, published(now), published(before) if previous else None, _change(now, before)))
        yield SectionRows(section, rows)


def sheet_rows(annual_return: AnnualReturn, previous: AnnualReturn | None) -> Iterator[list[Cell]]:
    year, last = year_label(annual_return.year_start), year_label(annual_return.year_start - 1)
    yield ["Support in domestic abuse safe accommodation: annual return"]
    yield ["Tier-one council", annual_return.board.council]
    yield ["Year (April to March)", year]
    yield ["Counts of 1 to 4 are published as 'fewer than 5'"]
    yield []
    yield ["Section", "Item", "Mandatory or voluntary", year, last, "Change"]
    titles = {s.key: s.title for s in SECTIONS}
    for item in ITEMS:
        now = annual_return.value(item.code)
        before = previous.value(item.code) if previous else None
        yield [titles[item.section], item.label, "Mandatory" if item.mandatory else "Voluntary", _cell(now),
               _cell(before) if previous else "no return", _change(now, before)]


def _cell(value: int | None) -> Cell:
    """A count as a number a spreadsheet can add, unless it is suppressed or not given."""
    text = published(value)
    return value if value is not None and text != SUPPRESSED else text


def export_return(annual_return: AnnualReturn, previous: AnnualReturn | None, fmt: str) -> bytes:
    rows = sheet_rows(annual_return, previous)
    if fmt == "csv":
        return csv_bytes(rows)
    if fmt == "xlsx":
        return xlsx_bytes(rows, title=f"Return {year_label(annual_return.year_start)}")
    raise ValueError(f"unknown export format {fmt!r}: use 'xlsx' or 'csv'")
