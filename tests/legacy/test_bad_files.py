"""Every bad file gets a clear message naming what is wrong, and the database is unchanged."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.apps import apps

from indicators.models import Indicator
from legacy.apply import ImportRefused
from legacy.readers import ReadError
from legacy.services import legacy_import
from partnerships.models import Area

BAD = Path(__file__).resolve().parents[1] / "data" / "legacy" / "bad"

EXPECTED = {
    "empty.xlsx": "empty",
    "pdf_renamed.xlsx": "not a spreadsheet",
    "png_renamed.csv": "not a spreadsheet",
    "html_saved_as.xls": "web page",
    "zip_bomb.xlsx": "zip bomb",
    "deflate_bomb.xlsx": "zip bomb",
    "too_many_entries.xlsx": "parts",
    "encrypted.xlsx": "password-protected",
    "billion_laughs.xlsx": "DOCTYPE",
    "external_entity.xlsx": "DOCTYPE",
    "no_tables.docx": "no tables",
    "binary_garbage.csv": "binary",
    "not_an_office_zip.xlsx": "not an Excel",
    "missing_action_column.csv": "missing required column",
    "duplicate_refs.csv": "used twice",
    "negative_cost.csv": "negative",
    "negative_value.csv": "negative",
    "percent_over_100.csv": "over 100%",
    "other_partnership_area.csv": "belongs to another partnership",
    "unparseable_period.csv": "not a financial year",
    "unknown_indicator.csv": "is not an indicator",
    "value_not_a_number.csv": "not a number",
    "merged_cells_odd.xlsx": "action is empty",
    "action_empty.csv": "action is empty",
    "doc_97.docx": ".doc",
    # Hostile files (issue 14): tiny files claiming huge sheets, damaged zips, XML in other encodings.
    "column_zzzz.xlsx": "cell ZZZZ2 is beyond column 500",
    "column_zzzzzzz.xlsx": "cell ZZZZZZZ2 is beyond column 500",
    "cell_too_long.xlsx": "cell C2 holds 40,000 characters",
    "bad_crc.xlsx": "fails its checksum",
    "corrupt_deflate.xlsx": "a compressed part is corrupt",
    "deflate64.xlsx": "compressed with Deflate64",
    "bzip2.xlsx": "compressed with bzip2",
    "truncated.xlsx": "damaged",
    "ratio_bomb.xlsx": "zip bomb",
    "doctype_utf16.xlsx": "DOCTYPE",
    "doctype_utf16be_no_bom.xlsx": "DOCTYPE",
    "doctype_utf32.xlsx": "DOCTYPE",
    "doctype_utf32be_no_bom.xlsx": "DOCTYPE",
    "declared_utf7.xlsx": "encoding 'utf-7'",
    "doctype_in_dat_part.xlsx": "sheet1.dat declares XML entities",
    "grid_span_billion.docx": "table 1, row 2, column 1,000,000,001 is beyond column 500",
    "columns_600.docx": "table 1, row 2, column 501 is beyond column 500",
}


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in
            ("actions", "indicators", "partnerships", "legacy")}


@pytest.fixture
def bad_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Indicator.objects.create(partnership=world.north, code="NI 32", name="Repeat MARAC cases", unit="percent")
    Area.objects.create(partnership=world.south, slug="south-town", name="South Town")
    return world


def test_there_are_at_least_42_bad_files():
    assert len([p for p in BAD.iterdir() if p.suffix != ".py"]) >= 42
    assert set(EXPECTED) == {p.name for p in BAD.iterdir() if p.suffix != ".py"}


def _attempt(world, data: bytes, name: str) -> str:
    try:
        preview, _ = legacy_import(user=None, data=data, filename=name, partnership=world.north, year_start=2009)
    except ImportRefused:
        from legacy.services import legacy_preview

        preview = legacy_preview(user=None, data=data, filename=name, partnership=world.north, year_start=2009)
        assert preview.problems
        return "\n".join(str(p) for p in preview.problems)
    except ReadError as exc:
        return str(exc)
    raise AssertionError(f"{name} was imported")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_refused_with_a_clear_message_and_nothing_changes(bad_world, name):
    before = _counts()
    started = time.perf_counter()
    message = _attempt(bad_world, (BAD / name).read_bytes(), name)
    print(f"{name}: refused in {time.perf_counter() - started:.2f} s: {message[:100]}")
    assert EXPECTED[name].lower() in message.lower(), message
    assert _counts() == before


def test_a_20_mb_csv_is_refused_by_size(bad_world, tmp_path):
    path = tmp_path / "big.csv"
    line = b"1.1,Safety,Run the MARAC and keep it running,Police,Ongoing\n"
    path.write_bytes(b"Ref,Objective,Action,Lead,Timescale\n" + line * (20 * 1024 * 1024 // len(line) + 1))
    before = _counts()
    assert "the limit is 10 MB" in _attempt(bad_world, path.read_bytes(), "big.csv")
    assert _counts() == before


def test_too_many_rows_are_refused(bad_world, settings):
    settings.IMPORT_MAX_ROWS = 50
    data = "Ref,Objective,Action\n" + "".join(f"1.{i},Safety,Action {i}\n" for i in range(60))
    before = _counts()
    assert "more than 50 rows" in _attempt(bad_world, data.encode(), "rows.csv")
    assert _counts() == before


def test_cp1252_bytes_in_a_file_claimed_as_utf8_still_import_correctly(bad_world):
    data = "Ref,Objective,Action,Resources\n1.1,Safety,Run the MARAC,£25k for MARAC Co-ordinator\n".encode("cp1252")
    preview, _ = legacy_import(user=None, data=data, filename="utf8.csv", partnership=bad_world.north, year_start=2009)
    action = bad_world.plan.actions.get(ref="1.1")
    assert action.resources == "£25k for MARAC Co-ordinator"
    assert action.cost == 25000


def test_a_formula_cell_is_imported_as_text_and_escaped_on_export(bad_world):
    from actions.export import export_plan
    from actions.models import Action

    data = b"Ref,Objective,Action\n9.1,Safety,\"=cmd|'/C calc'!A0\"\n"
    legacy_import(user=None, data=data, filename="f.csv", partnership=bad_world.north, year_start=2009)
    action = Action.objects.get(plan=bad_world.plan, ref="9.1")
    assert action.description == "=cmd|'/C calc'!A0"
    assert b"'=cmd|" in export_plan(Action.objects.filter(pk=action.pk), "csv")
