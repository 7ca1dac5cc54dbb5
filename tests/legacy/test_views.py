"""The import pages: admins only, preview writes nothing, confirm (POST) imports, GET refused."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action
from legacy.models import ImportRecord
from tests.conftest import client_for

CSV = b"Ref,Objective,Action,Lead,Timescale\n7.1,Safety,Run the MARAC,North Police,Ongoing\n"


@pytest.fixture
def admin_client(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return client_for(world.admin)


def _url(world, name: str = "legacy:index") -> str:
    return reverse(name, kwargs={"partnership": world.north.slug})


@pytest.mark.parametrize("role", ["coordinator", "lead", "member", "viewer"])
def test_non_admins_cannot_open_the_import_page(as_role, world, role):
    assert as_role(role).get(_url(world)).status_code == 403


def test_outsider_gets_404(as_role, world):
    assert as_role("outsider").get(_url(world)).status_code == 404


def test_upload_shows_preview_and_writes_nothing(admin_client, world):
    response = admin_client.post(_url(world), {"file": SimpleUploadedFile("plan.csv", CSV), "year": "2009-10",
                                               "layout": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 to create, 1 to change" in page
    assert "new: Run the MARAC" in page  # what the new action holds
    assert "title: <del>Partnership working</del> &rarr; <ins>Safety</ins>" in page  # old and new
    assert "Run the MARAC" not in Action.objects.values_list("description", flat=True)
    assert response.context["counts"]["create"] == 1  # the action (objective 1 is renamed: a change)
    assert response.context["counts"]["change"] == 1


def test_confirm_imports_and_records_the_file(admin_client, world):
    admin_client.post(_url(world), {"file": SimpleUploadedFile("plan.csv", CSV), "year": "2009-10", "layout": ""})
    token = hashlib.sha256(CSV).hexdigest()
    response = admin_client.post(_url(world, "legacy:confirm"), {"token": token, "file_name": "plan.csv",
                                                                 "year": "2009-10", "layout": "mapped"})
    assert response.status_code == 302
    action = Action.objects.get(plan=world.plan, ref="7.1")
    assert list(action.lead_agencies.all()) == [world.police]
    record = ImportRecord.objects.get()
    assert record.sha256 == token and record.imported_by == world.admin and record.created == 1
    download = admin_client.get(reverse("legacy:original", kwargs={"partnership": "north", "pk": record.pk}))
    assert b"".join(download.streaming_content) == CSV


def test_confirm_refuses_get(admin_client, world):
    assert admin_client.get(_url(world, "legacy:confirm")).status_code == 405


def test_preview_refuses_get(admin_client, world):
    assert admin_client.get(_url(world, "legacy:preview")).status_code == 405


def test_another_partnerships_original_is_not_found(admin_client, world):
    south = ImportRecord.objects.create(partnership=world.south, year_start=2009, file_name="s.csv", sha256="0" * 64,
                                        file_format="csv", layout="mapped", original="imports/s.csv")
    url = reverse("legacy:original", kwargs={"partnership": "north", "pk": south.pk})
    assert admin_client.get(url).status_code == 404


def test_bad_file_upload_shows_the_message(admin_client, world):
    response = admin_client.post(_url(world), {"file": SimpleUploadedFile("plan.xlsx", b"%PDF-1.4 nope"),
                                               "year": "2009-10", "layout": ""})
    assert response.status_code == 400
    assert b"not a spreadsheet" in response.content


def test_an_unknown_status_is_a_warning_on_the_preview_and_the_import_is_offered(admin_client, world):
    data = b"Ref,Objective,Action,Status\n7.1,Safety,Run the MARAC,Purple\n"
    response = admin_client.post(_url(world), {"file": SimpleUploadedFile("plan.csv", data), "year": "2009-10",
                                               "layout": ""})
    page = response.content.decode()
    assert "Warnings (1)" in page
    assert "&#x27;Purple&#x27; is not a status the portal reads" in page
    assert "Problems (" not in page
    assert reverse("legacy:confirm", kwargs={"partnership": world.north.slug}) in page


def test_unmapped_columns_are_listed_on_the_preview(admin_client, world):
    data = b"Task no,Task,Owner,Cross Reference Point\nT1,Run the MARAC,Police,DHR 3.2\n"
    response = admin_client.post(_url(world), {"file": SimpleUploadedFile("plan.csv", data), "year": "2009-10",
                                               "layout": ""})
    page = response.content.decode()
    assert "not imported: Cross Reference Point" in page, page[page.find("<main"):page.find("<form")]
