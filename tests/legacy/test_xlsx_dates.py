"""Excel date cells (a number with a date format) are read as dates, in both of Excel's date systems,
and a timescale written as a date becomes the action's due date."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from actions.models import Action
from legacy.readers import Budget, xlsx
from legacy.services import legacy_import


def _workbook(mac: bool = False) -> bytes:
    wb = Workbook()
    if mac:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["Ref", "Objective", "Action", "Timescale", "Reviewed at"])
    ws.append(["A1", "Safety", "Run the MARAC", dt.datetime(2009, 9, 30), dt.datetime(2009, 10, 1, 14, 30)])
    ws["D2"].number_format = "dd/mm/yyyy"
    ws["E2"].number_format = "dd/mm/yyyy hh:mm"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("mac", [False, True])
def test_date_cells_read_as_dates_in_both_date_systems(mac):
    rows = xlsx.read(_workbook(mac), Budget(rows=100))[0].rows
    assert rows[1].cells[3:5] == ["2009-09-30", "2009-10-01 14:30"]


def test_a_timescale_written_as_a_date_is_the_due_date(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    legacy_import(user=None, data=_workbook(), filename="plan.xlsx", partnership=world.north, year_start=2011)
    action = Action.objects.get(plan__strategy__partnership=world.north, ref="A1")
    assert (action.timescale, action.due_date) == ("2009-09-30", dt.date(2009, 9, 30))


def test_a_workbook_whose_cells_point_nowhere_is_refused_plainly():
    """A shared-string index past the end of the table: the reader's own error becomes a refusal."""
    import zipfile

    from legacy.readers import ReadError, read

    good = _workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="A1" t="inlineStr"><is><t>Ref</t></is></c>',
                                    b'<c r="A1" t="s"><v>999</v></c>')
                assert b"999" in data
            dst.writestr(item, data)
    with pytest.raises(ReadError, match=r"The Excel workbook cannot be read: .*\(IndexError\)"):
        read(out.getvalue())


def test_a_layout_that_breaks_on_a_file_refuses_it_and_logs_why(monkeypatch, world, caplog):
    from legacy.layouts import lancashire_004
    from legacy.readers import ReadError
    from legacy.services import legacy_preview

    def broken(tables, ctx):
        raise IndexError("list index out of range")

    monkeypatch.setattr(lancashire_004, "parse", broken)
    with pytest.raises(ReadError, match=r"do not fit the layout 'lancashire_004' \(IndexError\)"):
        legacy_preview(user=None, data=_workbook(), filename="plan.xlsx", partnership=world.north, year_start=2011,
                       layout="lancashire_004")
    assert "layout lancashire_004 failed on plan.xlsx" in caplog.text


def test_a_month_year_date_cell_is_due_at_the_end_of_its_month_as_text_is(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    wb = Workbook()
    ws = wb.active
    ws.append(["Ref", "Objective", "Action", "Timescale"])
    ws.append(["A1", "Safety", "Run the MARAC", dt.datetime(2025, 4, 1)])
    ws.append(["A2", "Safety", "Train staff", "Apr-25"])
    ws.append(["A3", "Safety", "Audit", dt.datetime(2025, 4, 1)])
    ws["D2"].number_format = "mmm-yy"
    ws["D4"].number_format = "d-mmm-yy"
    buf = io.BytesIO()
    wb.save(buf)
    assert xlsx.read(buf.getvalue(), Budget(rows=100))[0].rows[1].cells[3] == "April 2025"
    legacy_import(user=None, data=buf.getvalue(), filename="plan.xlsx", partnership=world.north, year_start=2025)
    due = dict(Action.objects.filter(plan__strategy__partnership=world.north, ref__in=["A1", "A2", "A3"])
               .values_list("ref", "due_date"))
    assert due == {"A1": dt.date(2025, 4, 30), "A2": dt.date(2025, 4, 30), "A3": dt.date(2025, 4, 1)}
