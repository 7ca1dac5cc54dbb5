"""STORAGE_BACKEND=s3: the uploaded files live in an S3-compatible bucket every machine shares. The storage is
configured from the environment exactly as in production (the settings read in a subprocess) and talks to a
real S3 server on localhost (moto's ThreadedMotoServer, started here; nothing mocked): evidence uploaded
through the progress form and downloaded through the portal's view, a legacy import's pending upload and
original, a draft return kept and fetched, the nightly purge and the backup, all through the bucket and
nothing on the local disk."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer

from actions.models import ProgressUpdate, Status
from legacy.models import ImportRecord
from ops.backup import BackupManifest, portal_backup
from tests.conftest import World, client_for
from tests.portal.support import ROOT

REGION = "eu-west-2"
KEYS = {"AWS_ACCESS_KEY_ID": "portal-test-key", "AWS_SECRET_ACCESS_KEY": "portal-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def storage_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """portal/settings.py read in a fresh process with these variables, as at a production start."""
    full = {k: v for k, v in os.environ.items() if k != "STORAGE_BACKEND" and not k.startswith("AWS_")}
    full.update(DJANGO_SETTINGS_MODULE="portal.settings_test", **env)
    code = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True,
                          timeout=60)


class Bucket:
    def __init__(self, endpoint: str, name: str, location: str) -> None:
        self.name, self.location = name, location
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION,
                                   aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
                                   aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])
        self.client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        body: bytes = self.client.get_object(Bucket=self.name, Key=key)["Body"].read()
        return body


@pytest.fixture
def bucket(s3_endpoint: str, settings: Any, tmp_path: Path) -> Iterator[Bucket]:
    """A new bucket, and the portal's default storage in it as STORAGE_BACKEND=s3 configures it; MEDIA_ROOT
    points at an empty folder that must stay empty."""
    made = Bucket(s3_endpoint, f"portal-{uuid.uuid4().hex[:12]}", "portal")
    result = storage_settings(STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME=made.name,
                              AWS_S3_ENDPOINT_URL=s3_endpoint, AWS_S3_REGION_NAME=REGION,
                              AWS_LOCATION="/portal/", AWS_S3_ADDRESSING_STYLE="path", **KEYS)
    assert result.returncode == 0, result.stderr
    default = json.loads(result.stdout)
    settings.MEDIA_ROOT = tmp_path / "local-media"
    with override_settings(STORAGES={**settings.STORAGES, "default": default}):
        yield made
    assert not (tmp_path / "local-media").exists()  # nothing went to the local disk


def test_settings_choose_the_bucket_from_the_environment(s3_endpoint: str) -> None:
    result = storage_settings(STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="council-portal",
                              AWS_S3_ENDPOINT_URL=s3_endpoint, AWS_S3_REGION_NAME=REGION)
    default = json.loads(result.stdout)
    assert default["BACKEND"] == "ops.storage.PrivateS3Storage"
    options = default["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "council-portal", s3_endpoint, REGION)
    assert options["access_key"] is None and options["secret_key"] is None  # boto3's own chain: a role
    assert options["file_overwrite"] is False and options["default_acl"] is None
    assert json.loads(storage_settings().stdout)["BACKEND"] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.parametrize("env, message", [
    ({"STORAGE_BACKEND": "s3"}, "AWS_STORAGE_BUCKET_NAME must be set when STORAGE_BACKEND=s3"),
    ({"STORAGE_BACKEND": "azure"}, "STORAGE_BACKEND='azure': use filesystem (the default) or s3"),
    ({"STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ADDRESSING_STYLE": "dns"},
     "AWS_S3_ADDRESSING_STYLE='dns': use auto, path or virtual"),
])
def test_a_bad_storage_setting_stops_start_up_naming_it(env: dict[str, str], message: str) -> None:
    result = storage_settings(**env)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


def test_evidence_is_stored_in_the_bucket_and_downloaded_through_the_portal(bucket: Bucket, world: World) -> None:
    content = b"%PDF-1.4\nMinutes of the SIG, 12/01/2010\n%%EOF"
    lead = client_for(world.lead)
    response = lead.post(reverse("actions:progress_add", kwargs={"partnership": "north", "pk": world.police_action.pk}),
                         {"quarter": "2009-10 Q2", "status": Status.AT_RISK, "narrative": "MARAC met twice",
                          "barriers": "", "evidence": "Minutes",
                          "evidence_file": SimpleUploadedFile("sig minutes.pdf", content)})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    [key] = bucket.keys()
    assert key == f"portal/{update.evidence_file.name}" and key.endswith(".pdf")
    assert bucket.read(key) == content

    url = reverse("actions:evidence", kwargs={"partnership": "north", "pk": world.police_action.pk,
                                              "update_pk": update.pk})
    download: Any = client_for(world.member).get(url)  # a FileResponse: streamed
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == content
    assert client_for(world.outsider).get(url).status_code == 404  # the bucket changes nothing of who may
    # No link into the bucket anywhere (a pre-signed address would open the file unchecked and unlogged): the
    # admin's "Currently:" link is the portal's own media path, which nothing serves.
    assert update.evidence_file.url == f"/media/{update.evidence_file.name}"
    root = get_user_model().objects.create_superuser("root-admin", "root@example.org", "pw")
    change = client_for(root).get(reverse("admin:actions_progressupdate_change", args=[update.pk]))
    assert change.status_code == 200 and str(update.evidence_file.name) in change.content.decode()
    assert bucket.name not in change.content.decode() and "X-Amz" not in change.content.decode()
    assert client_for(world.member).get(update.evidence_file.url).status_code == 404


def test_an_import_keeps_its_pending_upload_and_original_in_the_bucket(bucket: Bucket, world: World) -> None:
    csv = b"Ref,Objective,Action,Lead,Timescale\n7.1,Safety,Run the MARAC,North Police,Ongoing\n"
    token = hashlib.sha256(csv).hexdigest()
    admin = client_for(world.admin)
    index = reverse("legacy:index", kwargs={"partnership": "north"})
    preview = admin.post(index, {"file": SimpleUploadedFile("plan.csv", csv), "year": "2009-10", "layout": ""})
    assert preview.status_code == 200
    [pending] = bucket.keys()
    assert pending.startswith("portal/") and pending.endswith(token) and bucket.read(pending) == csv

    confirm = admin.post(reverse("legacy:confirm", kwargs={"partnership": "north"}),
                         {"token": token, "file_name": "plan.csv", "year": "2009-10", "layout": "mapped"})
    assert confirm.status_code == 302
    record = ImportRecord.objects.get()
    assert bucket.keys() == [f"portal/{record.original.name}"]  # the pending upload is gone, the original kept
    download: Any = admin.get(reverse("legacy:original", kwargs={"partnership": "north", "pk": record.pk}))
    assert b"".join(download.streaming_content) == csv


def test_purge_uploads_deletes_an_abandoned_upload_from_the_bucket(bucket: Bucket, world: World,
                                                                  settings: Any) -> None:
    admin = client_for(world.admin)
    admin.post(reverse("legacy:index", kwargs={"partnership": "north"}),
               {"file": SimpleUploadedFile("plan.csv", b"Ref,Action\n1.1,Run the MARAC\n"), "year": "2009-10",
                "layout": ""})
    assert len(bucket.keys()) == 1
    call_command("purge_uploads", stdout=open(os.devnull, "w"))  # younger than IMPORT_PENDING_HOURS: kept
    assert len(bucket.keys()) == 1
    settings.IMPORT_PENDING_HOURS = 0
    call_command("purge_uploads", stdout=open(os.devnull, "w"))
    assert bucket.keys() == []


def test_a_draft_return_is_kept_in_the_bucket_and_fetched_from_it(bucket: Bucket, world: World) -> None:
    member = client_for(world.member)
    choice = {"period": f"{world.plan.pk}:2", "group": "sig"}
    page = member.get(reverse("reports:draft", args=["north"]), choice)
    assert page.status_code == 200 and b"The draft is ready" in page.content  # immediate tasks: made at once
    [kept] = bucket.keys()
    assert kept.startswith("portal/drafts/north/") and kept.endswith(".pdf")
    stored = bucket.read(kept)
    assert stored.startswith(b"%PDF")

    first = member.get(reverse("reports:download", args=["north"]), choice)
    second = member.get(reverse("reports:download", args=["north"]), choice)
    assert first.status_code == second.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content == second.content == stored
    assert bucket.keys() == [kept]  # fetched, not made again


@pytest.mark.django_db(transaction=True)  # the backup reads what is committed
def test_a_backup_takes_the_files_of_the_bucket(bucket: Bucket, world: World, tmp_path: Path) -> None:
    record = ImportRecord(partnership=world.north, year_start=2009, file_name="plan.csv", sha256="0" * 64,
                          file_format="csv", layout="portal")
    record.original.save("plan.csv", SimpleUploadedFile("plan.csv", b"Ref,Action\n"), save=True)
    manifest: BackupManifest = portal_backup(directory=tmp_path / "backup")
    assert list(manifest.files) == [record.original.name]
    assert (tmp_path / "backup" / "files" / str(record.original.name)).read_bytes() == b"Ref,Action\n"
