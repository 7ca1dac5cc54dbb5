"""Builds the legacy fixtures from the seed documents' tables, as the partnerships kept them:
000 as .xls (xlwt), 001 as .docx (python-docx, one Word table per page, so rows split over a
page break), 002 and 004 as .xlsx (openpyxl, 004's priority cells merged down), 003 as .csv in
Windows-1252. Run from the repository: .venv/bin/python tests/data/legacy/make_fixtures.py
(needs ../shared/seeds; the outputs are committed, so tests do not)."""

from __future__ import annotations

import csv
import html
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[3] / "shared" / "seeds"  # /work/main/tests/data/legacy -> /work/shared/seeds


def seed(prefix: str) -> list[str]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


def cell(text: str) -> str:
    """Seed cell markup -> cell text: list items and paragraphs become lines, bullets kept."""
    text = re.sub(r"<li>\s*", "\n", text)
    text = re.sub(r"</p>\s*<p>|<br\s*/?>|</?p>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).replace("**", "")
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def cells(line: str) -> list[str]:
    return [cell(c) for c in line.split("\t")]


def paragraphs(text: str) -> str:
    """001's cells separate some paragraphs by two spaces instead of <p>: keep them as paragraphs."""
    return cell(re.sub(r"(?<=\S) {2,}(?=\S)", "<br>", text))


def is_rule(line: str) -> bool:
    return bool(re.fullmatch(r"[-\t ]+", line)) and "-" in line


# 000: BVPI 225 monitoring sheet -> .xls -----------------------------------------------------

def make_000() -> None:
    import xlwt

    lines = [line for line in seed("000") if "\t" in line]
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("BV225 2005-06")
    wrap = xlwt.easyxf("alignment: wrap on")
    for r, line in enumerate(lines):
        for c, value in enumerate(cells(line)):
            # The § lists were typed one item per line in the sheet.
            value = value.replace(" § ", "\n§ ").replace(" 2nd June", "\n2nd June").replace(" 6th Oct", "\n6th Oct") \
                .replace(" 1st Dec", "\n1st Dec").replace(" 9th Feb", "\n9th Feb") \
                .replace(". 9th March", ".\n9th March") \
                .replace(" The legislation", "\nThe legislation")
            if value:
                sheet.write(r, c, value, wrap)
    book.save(str(HERE / "seed_000_luton_bvpi225.xls"))


# 004: Lancashire -> .xlsx with merged priority cells ----------------------------------------

def make_004() -> None:
    from openpyxl import Workbook

    lines = seed("004")
    start = next(i for i, line in enumerate(lines) if line.startswith("<b>Priority"))
    rows = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        if "\t" in line:
            rows.append(cells(line))
    wb = Workbook()
    ws = wb.active
    ws.title = "Action Plan 2007-08"
    ws.append(["Lancashire Domestic Violence Strategy Action Plan 2007/08"])
    ws.append(["As outlined in the strategy as priorities and key interventions:"])
    first_of_priority = None
    for row in rows:
        ws.append(row)
        r = ws.max_row
        if row[0] and r > 3:
            if first_of_priority and r - 1 > first_of_priority:
                ws.merge_cells(start_row=first_of_priority, start_column=1, end_row=r - 1, end_column=1)
            first_of_priority = r
    if first_of_priority and ws.max_row > first_of_priority:
        ws.merge_cells(start_row=first_of_priority, start_column=1, end_row=ws.max_row, end_column=1)
    wb.save(HERE / "seed_004_lancashire.xlsx")


# 002: Luton appendix B -> .xlsx, rows joined where the document broke them over pages ---------

def make_002() -> None:
    from openpyxl import Workbook

    lines = seed("002")
    start = next(i for i, line in enumerate(lines) if line.startswith("\tObjective\tOutcome\tPerformance Measures"))
    rows: list[list[str]] = []
    for line in lines[start:]:
        if "\t" not in line or is_rule(line):
            continue
        values = cells(line)
        header = values[1] in ("Objective", "Activity")
        if not header and not values[0] and rows and rows[-1][1] not in ("Objective", "Activity"):
            prev = rows[-1]
            width = max(len(prev), len(values))
            prev += [""] * (width - len(prev))
            for i, v in enumerate(values):
                if v:
                    # A sentence broken by the page goes on with a space; a new paragraph on a new line.
                    sep = " " if v[:1].islower() else "\n"
                    prev[i] = sep.join(x for x in (prev[i], v) if x)
            continue
        rows.append(values)
    wb = Workbook()
    ws = wb.active
    ws.title = "Action Plan 2012-15"
    ws.append(["Luton Domestic Abuse Strategic Action Plan 2012/15"])
    for row in rows:
        ws.append(row[:5])
    wb.save(HERE / "seed_002_luton.xlsx")


# 003: Camden -> .csv in Windows-1252 ----------------------------------------------------------

def make_003() -> None:
    lines = seed("003")
    start = next(i for i, line in enumerate(lines) if line.startswith("Ref\tOutcome"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in lines[start:]:
        # "Actions Against Domestic Violence" is the title of the BVPI 225 definition after the plan.
        if line.startswith(("Purpose/aim", "Actions Against Domestic Violence")):
            break
        if not line.strip() or is_rule(line):
            continue
        values = cells(line) if "\t" in line else [cell(line)]
        writer.writerow(values)
    (HERE / "seed_003_camden.csv").write_bytes(out.getvalue().encode("cp1252", errors="replace"))


# 001: Bedfordshire -> .docx, one Word table per page -------------------------------------------

def make_001() -> None:
    import docx

    lines = seed("001")
    start = next(i for i, line in enumerate(lines) if line.startswith("<b>Objective 1 - "))
    pages: list[list[list[str]]] = [[]]
    pending: list[list[str]] = []
    for line in lines[start:]:
        if line.startswith("## ") or line.startswith("# "):
            break
        stripped = line.strip()
        if not stripped:
            if pages[-1]:
                pages.append([])
            continue
        if is_rule(line):
            continue
        if "\t" not in line:
            # Objective titles and aims written outside the table: put them in its first rows.
            text = cell(stripped.lstrip("- "))
            if re.match(r"^Objective \d", text):
                pending.append([text])
            elif pending:
                pending.append([text])
            continue
        values = [paragraphs(c) for c in line.split("\t")]
        if pending:
            pages[-1].extend(pending)
            pending = []
        pages[-1].append(values)
    document = docx.Document()
    document.add_heading("Bedfordshire Domestic Violence Partnership Action Plan - April 2009 - March 2010", 1)
    for page in filter(None, pages):
        width = 8
        table = document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for values in page:
            row = table.add_row()
            filled = [v for v in values if v]
            if len(filled) == 1 and re.match(r"^(Objective \d|•|-)", filled[0]) or (len(values) > 1 and values[0].startswith("Objective ") and not any(values[1:])):  # noqa: E501
                merged = row.cells[0].merge(row.cells[width - 1])
                merged.text = filled[0] if filled else ""
                continue
            if len(filled) == 1 and values[0] == filled[0] and "•" in filled[0]:
                merged = row.cells[0].merge(row.cells[width - 1])
                merged.text = filled[0]
                continue
            for i, v in enumerate(values[:width]):
                row.cells[i].text = v
        document.add_page_break()
    document.save(str(HERE / "seed_001_bedfordshire.docx"))


if __name__ == "__main__":
    if not SEEDS.exists():
        sys.exit(f"seeds not found at {SEEDS}")
    make_000()
    make_001()
    make_002()
    make_003()
    make_004()
    print("written to", HERE)
