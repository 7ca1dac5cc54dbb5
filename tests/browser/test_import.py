"""An admin imports spreadsheets in the browser: a seed file (layout detected) and a file in a layout
of the partnership's own (columns mapped on the preview page), previewed before anything is
written, then confirmed; the import is listed with its file."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from actions.models import Action
from legacy.models import ImportRecord
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data" / "legacy"

OWN_LAYOUT = (
    "Task no,Strand,Aim,Piece of work,Organisation,Deadline\n"
    "T1,Victims,Safer victims,Run the MARAC monthly,North Police,Ongoing\n"
    "T2,,,Train frontline staff,North Housing,March 2010\n"
)


@pytest.fixture
def importer(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return world


def _upload(page: Page, path: Path, year: str) -> None:
    page.goto("/p/north/import/")
    expect(page.get_by_role("heading", name="Import legacy spreadsheets")).to_be_visible()
    field(page, "File").set_input_files(str(path))
    field(page, "Plan year").fill(year)
    page.get_by_role("button", name="Preview the import").click()


def test_admin_previews_then_imports_a_seed_spreadsheet(page: Page, live_server, importer) -> None:
    sign_in(page, "alice-admin")
    _upload(page, DATA / "seed_004_lancashire.xlsx", "2007-08")
    expect(page.get_by_role("heading", name="Preview: seed_004_lancashire.xlsx")).to_contain_text("lancashire")
    expect(page.get_by_text("Nothing has been written yet.")).to_be_visible()
    expect(page.get_by_role("cell", name="new: Identifying & pooling resources")).to_be_visible()
    assert not ImportRecord.objects.exists()
    screenshot(page, "import-preview")
    assert_accessible(page, live_server)

    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("cell", name="seed_004_lancashire.xlsx")).to_be_visible()
    assert ImportRecord.objects.get().imported_by == importer.admin
    assert Action.objects.filter(plan__strategy__partnership=importer.north, plan__year_start=2007).count() == 12


def test_admin_maps_the_columns_of_a_layout_of_their_own(page: Page, live_server, importer, tmp_path) -> None:
    path = tmp_path / "our-plan.csv"
    path.write_text(OWN_LAYOUT, encoding="utf-8")
    sign_in(page, "alice-admin")
    _upload(page, path, "2010-11")
    # "Piece of work" and "Organisation" are no header the portal can guess: the column with the
    # longest texts is proposed as the action, with a warning; Organisation is not imported.
    expect(page.get_by_role("heading", name="Problems (1)")).to_have_count(0)
    proposal = "'Piece of work', the column with the longest texts, is taken as the action"
    expect(page.get_by_text(proposal)).to_be_visible()
    expect(page.get_by_text("not imported: Organisation")).to_be_visible()
    # The guesses are prefilled; the admin maps the lead and previews again.
    expect(field(page, "ref")).to_have_value("Task no")
    field(page, "Layout").select_option(label="My own layout (map the columns)")
    field(page, "action").select_option("Piece of work")
    field(page, "lead").select_option("Organisation")
    page.get_by_role("button", name="Preview again").click()
    expect(page.get_by_text("not imported: Organisation")).to_have_count(0)
    expect(page.get_by_role("cell", name="new: Train frontline staff")).to_be_visible()
    assert_accessible(page, live_server)

    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("cell", name="our-plan.csv")).to_be_visible()
    actions = {a.ref: a for a in Action.objects.filter(plan__strategy__partnership=importer.north,
                                                       plan__year_start=2010)}
    assert set(actions) == {"T1", "T2"}
    assert list(actions["T2"].lead_agencies.values_list("name", flat=True)) == ["North Housing"]
    assert actions["T2"].objective.title == "Safer victims"
