"""Lead parts that match no agency: listed on the preview with the closest agencies, and the
admin's choice (an agency, "create agency", "keep as text") applied on import."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action
from legacy.services import legacy_import, legacy_preview
from partnerships.models import Agency
from tests.conftest import client_for

CSV = (b"Ref,Action,Lead\n"
       b"1,Train GPs,North Police / Education\n"
       b"2,Open a refuge,Education & Women's Aid (Seedland)\n"
       b"3,Fund IDVAs,Plod\n")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _leads(world, ref: str) -> list[str]:
    action = Action.objects.get(plan__strategy__partnership=world.north, ref=ref)
    return sorted(a.name for a in action.lead_agencies.all())


def test_each_part_matching_nothing_is_listed_once_with_the_closest_agencies(world):
    preview = legacy_preview(user=None, data=CSV, filename="p.csv", partnership=world.north, year_start=2009)
    assert list(preview.lead_parts) == ["education", "women's aid", "plod"]
    assert preview.lead_parts["education"].rows == 2
    assert preview.lead_parts["women's aid"].text == "Women's Aid"  # as written, without the bracket
    assert world.police in preview.lead_parts["plod"].candidates or preview.lead_parts["plod"].candidates == []


def test_the_choices_are_applied_on_import(world, media):
    before = Agency.objects.filter(partnership=world.north).count()
    preview, _ = legacy_import(user=world.admin, data=CSV, filename="p.csv", partnership=world.north,
                               year_start=2009,
                               lead_map={"education": "create", "plod": str(world.police.pk), "women's aid": ""})
    assert [r.key for r in preview.rows if r.kind == "agency"] == ["Education"]
    assert Agency.objects.filter(partnership=world.north).count() == before + 1
    created = Agency.objects.get(partnership=world.north, name="Education")
    assert created.history.first().history_user == world.admin
    assert _leads(world, "1") == sorted([world.police.name, "Education"])
    assert _leads(world, "2") == ["Education"]  # one agency for both rows
    assert _leads(world, "3") == [world.police.name]
    by_whom = Action.objects.get(plan__strategy__partnership=world.north, ref="2").by_whom
    assert by_whom == "Education & Women's Aid (Seedland)"  # the cell is kept as written
    assert not any("women's aid" in w.reason for w in preview.warnings)  # kept as text, as chosen


def test_another_partnerships_agency_cannot_be_chosen(world, media):
    foreign = Agency.objects.create(partnership=world.south, name="South Plod")
    preview = legacy_preview(user=None, data=CSV, filename="p.csv", partnership=world.north, year_start=2009,
                             lead_map={"plod": str(foreign.pk)})
    action = next(r for r in preview.rows if r.kind == "action" and r.key == "3")
    assert action.values["lead_agencies"] == []
    assert any("'plod' matches no agency" in w.reason for w in preview.warnings)


def test_the_preview_page_offers_the_choices_and_the_confirm_applies_them(world, media):
    client = client_for(world.admin)
    slug = world.north.slug
    response = client.post(reverse("legacy:index", kwargs={"partnership": slug}),
                           {"file": SimpleUploadedFile("plan.csv", CSV), "year": "2009-10", "layout": ""})
    page = response.content.decode()
    assert "Lead agencies not found" in page and "Create agency &#x27;Education&#x27;" in page
    assert [found.text for found, _, _ in response.context["lead_rows"]] == ["Education", "Women's Aid", "Plod"]
    post = {"token": hashlib.sha256(CSV).hexdigest(), "file_name": "plan.csv", "year": "2009-10",
            "layout": "mapped", "map_ref": "Ref", "map_action": "Action", "map_lead": "Lead",
            "lead_part_0": "education", "lead_0": "create", "lead_part_1": "women's aid", "lead_1": "",
            "lead_part_2": "plod", "lead_2": str(world.police.pk)}
    again = client.post(reverse("legacy:preview", kwargs={"partnership": slug}), post)
    assert [found.text for found, _, _ in again.context["lead_rows"]] == ["Education", "Women's Aid", "Plod"]
    assert again.context["lead_rows"][2][2].value() == str(world.police.pk)  # the answer stays chosen
    assert client.post(reverse("legacy:confirm", kwargs={"partnership": slug}), post).status_code == 302
    assert _leads(world, "3") == [world.police.name]
    assert _leads(world, "1") == sorted([world.police.name, "Education"])
    client.post(reverse("legacy:index", kwargs={"partnership": slug}),
                {"file": SimpleUploadedFile("plan.csv", CSV), "year": "2009-10", "layout": ""})
    bad = {**post, "lead_2": "999999"}  # no agency of the partnership's
    assert client.post(reverse("legacy:preview", kwargs={"partnership": slug}), bad).status_code == 400


def test_the_command_takes_a_lead_map(world, media, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "plan.csv"
    path.write_bytes(CSV)
    out = StringIO()
    call_command("import_legacy", str(path), partnership="north", year="2009-10",
                 lead_map="Education=create,Plod=North Police,Women's Aid=text", stdout=out)
    assert "lead: 'Plod' (1 row(s)): matched as chosen" in out.getvalue()
    assert _leads(world, "3") == [world.police.name]
    assert _leads(world, "2") == ["Education"]
    with pytest.raises(CommandError, match="'Nobody' is not an agency of north"):
        call_command("import_legacy", str(path), partnership="north", year="2009-10", lead_map="Plod=Nobody")
