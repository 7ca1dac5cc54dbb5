"""Indicator values through django-import-export (the admin's flat-table import): codes are looked
up within the row's partnership, the model's and the entry form's rules apply, a bad row stops the
whole file, and a second import of the same file changes nothing."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator, Value
from indicators.resources import ValueResource
from partnerships.models import Area
from tests.conftest import client_for

HEADERS = ["partnership", "indicator", "area", "year_start", "quarter", "value", "note"]


@pytest.fixture
def twins(world):
    """The same code, NI 32, in both partnerships."""
    north = Indicator.objects.create(partnership=world.north, code="NI 32", name="Repeat incidents", unit="percent")
    south = Indicator.objects.create(partnership=world.south, code="NI 32", name="Repeat incidents", unit="percent")
    Area.objects.create(partnership=world.south, slug="south-town", name="South Town")
    return north, south


def _import(rows: list[list], dry_run: bool = False):
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    return ValueResource().import_data(dataset, dry_run=dry_run)


def test_codes_shared_by_two_partnerships_go_to_the_rows_partnership(world, twins):
    north, south = twins
    result = _import([["north", "NI 32", "north-town", 2009, 1, "19", "to June"],
                      ["south", "NI 32", "south-town", 2009, 1, "33", ""]])
    assert not result.has_errors() and not result.has_validation_errors()
    assert Value.objects.get(indicator=north).value == Decimal("19")
    assert Value.objects.get(indicator=south).value == Decimal("33")
    assert Value.history.filter(indicator_id=north.pk).count() == 1  # the change history has it


def test_an_area_of_another_partnership_is_refused_by_name(world, twins):
    result = _import([["north", "NI 32", "south-town", 2009, 1, "19", ""]])
    assert result.has_errors()
    message = str(result.row_errors()[0][1][0].error)
    assert "area 'south-town' is not one of partnership 'north's" in message
    assert not Value.objects.exists()


def test_a_row_without_partnership_is_refused(world, twins):
    result = _import([["", "NI 32", "", 2009, 1, "19", ""]])
    assert result.has_errors()
    assert "the row has no partnership" in str(result.row_errors()[0][1][0].error)


@pytest.mark.parametrize("value,quarter,reason", [
    ("140", 1, "140% is over 100% for NI 32"),
    ("-3", 1, "value_not_negative"),
    ("19", 5, "less than or equal to 4"),
])
def test_model_and_form_rules_apply_and_nothing_of_the_file_is_written(world, twins, value, quarter, reason):
    result = _import([["north", "NI 32", "north-town", 2009, 2, "20", ""],
                      ["north", "NI 32", "north-town", 2009, quarter, value, ""]])
    assert result.has_validation_errors() or result.has_errors()
    errors = " ".join(str(e) for row in result.invalid_rows for e in row.error.messages) + " ".join(
        str(e.error) for _, errs in result.row_errors() for e in errs)
    assert reason in errors
    assert not Value.objects.exists()  # the good first row is rolled back with the bad one


def test_importing_the_same_rows_twice_changes_nothing(world, twins):
    rows = [["north", "NI 32", "north-town", 2009, q, str(10 + q), ""] for q in (1, 2, 3)]
    _import(rows)
    again = _import(rows)
    assert [r.import_type for r in again.rows] == ["skip"] * 3
    assert Value.objects.count() == 3 and Value.history.count() == 3


def test_export_names_the_partnership_and_imports_back(world, twins):
    _import([["north", "NI 32", "north-town", 2009, 1, "19", "to June"]])
    exported = ValueResource().export()
    assert exported.dict[0]["partnership"] == "north"
    assert exported.dict[0]["indicator"] == "NI 32"
    again = ValueResource().import_data(exported)
    assert [r.import_type for r in again.rows] == ["skip"]


def test_superuser_imports_a_csv_through_the_admin(world, twins, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client = client_for(boss)
    page = client.get(reverse("admin:indicators_value_import")).content.decode()
    csv_index = re.search(r'<option value="(\d+)">csv</option>', page).group(1)
    csv = b"partnership,indicator,area,year_start,quarter,value,note\nnorth,NI 32,north-town,2009,3,19,to December\n"
    confirm = client.post(reverse("admin:indicators_value_import"), {
        "format": csv_index, "resource": "0", "import_file": SimpleUploadedFile("values.csv", csv, "text/csv"),
    })
    assert confirm.status_code == 200
    assert not Value.objects.exists()  # the first step only shows what would change
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', confirm.content.decode()))
    done = client.post(reverse("admin:indicators_value_process_import"), hidden)
    assert done.status_code == 302
    value = Value.objects.get()
    assert (value.indicator.partnership, value.area.slug, value.quarter, value.value, value.note) == (
        world.north, "north-town", 3, Decimal("19"), "to December")
