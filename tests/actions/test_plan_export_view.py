"""Download of the filtered plan view as .xlsx or .csv (the exporter is actions.export)."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Status
from tests.conftest import add_update


def export_url(fmt: str) -> str:
    return reverse("actions:plan_export", kwargs={"partnership": "north", "fmt": fmt})


def test_csv_export_holds_only_the_filtered_actions(client, world):
    add_update(world.police_action, 2009, 2, Status.AT_RISK)
    client.force_login(world.member)
    response = client.get(f"{export_url('csv')}?plan={world.plan.pk}&status=at_risk")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="north-plan-2009-10.csv"' == response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    body = "\n".join(",".join(r) for r in rows[1:])
    assert "Action 1.1" in body and "Action 1.2" not in body


def test_xlsx_export_opens_in_excel_format(client, world):
    client.force_login(world.member)
    response = client.get(export_url("xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "Action 1.1" in values and "Action 1.2" in values


def test_unknown_format_is_not_found(client, world):
    client.force_login(world.member)
    assert client.get(export_url("pdf")).status_code == 404


def test_export_is_refused_to_viewers(client, world):
    client.force_login(world.viewer)
    assert client.get(export_url("csv")).status_code == 403
