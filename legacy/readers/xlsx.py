"""Excel 2007+ (.xlsx), streamed: each sheet's XML is read row by row with defusedxml's iterparse
(no entity expansion, no external entities), which is several times faster than openpyxl's cell
objects. A formula cell gives its cached value (<v>) and is never evaluated; dates are told by their
cell style's number format, as openpyxl does. The zip was checked by legacy.safety before this runs."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import iterparse, parse

from legacy.readers import ReadError, Row, Table, normalise, trim

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RNS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COL = re.compile(r"([A-Z]+)(\d+)")


def _col(ref: str) -> int:
    n = 0
    for ch in ref:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _date_text(value) -> str:
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


def _read(data: bytes, max_rows: int) -> list[Table]:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    wb = parse(z.open("xl/workbook.xml")).getroot()
    rels = {r.get("Id"): r.get("Target") for r in parse(z.open("xl/_rels/workbook.xml.rels")).getroot().iter(PKG + "Relationship")}
    # Serial dates count from 1900 (Windows Excel) or from 1904 (older Mac workbooks).
    epoch = MAC_EPOCH if any(p.get("date1904") in ("1", "true") for p in wb.iter(NS + "workbookPr")) else WINDOWS_EPOCH
    shared: list[str] = []
    if "xl/sharedStrings.xml" in names:
        for _, el in iterparse(z.open("xl/sharedStrings.xml")):
            if el.tag == NS + "si":
                shared.append("".join(t.text or "" for t in el.iter(NS + "t")))
                el.clear()
    date_styles: set[int] = set()
    if "xl/styles.xml" in names:
        st = parse(z.open("xl/styles.xml")).getroot()
        custom = {int(f.get("numFmtId")): f.get("formatCode") for f in st.iter(NS + "numFmt")}
        xfs = st.find(NS + "cellXfs")
        for i, xf in enumerate(xfs if xfs is not None else []):
            fid = int(xf.get("numFmtId", 0))
            fmt = custom.get(fid) or BUILTIN_FORMATS.get(fid)
            if fmt and is_date_format(fmt):
                date_styles.add(i)
    tables, total = [], 0
    for sheet in wb.iter(NS + "sheet"):
        target = rels[sheet.get(RNS + "id")]
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        rows, width = [], 0
        for _, el in iterparse(z.open(path)):
            if el.tag != NS + "row":
                continue
            values: dict[int, object] = {}
            for c in el.iter(NS + "c"):
                m = _COL.match(c.get("r", ""))
                col = _col(m.group(1)) if m else (max(values) + 1 if values else 0)
                t = c.get("t", "n")
                v = c.find(NS + "v")
                if t == "inlineStr":
                    value = "".join(x.text or "" for x in c.iter(NS + "t"))
                elif v is None or v.text is None:
                    value = None
                elif t == "s":
                    value = shared[int(v.text)]
                elif t in ("str", "e"):
                    value = v.text
                elif t == "b":
                    value = v.text == "1"
                else:
                    num = float(v.text) if any(ch in v.text for ch in ".eE") else int(v.text)
                    value = _date_text(from_excel(num, epoch=epoch)) if int(c.get("s", 0)) in date_styles else num
                values[col] = value
            number = int(el.get("r")) if el.get("r") else (rows[-1].number + 1 if rows else 1)
            el.clear()
            if not values:
                continue
            cells = [normalise(values.get(i)) for i in range(max(values) + 1)]
            if any(cells):
                total += 1
                if total > max_rows:
                    raise ReadError(f"The file has more than {max_rows:,} rows: split it, or ask for a higher limit.")
                width = max(width, len(cells))
                rows.append(Row(number, cells))
        for r in rows:
            r.cells.extend([""] * (width - len(r.cells)))
        tables.append(Table(sheet.get("name"), trim(rows)))
    return tables
