"""The annual return: a coordinator enters a year (a negative count or totals that do not add up are
refused with a message naming the item, and nothing is written), a member reads it with counts of 1 to 4
shown as "fewer than 5" beside last year's, and the export says the same, laid out item by item."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from part4.models import AnnualReturn, Board
from tests.conftest import World

FULL = {"people_total": 12, "people_women": 6, "people_men": 2, "people_trans": 0, "people_children": 4}


def url(name: str, **kwargs: object) -> str:
    return reverse(f"part4:{name}", kwargs={"partnership": "north", **kwargs})


def test_a_coordinator_enters_a_years_return(world: World, as_role, board: Board) -> None:
    response = as_role("coordinator").post(url("return_add", pk=board.pk),
                                           {"year": "2024-25", **FULL, "char_any": "3"})
    saved = AnnualReturn.objects.get()
    assert response.status_code == 302 and response["Location"] == url("return", pk=saved.pk)
    assert saved.year_start == 2024 and saved.figures == {**FULL, "char_any": 3}
    assert saved.history.count() == 1


def test_bad_counts_are_refused_by_name_and_nothing_is_written(world: World, as_role, board: Board) -> None:
    client = as_role("coordinator")
    page = client.post(url("return_add", pk=board.pk), {"year": "2024-25", "people_men": "-1"}).content.decode()
    assert "Men cannot be negative." in page
    page = client.post(url("return_add", pk=board.pk), {"year": "2024-25", "people_women": "2.5"}).content.decode()
    assert "Women: enter a whole number (0 or more)." in page
    page = client.post(url("return_add", pk=board.pk),
                       {"year": "2024-25", **FULL, "people_total": "13"}).content.decode()
    assert "Individuals supported (total) is 13, but its parts add up to 12" in page
    page = client.post(url("return_add", pk=board.pk), {"year": "2019-20", **FULL}).content.decode()
    assert "the first return is for 2021-22" in page
    assert not AnnualReturn.objects.exists()


def test_a_return_cannot_be_submitted_with_mandatory_items_missing(world: World, as_role, board: Board) -> None:
    annual_return = AnnualReturn.objects.create(board=board, year_start=2024, figures=FULL)
    page = as_role("coordinator").post(url("return_edit", pk=annual_return.pk),
                                       {**FULL, "submitted_on": "2025-05-01"}).content.decode()
    assert "Households supported (total) is a mandatory item" in page
    annual_return.refresh_from_db()
    assert annual_return.submitted_on is None


def test_readers_see_small_counts_suppressed_beside_last_year(world: World, as_role, board: Board) -> None:
    AnnualReturn.objects.create(board=board, year_start=2023, figures={"people_total": 9, "people_men": 3})
    current = AnnualReturn.objects.create(board=board, year_start=2024, figures=FULL)
    response = as_role("member").get(url("return", pk=current.pk))
    page = response.content.decode()
    rows = {r.item.code: r for block in response.context["sections"] for r in block.rows}
    assert rows["people_men"].value == "fewer than 5" and rows["people_men"].previous == "fewer than 5"
    assert rows["people_total"].value == "12" and rows["people_total"].change == "+3"
    assert rows["people_men"].change == ""  # a change would give a suppressed count away
    assert "Change the figures" not in page
    assert ">2<" not in page and ">3<" not in page


def test_the_export_suppresses_small_counts_and_lists_every_item(world: World, as_role, board: Board) -> None:
    current = AnnualReturn.objects.create(board=board, year_start=2024, figures=FULL)
    response = as_role("member").get(url("return_export", pk=current.pk, fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(["Section", "Item", "Mandatory or voluntary", "2024-25", "2023-24", "Change"])
    items = {row[1]: row for row in rows[header + 1:]}
    assert items["Women"][2:5] == ["Mandatory", 6, "no return"]
    assert items["Men"][3] == "fewer than 5" and items["Children"][3] == "fewer than 5"
    assert items["Black and minoritised survivors"][2:4] == ["Voluntary", "not given"]
    csv_text = as_role("member").get(url("return_export", pk=current.pk, fmt="csv")).content.decode("utf-8-sig")
    assert "People supported in safe accommodation,Men,Mandatory,fewer than 5,no return," in csv_text
    assert as_role("member").get(url("return_export", pk=current.pk, fmt="pdf")).status_code == 404


def test_another_partnerships_return_is_not_found(world: World, as_role) -> None:
    from partnerships.models import Group

    group = Group.objects.create(partnership=world.south, slug="lpb", name="South LPB")
    south = AnnualReturn.objects.create(board=Board.objects.create(partnership=world.south, group=group,
                                                                   council="South Council"), year_start=2024)
    for name in ("return", "return_edit"):
        assert as_role("coordinator").get(url(name, pk=south.pk)).status_code == 404


def test_return_page_queries_are_fixed(world: World, as_role, board: Board, django_assert_max_num_queries) -> None:
    AnnualReturn.objects.create(board=board, year_start=2023, figures=FULL)
    current = AnnualReturn.objects.create(board=board, year_start=2024, figures=FULL)
    client = as_role("member")
    with django_assert_max_num_queries(9):
        assert client.get(url("return", pk=current.pk)).status_code == 200
