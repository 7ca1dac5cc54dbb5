"""The .xlsx exports are shaped as a spreadsheet user expects: read back with openpyxl."""

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from portal.spreadsheet import MAX_WIDTH, MONEY_FORMAT, Cell, xlsx_bytes

ROWS: list[list[Cell]] = [
    ["Ref", "Action", "Cost", "Due", "Done"],
    ["1.1", "Train every frontline officer in the DASH risk checklist " * 4, "12.50", dt.date(2009, 9, 30), 3],
    ["1.2", "Audit", Decimal("1200"), None, 0],
    ["1.3", "=HYPERLINK(\"x\")", "Nil - within existing resources", dt.date(2010, 3, 31), 1],
]


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_header_is_bold_frozen_and_filtered():
    ws = _sheet(xlsx_bytes(ROWS, title="Action plan", money=("Cost",)))
    assert ws.title == "Action plan"
    assert all(c.font.bold for c in ws[1])
    assert not ws["A2"].font.bold
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E4"


def test_cost_is_a_number_in_pounds_and_dates_are_dates():
    ws = _sheet(xlsx_bytes(ROWS, money=("Cost",)))
    assert ws["C2"].value == 12.5 and ws["C2"].data_type == "n"
    assert ws["C2"].number_format == MONEY_FORMAT
    assert ws["C3"].value == 1200 and ws["C3"].number_format == MONEY_FORMAT
    assert ws["C4"].value == "Nil - within existing resources" and ws["C4"].data_type == "s"  # words stay words
    assert ws["D2"].is_date and ws["D2"].value == dt.datetime(2009, 9, 30)
    assert ws["D2"].number_format == "dd/mm/yyyy"
    assert ws["E2"].value == 3 and ws["E2"].data_type == "n"


def test_widths_fit_the_content_and_long_text_wraps():
    ws = _sheet(xlsx_bytes(ROWS, money=("Cost",)))
    widths = {col: ws.column_dimensions[col].width for col in "ABCDE"}
    assert widths["A"] == 8  # "Ref", "1.1": the narrowest width
    assert widths["B"] == MAX_WIDTH  # the long action is capped ...
    assert ws["B2"].alignment.wrap_text  # ... and wraps
    assert not ws["B3"].alignment.wrap_text
    assert widths["C"] == len("Nil - within existing resources") + 2
    assert widths["D"] == 12


def test_formula_like_text_stays_text():
    ws = _sheet(xlsx_bytes(ROWS))
    assert ws["B4"].value == "=HYPERLINK(\"x\")" and ws["B4"].data_type == "s"
    assert ws["B4"].quotePrefix
    assert ws["C2"].value == "12.50"  # no money column asked for: text as given


def test_plan_export_has_its_cost_in_pounds(client, world):
    world.police_action.cost = Decimal("2500.00")
    world.police_action.save()
    client.force_login(world.coordinator)
    response = client.get(reverse("actions:plan_export", kwargs={"partnership": "north", "fmt": "xlsx"}))
    assert response.status_code == 200
    ws = _sheet(b"".join(response.streaming_content) if response.streaming else response.content)
    header = [c.value for c in ws[1]]
    cost = ws.cell(row=2, column=header.index("Cost") + 1)
    assert ws.freeze_panes == "A2"
    assert cost.value == 2500 and cost.number_format == MONEY_FORMAT
