"""Excel 2007+ (.xlsx), streamed: each sheet's XML is read row by row with defusedxml's iterparse
(no entity expansion, no external entities), which is several times faster than openpyxl's cell
objects. A formula cell gives its cached value (<v>) and is never evaluated; dates are told by their
cell style's number format, as openpyxl does. The zip was checked by legacy.readers.safety before this runs."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml.ElementTree import iterparse, parse

from legacy.readers.tables import ReadError, Table, TableRow, normalise, trim

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RNS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COL = re.compile(r"([A-Z]+)(\d+)")


def _col(ref: str) -> int:
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


def read(data: bytes, max_rows: int) -> list[Table]:
    try:
        return _read(data, max_rows)
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError) as exc:
        raise ReadError(f"The file is not a readable Excel workbook ({exc.__class__.__name__}).") from exc


@dataclass
class _Book:
    """What every sheet's cells are read against: the shared strings, the date styles, the epoch."""

    shared: list[str]
    date_styles: set[int]
    epoch: dt.datetime
    month_styles: set[int] = field(default_factory=set)  # date formats naming no day ("mmm-yy")


def _read(data: bytes, max_rows: int) -> list[Table]:
    z = zipfile.ZipFile(io.BytesIO(data))
    wb = parse(z.open("xl/workbook.xml")).getroot()
    relationships = parse(z.open("xl/_rels/workbook.xml.rels")).getroot().iter(PKG + "Relationship")
    rels = {r.get("Id"): r.get("Target") for r in relationships}
    date_styles, month_styles = _date_styles(z)
    book = _Book(_shared_strings(z), date_styles, _epoch(wb), month_styles)
    tables: list[Table] = []
    total = 0
    for sheet in wb.iter(NS + "sheet"):
        target = rels[sheet.get(RNS + "id")]
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        rows = _sheet_rows(z.open(path), book, max_rows, total)
        total += len(rows)
        tables.append(Table(sheet.get("name"), trim(rows)))
    return tables


def _epoch(wb: Element) -> dt.datetime:
    """Serial dates count from 1900 (Windows Excel) or from 1904 (older Mac workbooks)."""
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

    return MAC_EPOCH if any(p.get("date1904") in ("1", "true") for p in wb.iter(NS + "workbookPr")) else WINDOWS_EPOCH


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    shared: list[str] = []
    if "xl/sharedStrings.xml" in z.namelist():
        for _, el in iterparse(z.open("xl/sharedStrings.xml")):
            if el.tag == NS + "si":
                shared.append("".join(t.text or "" for t in el.iter(NS + "t")))
                el.clear()
    return shared


def _date_styles(z: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """The cell styles whose number format is a date format (a date cell is a number in one), and
    of those the ones that show a month without a day ("mmm-yy": Apr-25)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    date_styles: set[int] = set()
    month_styles: set[int] = set()
    if "xl/styles.xml" in z.namelist():
        st = parse(z.open("xl/styles.xml")).getroot()
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


def _sheet_rows(sheet: IO[bytes], book: _Book, max_rows: int, already: int) -> list[TableRow]:
    """The sheet's non-blank rows; ReadError past max_rows in the
    workbook (`already` read from the sheets before). A formula cell gives its cached value."""
    from openpyxl.utils.datetime import from_excel

    rows: list[TableRow] = []
    for _, el in iterparse(sheet):
        if el.tag != NS + "row":
            continue
        values: dict[int, object] = {}
        for c in el.iter(NS + "c"):
            m = _COL.match(c.get("r", ""))
            col = _col(m.group(1)) if m else (max(values) + 1 if values else 0)
            t = c.get("t", "n")
            v = c.find(NS + "v")
            value: object
            if t == "inlineStr":
                value = "".join(x.text or "" for x in c.iter(NS + "t"))
            elif v is None or v.text is None:
                value = None
            elif t == "s":
                value = book.shared[int(v.text)]
            elif t in ("str", "e"):
                value = v.text
            elif t == "b":
                value = v.text == "1"
            else:
                num = float(v.text) if any(ch in v.text for ch in ".eE") else int(v.text)
                style = int(c.get("s", 0))
                if style in book.month_styles:
                    # The month the cell shows, written as text is ("April 2025"): due at its end.
                    value = f"{from_excel(num, epoch=book.epoch):%B %Y}"
                elif style in book.date_styles:
                    value = _date_text(from_excel(num, epoch=book.epoch))
                else:
                    value = num
            values[col] = value
        number = int(el.get("r")) if el.get("r") else (rows[-1].number + 1 if rows else 1)
        el.clear()
        if not values:
            continue
        cells = [normalise(values.get(i)) for i in range(max(values) + 1)]
        if any(cells):
            if already + len(rows) >= max_rows:
                raise ReadError(f"The file has more than {max_rows:,} rows: split it, or ask for a higher limit.")
            rows.append(TableRow(number, cells))
    return rows
