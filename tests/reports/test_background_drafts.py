"""Draft returns are made in the background (the tasks framework) and kept until the plan's data
changes: the draft page shows the progress and polls; the download is the kept file; a second
request for unchanged data renders nothing; any change to the data makes a new draft."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from actions.models import ActionPlan
from actions.services import progress_record
from partnerships.periods import Quarter
from reports import services
from reports.drafts import draft_for

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def url(name: str) -> str:
    return reverse(f"reports:{name}", args=["north"])


def choice(world, quarter: int = 2, group: str = "sig") -> dict:
    return {"period": f"{world.plan.pk}:{quarter}", "group": group}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """Counts the PDFs laid out (each call still renders for real)."""
    laid_out: list[int] = []
    real = services.render_pdf

    def counting(html: str, **kwargs):
        laid_out.append(1)
        return real(html, **kwargs)

    monkeypatch.setattr(services, "render_pdf", counting)
    return laid_out


def plan_of(world) -> ActionPlan:
    return ActionPlan.objects.select_related("strategy__partnership").get(pk=world.plan.pk)


def test_draft_page_shows_the_draft_ready_and_the_download_is_the_kept_file(client, world, renders, media):
    client.force_login(world.member)
    page = client.get(url("draft"), choice(world))
    assert page.status_code == 200 and renders == [1]  # the immediate backend ran the task at once
    assert b"The draft is ready" in page.content and b"north-2009-10-q2-sig-draft.pdf" in page.content
    kept = list((media / "drafts" / "north").rglob("*.pdf"))
    assert len(kept) == 1

    first = client.get(url("download"), choice(world))
    second = client.get(url("download"), choice(world))
    assert first.status_code == second.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content == second.content == kept[0].read_bytes() and first.content.startswith(b"%PDF")
    assert renders == [1]  # both downloads were served from the kept file


def test_a_progress_update_changes_the_fingerprint_and_makes_a_new_draft(client, world, renders, media):
    client.force_login(world.coordinator)
    before = draft_for(plan=plan_of(world), quarter=Quarter(2009, 2), group=world.sig, user=world.coordinator)
    assert client.get(url("download"), choice(world)).status_code == 200 and renders == [1]

    progress_record(action=world.police_action, user=world.coordinator, quarter=Quarter(2009, 2),
                    status="at_risk", narrative="Training postponed: trainer unavailable")
    after = draft_for(plan=plan_of(world), quarter=Quarter(2009, 2), group=world.sig, user=world.coordinator)
    assert after.fingerprint != before.fingerprint
    response = client.get(url("download"), choice(world))
    assert response.status_code == 200 and renders == [1, 1]
    # The draft of the older data is gone: one kept file per choice.
    assert [p.name for p in (media / "drafts" / "north").rglob("*.pdf")] == [f"{after.fingerprint}.pdf"]


def test_fingerprint_is_steady_for_unchanged_data_and_differs_per_group_quarter_and_user(world, area_group):
    plan = plan_of(world)
    one = draft_for(plan=plan, quarter=Quarter(2009, 2), group=world.sig, user=world.member)
    assert one.fingerprint == draft_for(plan=plan, quarter=Quarter(2009, 2), group=world.sig,
                                        user=world.member).fingerprint
    others = [
        draft_for(plan=plan, quarter=Quarter(2009, 3), group=world.sig, user=world.member),
        draft_for(plan=plan, quarter=Quarter(2009, 2), group=area_group, user=world.member),
        draft_for(plan=plan, quarter=Quarter(2009, 2), group=world.sig, user=world.coordinator),
    ]
    assert len({one.pdf_name, *(d.pdf_name for d in others)}) == 4


def test_an_indicator_value_changes_the_fingerprint(world):
    from indicators.models import Indicator, Value

    plan = plan_of(world)
    before = draft_for(plan=plan, quarter=Quarter(2009, 2), group=None, user=world.coordinator).fingerprint
    indicator = Indicator.objects.create(partnership=world.north, code="NI 32", name="Repeat MARAC cases")
    Value.objects.create(indicator=indicator, area=world.area, year_start=2009, quarter=2, value=31)
    assert draft_for(plan=plan, quarter=Quarter(2009, 2), group=None, user=world.coordinator).fingerprint != before


def test_a_bvpi_question_reworded_changes_the_fingerprint(world):
    """The questions are the same for every partnership (no partnership of their own): still read."""
    from indicators.models import Bvpi225Question

    plan = plan_of(world)
    question = Bvpi225Question.objects.get_or_create(number=11, defaults={"text": "Is there a refuge?"})[0]
    before = draft_for(plan=plan, quarter=Quarter(2009, 2), group=None, user=world.coordinator).fingerprint
    question.text = "Is there a refuge place per 10,000 population?"
    question.save()
    assert draft_for(plan=plan, quarter=Quarter(2009, 2), group=None, user=world.coordinator).fingerprint != before


@pytest.mark.django_db(transaction=True)
def test_with_a_task_queue_the_page_shows_progress_until_the_worker_has_made_it(client, world, renders):
    client.force_login(world.member)
    with override_settings(TASKS=DB_TASKS):
        page = client.get(url("draft"), choice(world))
        assert page.status_code == 200 and renders == []  # nothing rendered in the request
        assert b"Waiting for the report worker" in page.content
        status_url = reverse("reports:draft_status", args=["north"])
        assert f'hx-get="{status_url}?period={world.plan.pk}%3A2&amp;group=sig"'.encode() in page.content
        assert b'hx-trigger="every 2s"' in page.content
        # Asking again (or downloading) while it is queued queues nothing more.
        download = client.get(url("download"), choice(world))
        assert download.status_code == 302 and download["Location"].startswith(url("draft"))
        status = client.get(status_url, choice(world))
        assert b"Waiting for the report worker" in status.content and b"<html" not in status.content

        call_command("db_worker", "--batch", "--no-startup-delay")

        assert renders == [1]
        status = client.get(status_url, choice(world))
        assert b"The draft is ready" in status.content and b"hx-get" not in status.content
        response = client.get(url("download"), choice(world))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert renders == [1]


@pytest.mark.parametrize("role, status", [("lead", 403), ("viewer", 403), ("outsider", 404)])
def test_kept_draft_is_refused_to_those_who_may_not_read_it(client, world, renders, role, status):
    client.force_login(world.member)
    assert client.get(url("download"), choice(world)).status_code == 200
    client.force_login(world.user(role))
    for name in ("download", "draft", "draft_status"):
        assert client.get(url(name), choice(world)).status_code == status
    assert renders == [1]


def test_a_render_failure_is_shown_on_the_page(client, world, settings):
    settings.REPORT_RENDER_TIMEOUT = 0.001
    client.force_login(world.member)
    page = client.get(url("draft"), choice(world))
    assert page.status_code == 200 and b"The PDF could not be produced" in page.content
    response = client.get(url("download"), choice(world), follow=True)
    assert b"The PDF could not be produced" in response.content


def test_draft_pages_refuse_post(client, world):
    client.force_login(world.member)
    for name in ("draft", "draft_status", "download"):
        assert client.post(url(name), choice(world)).status_code == 405
