"""Hostile files too big to commit, made here from tests/data/legacy/bad/make_bad.py: each refused
with a message naming what is wrong, within the reading budget (the child process is stopped at
settings.IMPORT_READ_SECONDS, so every call below returns), and the database unchanged. Files
that are only sparse (a row of blank cells, a cell merged down thousands of rows) read as they
should, as wide as their last value."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

import pytest
from django.apps import apps

from actions.models import Action
from legacy import readers
from legacy.readers import ReadError
from legacy.services import legacy_import

BAD = Path(__file__).resolve().parents[1] / "data" / "legacy" / "bad"


def _make_bad() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_bad = _make_bad()


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in
            ("actions", "indicators", "partnerships", "legacy")}


@pytest.fixture
def north(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return world.north


def _refused(north, data: bytes, name: str) -> str:
    """The refusal's message; asserts nothing was written, prints how long the refusal took."""
    before = _counts()
    started = time.perf_counter()
    with pytest.raises(ReadError) as refused:
        legacy_import(user=None, data=data, filename=name, partnership=north, year_start=2009)
    print(f"{name} ({len(data):,} bytes): refused in {time.perf_counter() - started:.2f} s: {str(refused.value)[:120]}")
    assert _counts() == before
    return str(refused.value)


def test_a_2_mb_csv_of_a_million_columns_is_refused_naming_the_first_cell_past_column_500(north):
    data = make_bad.wide_csv(1_000_000)
    assert 1_900_000 < len(data) < 2_100_000
    assert "The cell SG2 is beyond column 500" in _refused(north, data, "million_columns.csv")


def test_a_workbook_of_20_cells_at_column_zzzz_is_refused_at_once(north):
    data = make_bad.far_column("ZZZZ")
    assert len(data) < 6000
    assert "The cell ZZZZ2 is beyond column 500" in _refused(north, data, "zzzz.xlsx")


def test_a_cell_at_column_zzzzzzz_is_refused_without_counting_out_the_columns(north):
    assert "The cell ZZZZZZZ2 is beyond column 500" in _refused(north, make_bad.far_column("ZZZZZZZ", 1), "z.xlsx")


def test_blank_cells_cost_nothing_a_csv_row_is_as_wide_as_its_last_value(north):
    data = b"Ref,Objective,Action\n7.1,Safety,Run the MARAC" + b"," * 400_000 + b"\n"
    rows = readers.read(data).tables[0].rows
    assert [len(r.cells) for r in rows] == [3, 3]
    legacy_import(user=None, data=data, filename="trailing_commas.csv", partnership=north, year_start=2009)
    assert Action.objects.filter(plan__strategy__partnership=north, ref="7.1", description="Run the MARAC").exists()


def test_a_value_at_column_500_is_read_and_the_row_built_500_wide(north):
    rows = make_bad.inline("A2", "1.1") + make_bad.inline("C2", "Run the MARAC") + make_bad.inline("SF2", "far")
    tables = readers.read(make_bad.with_sheet(make_bad.sheet_xml(f'<row r="2">{rows}</row>'))).tables
    assert len(tables[0].rows[1].cells) == 500 and tables[0].rows[1].cells[-1] == "far"


def test_a_sheet_storing_more_cells_than_the_budget_is_refused_even_when_all_are_blank(north, settings):
    settings.IMPORT_MAX_CELLS = 10_000
    message = _refused(north, make_bad.blank_cells(rows=200, per_row=60), "formatted.xlsx")
    assert "stores more than 10,000 cells (blank ones included)" in message


def test_xls_rows_built_past_the_cells_budget_are_refused(north):
    # 5,000 rows, each with one cell at column 201: 1,005,000 cells once built.
    message = _refused(north, make_bad.xls_wide_rows(rows=5000, column=200), "wide.xls")
    assert "more than 1,000,000 cells" in message


def test_an_xls_cell_at_iv65536_is_read_without_padding_the_sheet_and_refused_past_a_lower_column_budget(
        north, settings):
    data = make_bad.xls_far_cell()
    started = time.perf_counter()
    tables = readers.read(data).tables
    print(f"xls with a cell at IV65536 read in {time.perf_counter() - started:.2f} s")
    assert [len(r.cells) for r in tables[0].rows] == [3, 256]
    assert tables[0].rows[1].number == 65536
    settings.IMPORT_MAX_COLUMNS = 100
    assert "The cell IV65536 is beyond column 100" in _refused(north, data, "far.xls")


def test_the_text_in_all_cells_has_a_budget(north, settings):
    settings.IMPORT_MAX_TEXT_CHARS = 1000
    data = b"Ref,Objective,Action\n" + b"".join(b"1.%d,Safety,%s\n" % (i, b"x" * 100) for i in range(20))
    assert "more than 1,000 characters of text" in _refused(north, data, "text.csv")


def test_a_word_cell_merged_down_3000_rows_is_read_in_one_pass(north):
    data = make_bad.docx_vertical_merge(3000)
    started = time.perf_counter()
    rows = readers.read(data).tables[0].rows
    print(f"docx with a cell merged down 3,000 rows read in {time.perf_counter() - started:.2f} s")
    assert len(rows) == 3001
    assert rows[-1].cells == ["1", "Safety", "Action 3000"]  # the merged cell's text on every row it covers


def test_a_file_that_reads_past_the_time_budget_is_stopped_and_refused(north, settings):
    settings.IMPORT_READ_SECONDS = 1
    data = make_bad.blank_cells(rows=10_000, per_row=90)  # 900,000 blank cells: within the cells budget
    message = _refused(north, data, "slow.xlsx")
    assert "could not be read within 1 seconds, the limit for one file" in message


def test_a_file_that_needs_more_memory_than_the_budget_is_refused(north, settings):
    settings.IMPORT_READ_MEMORY_MB = 64
    data = make_bad.wide_csv(3_300_000, cell="ab")  # 9.9 MB; the csv module builds 3.3 million strings
    assert "needs more than 64 MB of memory to read" in _refused(north, data, "memory.csv")


def test_a_plan_reads_again_after_a_reader_was_stopped(north, settings):
    settings.IMPORT_READ_SECONDS = 1
    _refused(north, make_bad.blank_cells(rows=10_000, per_row=90), "slow.xlsx")
    settings.IMPORT_READ_SECONDS = 30
    legacy_import(user=None, data=b"Ref,Objective,Action\n7.1,Safety,Run the MARAC\n", filename="plan.csv",
                  partnership=north, year_start=2009)
    assert Action.objects.filter(plan__strategy__partnership=north, ref="7.1").exists()
