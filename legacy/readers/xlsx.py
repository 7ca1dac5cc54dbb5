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
from typing import IO, TYPE_CHECKING
from xml.etree.ElementTree import Element, ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from legacy.readers.tables import Budget, ReadError, Table, TableRow, Tally, a1, colour_name, trim

if TYPE_CHECKING:
    from xml.parsers.expat import XMLParserType as xmlparser

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
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError, expat.ExpatError) as exc:
        raise ReadError(f"The file is not a readable Excel workbook ({exc.__class__.__name__}).") from exc


@dataclass
class _Book:
    """What every sheet's cells are read against: the shared strings, the date styles, the epoch."""

    shared: list[str]
    date_styles: set[int]
    epoch: dt.datetime
    month_styles: set[int] = field(default_factory=set)  # date formats naming no day ("mmm-yy")
    fill_styles: dict[int, str] = field(default_factory=dict)  # cell style -> its fill's colour name


def _expat(start: Callable[[str, dict[str, str]], None], end: Callable[[str], None],
           text: Callable[[str], None]) -> xmlparser:
    """An expat parser calling back for each element and run of text, names as "namespace local",
    that refuses a DOCTYPE and any entity declaration as defusedxml does (legacy.readers.safety has
    already refused a package declaring one; this is the second line)."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_args: object) -> None:
        raise ReadError("The workbook declares XML entities or a DOCTYPE: refused, as it could expand without "
                        "limit or read files from the server.")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = 1024 * 1024
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    return parser


_C, _V, _T, _IS, _ROW, _SI = (f"{NS[1:-1]} {name}" for name in ("c", "v", "t", "is", "row", "si"))


def _read(data: bytes, budget: Budget) -> list[Table]:
    z = zipfile.ZipFile(io.BytesIO(data))
    wb = parse(z.open("xl/workbook.xml"), forbid_dtd=True).getroot()
    relationships = parse(z.open("xl/_rels/workbook.xml.rels"), forbid_dtd=True).getroot().iter(PKG + "Relationship")
    rels = {r.get("Id"): r.get("Target") for r in relationships}
    date_styles, month_styles, fill_styles = _styles(z)
    book = _Book(_shared_strings(z, budget), date_styles, _epoch(wb), month_styles, fill_styles)
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
    if "xl/sharedStrings.xml" not in z.namelist():
        return shared
    parts: list[str] = []
    collect: list[str | None] = [None]  # "t" while inside a <t>

    def start(name: str, _attrs: dict[str, str]) -> None:
        if name == _T:
            collect[0] = "t"
        elif name == _SI:
            parts.clear()

    def end(name: str) -> None:
        if name == _T:
            collect[0] = None
        elif name == _SI:
            text = "".join(parts)
            if len(text) > budget.cell_chars:
                raise ReadError(f"The workbook holds a text of {len(text):,} characters: a cell may hold at "
                                f"most {budget.cell_chars:,}.")
            shared.append(text)
            if len(shared) > budget.cells:
                raise ReadError(f"The workbook holds more than {budget.cells:,} texts: split it, or ask for a "
                                "higher limit.")

    def text(data: str) -> None:
        if collect[0]:
            parts.append(data)

    _expat(start, end, text).ParseFile(z.open("xl/sharedStrings.xml"))
    return shared


# Excel's default theme (Office), for a fill coloured by theme when the workbook has no theme part:
# lt1, dk1, lt2, dk2 (as fills number them), then accent1 to accent6.
_OFFICE_THEME = ["FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"]
_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _theme_colours(z: zipfile.ZipFile) -> list[str]:
    """The workbook theme's colours, in the order fills number them (light 1 and dark 1 swapped)."""
    name = "xl/theme/theme1.xml"
    if name not in z.namelist():
        return _OFFICE_THEME
    scheme = next(parse(z.open(name), forbid_dtd=True).getroot().iter(_DRAWING + "clrScheme"), None)
    colours = []
    for slot in scheme if scheme is not None else []:
        colour = next(iter(slot), None)
        colours.append((colour.get("val") or colour.get("lastClr") or "") if colour is not None else "")
    if len(colours) < 10:
        return _OFFICE_THEME
    colours[0], colours[1], colours[2], colours[3] = colours[1], colours[0], colours[3], colours[2]
    return colours


def _fill_colours(z: zipfile.ZipFile, st: Element) -> list[str | None]:
    """Each fill's colour name (None: no fill, or white, grey or black), by the fill's index."""
    from openpyxl.styles.colors import COLOR_INDEX

    theme: list[str] | None = None
    names: list[str | None] = []
    fills = st.find(NS + "fills")
    for fill in fills if fills is not None else []:
        pattern = fill.find(NS + "patternFill")
        colour = pattern.find(NS + "fgColor") if pattern is not None else None
        if pattern is None or colour is None or pattern.get("patternType", "none") == "none":
            names.append(None)
            continue
        rgb = colour.get("rgb") or ""
        if not rgb and (indexed := colour.get("indexed", "")).isdigit() and int(indexed) < len(COLOR_INDEX):
            rgb = COLOR_INDEX[int(indexed)]
        if not rgb and (number := colour.get("theme", "")).isdigit():
            theme = theme if theme is not None else _theme_colours(z)
            rgb = theme[int(number)] if int(number) < len(theme) else ""
        names.append(colour_name(rgb) if rgb else None)
    return names


def _styles(z: zipfile.ZipFile) -> tuple[set[int], set[int], dict[int, str]]:
    """The cell styles whose number format is a date format (a date cell is a number in one), of
    those the ones that show a month without a day ("mmm-yy": Apr-25), and the colour name of each
    style's fill that has a colour."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    date_styles: set[int] = set()
    month_styles: set[int] = set()
    fill_styles: dict[int, str] = {}
    if "xl/styles.xml" in z.namelist():
        st = parse(z.open("xl/styles.xml"), forbid_dtd=True).getroot()
        custom = {int(f.get("numFmtId")): f.get("formatCode") for f in st.iter(NS + "numFmt")}
        fills = _fill_colours(z, st)
        xfs = st.find(NS + "cellXfs")
        for i, xf in enumerate(xfs if xfs is not None else []):
            fill = int(xf.get("fillId", 0))
            if fill < len(fills) and (name := fills[fill]):
                fill_styles[i] = name
            fid = int(xf.get("numFmtId", 0))
            fmt = custom.get(fid) or BUILTIN_FORMATS.get(fid)
            if fmt and is_date_format(fmt):
                date_styles.add(i)
                # Quoted text and [colour]/[$-locale] sections are not date codes.
                codes = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt.lower())
                if "d" not in codes and "h" not in codes and "s" not in codes and "m" in codes and "y" in codes:
                    month_styles.add(i)
    return date_styles, month_styles, fill_styles


class _Sheet:
    """One sheet's rows, read by expat callbacks a cell at a time: nothing but the current cell's
    text is held, whatever the sheet stores. A cell's column comes from its reference ("ZZZZ20");
    a non-blank cell past the columns budget refuses the file there, before its row is built."""

    def __init__(self, book: _Book, tally: Tally) -> None:
        self.book, self.tally = book, tally
        self.rows: list[TableRow] = []
        self.number = 0
        self.cells: dict[int, str] = {}
        self.fills: dict[int, str] = {}
        self.next_col = 0
        self.attrs: dict[str, str] | None = None  # of the cell being read
        self.value: list[str] | None = None  # its <v> text
        self.inline: list[str] | None = None  # its inline string's <t> texts
        self.collect: list[str] | None = None  # where text goes now

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _C:
            self.attrs, self.value, self.inline = attrs, None, None
        elif self.attrs is None:
            if name == _ROW:
                self.number = int(attrs.get("r") or self.number + 1)
                self.cells, self.fills, self.next_col = {}, {}, 0
        elif name == _V:
            self.value = self.collect = []
        elif name == _T:
            if self.inline is None:
                self.inline = []
            self.collect = self.inline
        elif name == _IS and self.inline is None:
            self.inline = []

    def text(self, data: str) -> None:
        if self.collect is not None:
            self.collect.append(data)

    def end(self, name: str) -> None:
        if name == _V or name == _T:
            self.collect = None
        elif name == _C:
            self._cell()
        elif name == _ROW:
            row = self.tally.row(self.number, self.cells, a1(self.number))
            if row:
                row.fills = self.fills
                self.rows.append(row)

    def _cell(self) -> None:
        attrs, self.attrs = self.attrs or {}, None
        self.tally.seen(1)
        ref = attrs.get("r", "")
        m = _COL.match(ref)
        col = _col(m.group(1)) if m else self.next_col
        self.next_col = col + 1
        # A coloured cell's colour: a tracker's status when the cell is blank or holds a mark, and
        # its key's colours ("Completed" on blue).
        fill = self.book.fill_styles.get(int(attrs["s"])) if attrs.get("s", "").isdigit() else None
        if fill and col < self.tally.budget.columns:
            self.fills[col] = fill
        if self.value is None and self.inline is None:
            return  # a blank (styled) cell: nothing to read
        where = _named(m.group(0)) if m else a1(self.number)
        text = self.tally.text(_value(attrs, self.value, self.inline, self.book), col, where)
        if text:
            self.tally.column(col, where)
            self.cells[col] = text


def _sheet_rows(sheet: IO[bytes], book: _Book, tally: Tally) -> list[TableRow]:
    """The sheet's non-blank rows, each held to the Budget as it is read. A formula cell gives its
    cached value."""
    reader = _Sheet(book, tally)
    _expat(reader.start, reader.end, reader.text).ParseFile(sheet)
    return reader.rows


def _named(ref: str) -> Callable[[int], str]:
    """A cell named by its own reference (ZZZZ20), whatever column it is counted as."""
    return lambda _index: ref


def _value(attrs: dict[str, str], value: list[str] | None, inline: list[str] | None, book: _Book) -> object:
    from openpyxl.utils.datetime import from_excel

    t = attrs.get("t", "n")
    if t == "inlineStr":
        return "".join(inline or [])
    if value is None:
        return None
    v = "".join(value)
    if not v:
        return None
    if t == "s":
        return book.shared[int(v)]
    if t in ("str", "e"):
        return v
    if t == "b":
        return v == "1"
    num = float(v) if any(ch in v for ch in ".eE") else int(v)
    style = int(attrs.get("s", 0))
    if style in book.month_styles:
        # The month the cell shows, written as text is ("April 2025"): due at its end.
        return f"{from_excel(num, epoch=book.epoch):%B %Y}"
    if style in book.date_styles:
        return _date_text(from_excel(num, epoch=book.epoch))
    return num
