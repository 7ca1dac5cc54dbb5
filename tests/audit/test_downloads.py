"""Every file the portal hands a signed-in user to save (Content-Disposition: attachment) is recorded in the
partnership's audit log: plan and review exports, returns, evidence and import originals, with the file's
name, the URL and the address. Pages, and downloads refused, are not recorded."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import ProgressUpdate, Status
from audit.middleware import attachment_filename
from audit.models import AuditEvent
from legacy.models import ImportRecord
from reports.models import IssuedReturn
from tests.conftest import World, client_for

Kind = AuditEvent.Kind


def downloaded(client: Client, url: str, **query: str) -> AuditEvent:
    response = client.get(url, query, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    [event] = AuditEvent.objects.exclude(kind=Kind.SIGN_IN)
    assert event.ip_address == "203.0.113.7"
    return event


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_plan_export_is_recorded(world: World) -> None:
    url = reverse("actions:plan_export", kwargs={"partnership": "north", "fmt": "csv"})
    event = downloaded(client_for(world.lead), url, status="on_track")
    assert (event.kind, event.user, event.partnership) == (Kind.EXPORT, world.lead, world.north)
    assert event.details["filename"] == "north-plan-2009-10.csv"
    assert event.details["view"] == "actions:plan_export"
    assert event.path == f"{url}?status=on_track"  # what was exported: the filter too


def test_review_export_is_recorded(world: World) -> None:
    url = reverse("reviews:export", kwargs={"partnership": "north", "fmt": "xlsx"})
    event = downloaded(client_for(world.coordinator), url)
    assert (event.kind, event.partnership) == (Kind.EXPORT, world.north)
    assert event.details["filename"].endswith(".xlsx")


def test_evidence_download_is_recorded(world: World, media: None) -> None:
    update = ProgressUpdate(action=world.police_action, year_start=2009, quarter=1, status=Status.ON_TRACK,
                            narrative="First", recorded_at=timezone.now())
    update.evidence_file.save("café minutes.txt", ContentFile(b"Minutes of the SIG"), save=False)
    update.save()
    url = reverse("actions:evidence", kwargs={"partnership": "north", "pk": world.police_action.pk,
                                              "update_pk": update.pk})
    event = downloaded(client_for(world.member), url)
    assert (event.kind, event.user, event.partnership) == (Kind.EVIDENCE_DOWNLOAD, world.member, world.north)
    assert event.details["filename"] == update.evidence_file.name.rsplit("/", 1)[-1]
    assert "café" in event.details["filename"] and event.details["size"] == len(b"Minutes of the SIG")


def test_import_original_download_is_recorded(world: World, media: None) -> None:
    data = b"Ref,Action\n1.1,Run the MARAC\n"
    record = ImportRecord(partnership=world.north, year_start=2009, file_name="plan.csv",
                          sha256=hashlib.sha256(data).hexdigest(), file_format="csv", layout="portal")
    record.original.save("plan.csv", ContentFile(data), save=True)
    event = downloaded(client_for(world.admin), reverse("legacy:original", kwargs={"partnership": "north",
                                                                                   "pk": record.pk}))
    assert (event.kind, event.partnership, event.details["filename"]) == (Kind.ORIGINAL_DOWNLOAD, world.north,
                                                                          "plan.csv")


def test_issued_return_download_is_recorded(world: World) -> None:
    pdf = b"%PDF-1.7 north return as issued"
    issued = IssuedReturn.objects.create(
        partnership=world.north, plan=world.plan, year_start=2009, quarter=1, group=world.sig, pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), filename="north-2009-10-q1-return.pdf",
        issued_at=timezone.now())
    url = reverse("reports:issued", kwargs={"partnership": "north", "pk": issued.pk})
    event = downloaded(client_for(world.viewer), url)
    assert (event.kind, event.user, event.partnership) == (Kind.RETURN_DOWNLOAD, world.viewer, world.north)
    assert event.details["filename"] == "north-2009-10-q1-return.pdf" and event.details["size"] == len(pdf)


def test_pages_and_refused_downloads_are_not_recorded(world: World) -> None:
    client = client_for(world.viewer)
    assert client.get(reverse("actions:plan", kwargs={"partnership": "north"})).status_code == 403
    assert client.get(reverse("reports:index", kwargs={"partnership": "north"})).status_code == 200
    export = reverse("actions:plan_export", kwargs={"partnership": "south", "fmt": "csv"})
    assert client_for(world.lead).get(export).status_code == 404
    assert not AuditEvent.objects.exclude(kind=Kind.SIGN_IN).exists()


@pytest.mark.parametrize(("header", "name"), [
    ('attachment; filename="north-plan-2009-10.csv"', "north-plan-2009-10.csv"),
    ("attachment; filename*=utf-8''caf%C3%A9%20minutes.txt", "café minutes.txt"),
    ("Attachment", ""),
    ('inline; filename="return.pdf"', None),
    ("", None),
])
def test_attachment_filename(header: str, name: str | None) -> None:
    assert attachment_filename(header) == name
