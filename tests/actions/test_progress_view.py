"""Recording progress on the action page: leads on their own actions only, htmx and plain POST."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actions.models import ProgressUpdate, QuarterLock, Status


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def progress_url(action) -> str:
    return reverse("actions:progress_add", kwargs={"partnership": "north", "pk": action.pk})


def post_update(client, action, **extra):
    data = {"quarter": "2009-10 Q2", "status": Status.AT_RISK, "narrative": "MARAC steering group met twice",
            "barriers": "Barrier - unclear status of DARO", "evidence": "Copy of the minutes"}
    data.update(extra)
    return client.post(progress_url(action), data)


def test_lead_records_progress_on_own_action(client, world):
    client.force_login(world.lead)
    response = post_update(client, world.police_action)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=world.police_action)
    assert (update.year_start, update.quarter, update.status) == (2009, 2, Status.AT_RISK)
    assert update.author == world.lead
    world.police_action.refresh_from_db()
    assert world.police_action.status == Status.AT_RISK
    page = client.get(response.url)
    assert "MARAC steering group met twice" in page.content.decode()
    assert "Status: At risk" in page.content.decode()


def test_lead_records_progress_inline_with_htmx(client, world):
    client.force_login(world.lead)
    response = client.post(progress_url(world.police_action), {
        "quarter": "2009-10 Q1", "status": Status.ON_TRACK, "narrative": "Pilot started",
    }, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="progress"')
    assert "<html" not in html
    assert "Pilot started" in html
    assert 'hx-swap-oob="true"' in html and "Status: On track" in html
    assert ProgressUpdate.objects.filter(action=world.police_action).count() == 1


def test_lead_cannot_update_other_agencys_action(client, world):
    client.force_login(world.lead)
    response = post_update(client, world.housing_action)
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()
    world.housing_action.refresh_from_db()
    assert world.housing_action.status == Status.NOT_STARTED


def test_action_page_offers_no_progress_form_on_other_agencys_action(client, world):
    client.force_login(world.lead)
    page = client.get(reverse("actions:action", kwargs={"partnership": "north", "pk": world.housing_action.pk}))
    assert page.status_code == 200
    assert "Record progress" not in page.content.decode()


def test_member_cannot_record_progress(client, world):
    client.force_login(world.member)
    assert post_update(client, world.police_action).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_coordinator_records_progress_on_any_action(client, world):
    client.force_login(world.coordinator)
    assert post_update(client, world.housing_action).status_code == 302
    assert ProgressUpdate.objects.filter(action=world.housing_action).exists()


def test_get_on_progress_endpoint_is_refused(client, world):
    client.force_login(world.lead)
    assert client.get(progress_url(world.police_action)).status_code == 405
    assert not ProgressUpdate.objects.exists()


def test_another_partnerships_action_is_not_found(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("actions:progress_add", kwargs={"partnership": "north", "pk": world.south_action.pk}),
        {"quarter": "2009-10 Q2", "status": Status.ON_TRACK, "narrative": "x"},
    )
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_quarter_outside_the_plan_is_refused(client, world):
    client.force_login(world.lead)
    response = post_update(client, world.police_action, quarter="2010-11 Q1")
    assert response.status_code == 400
    assert "not one of the available choices" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_locked_quarter_is_refused_with_the_issue_date(client, world):
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=3,
                               locked_at=timezone.make_aware(dt.datetime(2010, 1, 12, 10, 0)))
    client.force_login(world.lead)
    response = post_update(client, world.police_action, quarter="2009-10 Q3")
    assert response.status_code == 400
    assert ("Q3 2009-10 was issued to the groups on 12 January 2010; ask a coordinator to reopen it"
            in response.content.decode())
    assert not ProgressUpdate.objects.exists()


def test_reopened_quarter_accepts_updates(client, world):
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=3, locked_at=timezone.now(),
                               reopened_at=timezone.now(), reopened_by=world.coordinator)
    client.force_login(world.lead)
    assert post_update(client, world.police_action, quarter="2009-10 Q3").status_code == 302
    assert ProgressUpdate.objects.filter(quarter=3).exists()


@pytest.mark.parametrize("name, content, message", [
    ("minutes.exe", b"MZ\x90\x00", "is not a file type the portal keeps as evidence"),
    ("minutes.pdf", b"<html>not a pdf</html>", "is not a real PDF"),
    ("minutes.docx", b"PK\x03\x04 broken zip", "is not a real Word document"),
    ("photo.png", b"\xff\xd8\xff\xe0 a jpeg named png", "is not a real PNG image"),
])
def test_bad_evidence_file_is_refused_with_a_message(client, world, name, content, message):
    client.force_login(world.lead)
    response = post_update(client, world.police_action, evidence_file=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_evidence_file_over_the_size_limit_is_refused(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(world.lead)
    response = post_update(client, world.police_action,
                           evidence_file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n" + b"x" * 200))
    assert response.status_code == 400
    assert "evidence files may be at most 100\xa0bytes" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content", [
    ("minutes.pdf", b"%PDF-1.4\n%%EOF"),
    ("minutes.docx", docx_bytes()),
    ("notes.txt", "Backed up by: the minutes – 12/01/2010".encode()),
])
def test_good_evidence_file_is_kept_and_served_to_members(client, world, name, content):
    client.force_login(world.lead)
    response = post_update(client, world.police_action, evidence_file=SimpleUploadedFile(name, content))
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.evidence_file.name.endswith(name.rsplit(".", 1)[1])
    client.force_login(world.member)
    download = client.get(reverse("actions:evidence", kwargs={
        "partnership": "north", "pk": world.police_action.pk, "update_pk": update.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


def test_coordinator_deletes_an_update_and_the_deletion_is_in_the_history(client, world):
    client.force_login(world.lead)
    post_update(client, world.police_action)
    update = ProgressUpdate.objects.get()
    url = reverse("actions:progress_delete", kwargs={"partnership": "north", "pk": world.police_action.pk,
                                                     "update_pk": update.pk})
    assert client.post(url).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not ProgressUpdate.objects.exists()
    world.police_action.refresh_from_db()
    assert world.police_action.status == Status.NOT_STARTED
    page = client.get(reverse("actions:action", kwargs={"partnership": "north", "pk": world.police_action.pk}))
    html = page.content.decode()
    assert "Deleted progress update for 2009-10 Q2" in html
    assert "carol-coordinator" in html
