"""Excel 2007+ (.xlsx), streamed: each sheet's XML is read cell by cell with defusedxml's iterparse
(no DOCTYPE, no entity expansion, no external entities), which is several times faster than
openpyxl's cell objects, and each row is held to the Budget before it is built. A formula cell gives
its cached value (<v>) and is never evaluated; dates are told by their cell style's number format,
as openpyxl does. The zip was checked by legacy.readers.safety before this runs."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse, parse

from legacy.readers.tables import Budget, ReadError, Table, TableRow, Tally, a1, trim

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RNS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COL = re.compile(r"([A-Z]+)(\d+)")


def _col(ref: str) -> int:
    if len(ref) > 7:  # past any sheet (Excel ends at XFD): no need to count how far
        return 26**7
    n = 0
    for ch in ref:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _date_text(value: dt.datetime | dt.date | dt.time | dt.timedelta) -> str:
    """A date cell as the .xls reader writes it: 2009-09-30 (with the time when it has one)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    return str(value)


def read(data: bytes, budget: Budget) -> list[Table]:
    try:
        return _read(data, budget)
    except ReadError:
        raise
    except DefusedXmlException as exc:
        raise ReadError(f"The workbook declares XML entities or a DOCTYPE ({exc.__class__.__name__}): refused, as "
                        "it could expand without limit or read files from the server.") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError) as exc:
        raise ReadError(f"The file is not a readable Excel workbook ({exc.__class__.__name__}).") from exc


@dataclass
class _Book:
    """What every sheet's cells are read against: the shared strings, the date styles, the epoch."""

    shared: list[str]
    date_styles: set[int]
    epoch: dt.datetime
    month_styles: set[int] = field(default_factory=set)  # date formats naming no day ("mmm-yy")


def _read(data: bytes, budget: Budget) -> list[Table]:
    z = zipfile.ZipFile(io.BytesIO(data))
    wb = parse(z.open("xl/workbook.xml"), forbid_dtd=True).getroot()
    relationships = parse(z.open("xl/_rels/workbook.xml.rels"), forbid_dtd=True).getroot().iter(PKG + "Relationship")
    rels = {r.get("Id"): r.get("Target") for r in relationships}
    date_styles, month_styles = _date_styles(z)
    book = _Book(_shared_strings(z, budget), date_styles, _epoch(wb), month_styles)
    tables: list[Table] = []
    tally = Tally(budget)
    for sheet in wb.iter(NS + "sheet"):
        target = rels[sheet.get(RNS + "id")]
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        rows = _sheet_rows(z.open(path), book, tally)
        tables.append(Table(sheet.get("name"), trim(rows)))
    return tables


def _epoch(wb: Element) -> dt.datetime:
    """Serial dates count from 1900 (Windows Excel) or from 1904 (older Mac workbooks)."""
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

    return MAC_EPOCH if any(p.get("date1904") in ("1", "true") for p in wb.iter(NS + "workbookPr")) else WINDOWS_EPOCH


def _shared_strings(z: zipfile.ZipFile, budget: Budget) -> list[str]:
    """The workbook's texts; a cell names one by its index. No cell can use more of them than the
    cells budget, nor a longer one than a cell may hold."""
    shared: list[str] = []
    if "xl/sharedStrings.xml" in z.namelist():
        for _, el in iterparse(z.open("xl/sharedStrings.xml"), forbid_dtd=True):
            if el.tag == NS + "si":
                text = "".join(t.text or "" for t in el.iter(NS + "t"))
                if len(text) > budget.cell_chars:
                    raise ReadError(f"The workbook holds a text of {len(text):,} characters: a cell may hold at "
                                    f"most {budget.cell_chars:,}.")
                shared.append(text)
                if len(shared) > budget.cells:
                    raise ReadError(f"The workbook holds more than {budget.cells:,} texts: split it, or ask for a "
                                    "higher limit.")
                el.clear()
    return shared


def _date_styles(z: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """The cell styles whose number format is a date format (a date cell is a number in one), and
    of those the ones that show a month without a day ("mmm-yy": Apr-25)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    date_styles: set[int] = set()
    month_styles: set[int] = set()
    if "xl/styles.xml" in z.namelist():
        st = parse(z.open("xl/styles.xml"), forbid_dtd=True).getroot()
        custom = {int(f.get("numFmtId")): f.get("formatCode") for f in st.iter(NS + "numFmt")}
        xfs = st.find(NS + "cellXfs")
        for i, xf in enumerate(xfs if xfs is not None else []):
            fid = int(xf.get("numFmtId", 0))
            fmt = custom.get(fid) or BUILTIN_FORMATS.get(fid)
            if fmt and is_date_format(fmt):
                date_styles.add(i)
                # Quoted text and [colour]/[$-locale] sections are not date codes.
                codes = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt.lower())
                if "d" not in codes and "h" not in codes and "s" not in codes and "m" in codes and "y" in codes:
                    month_styles.add(i)
    return date_styles, month_styles


def _sheet_rows(sheet: IO[bytes], book: _Book, tally: Tally) -> list[TableRow]:
    """The sheet's non-blank rows, each held to the Budget as it is read. A formula cell gives its
    cached value.

    The XML is streamed, and every element is dropped from the tree once it has been read: a row
    of a million cells, or a million blank rows, never sits in memory. A cell's column comes from
    its reference ("ZZZZ20"); a non-blank cell past the columns budget refuses the file there,
    before the row is built."""
    rows: list[TableRow] = []
    stack: list[Element] = []
    number = 0
    cells: dict[int, str] = {}
    next_col = 0
    for event, el in iterparse(sheet, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            stack.append(el)
            if el.tag == NS + "row":
                number = int(el.get("r") or number + 1)
                cells, next_col = {}, 0
            continue
        stack.pop()
        if el.tag == NS + "c":
            tally.seen(1)
            ref = el.get("r", "")
            m = _COL.match(ref)
            col = _col(m.group(1)) if m else next_col
            next_col = col + 1

            where = a1(number) if not m else _named(m.group(0))
            text = tally.text(_value(el, book), col, where)
            if text:
                tally.column(col, where)
                cells[col] = text
        elif el.tag == NS + "row":
            row = tally.row(number, cells, a1(number))
            if row:
                rows.append(row)
        elif len(stack) > 2:
            continue  # a part of a cell (its value, its inline text): read when the cell ends
        if stack:
            del stack[-1][:]
    return rows


def _named(ref: str) -> Callable[[int], str]:
    """A cell named by its own reference (ZZZZ20), whatever column it is counted as."""
    return lambda _index: ref


def _value(c: Element, book: _Book) -> object:
    from openpyxl.utils.datetime import from_excel

    t = c.get("t", "n")
    v = c.find(NS + "v")
    if t == "inlineStr":
        return "".join(x.text or "" for x in c.iter(NS + "t"))
    if v is None or v.text is None:
        return None
    if t == "s":
        return book.shared[int(v.text)]
    if t in ("str", "e"):
        return v.text
    if t == "b":
        return v.text == "1"
    num = float(v.text) if any(ch in v.text for ch in ".eE") else int(v.text)
    style = int(c.get("s", 0))
    if style in book.month_styles:
        # The month the cell shows, written as text is ("April 2025"): due at its end.
        return f"{from_excel(num, epoch=book.epoch):%B %Y}"
    if style in book.date_styles:
        return _date_text(from_excel(num, epoch=book.epoch))
    return num
