from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import World, client_for
from tests.reviews.factories import make_recommendation, make_review


def url(fmt: str, slug: str = "north") -> str:
    return reverse("reviews:export", kwargs={"partnership": slug, "fmt": fmt})


def test_csv_has_every_recommendation_with_formulas_escaped(world: World) -> None:
    review = make_review(world.north)
    make_recommendation(review, "1", text="=HYPERLINK(\"http://evil\")", agency=world.police,
                        target_date=dt.date(2020, 1, 1))
    make_recommendation(make_review(world.south, "SOUTH 1"), "1", text="South's")
    response = client_for(world.coordinator).get(url("csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Recommendation text"] == "'=HYPERLINK(\"http://evil\")"
    assert row["Addressed to"] == "North Police" and row["Overdue"] == "Yes" and row["Review"] == "DHR 2024/01"


def test_xlsx_cells_are_strings(world: World) -> None:
    make_recommendation(make_review(world.north), "1", text="+1+1")
    response = client_for(world.admin).get(url("xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(2, header.index("Recommendation text") + 1)
    # A string with Excel's quote prefix: never a formula, and no apostrophe added to the text.
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("+1+1", "s", True)


def test_unknown_format_is_not_found_and_members_are_refused(world: World) -> None:
    assert client_for(world.coordinator).get(url("pdf")).status_code == 404
    assert client_for(world.member).get(url("csv")).status_code == 403
