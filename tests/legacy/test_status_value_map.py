"""The status value map: each distinct status word of a file listed once with the status it will
become, the admin's answers (the preview page, --status-map) applied, and remembered for the
partnership's next import."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions.models import Action
from legacy.layouts.mapped import parse_status_map
from legacy.models import StatusWord
from legacy.readers import ReadError
from legacy.services import legacy_import, legacy_preview
from tests.conftest import client_for

CSV = (b"Ref,Action,RAG\n"
       b"1,Train GPs,G\n"
       b"2,Open a refuge,Blue\n"
       b"3,Fund IDVAs,Parked\n"
       b"4,Audit MARAC,g\n")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _statuses(world) -> dict[str, str]:
    return dict(Action.objects.filter(plan__strategy__partnership=world.north, ref__in=["1", "2", "3", "4"])
                .values_list("ref", "status"))


def test_each_distinct_status_word_is_listed_once_with_what_it_becomes(world):
    preview = legacy_preview(user=None, data=CSV, filename="p.csv", partnership=world.north, year_start=2009)
    words = preview.status_words
    assert list(words) == ["g", "blue", "parked"]  # "G" and "g" are one word, in the file's order
    assert (words["g"].status, words["g"].count, words["g"].understood) == ("on_track", 2, True)
    assert words["blue"].status == "completed"
    assert (words["parked"].status, words["parked"].understood) == (None, False)
    assert any("'Parked' is not a status" in w.reason for w in preview.warnings)


def test_an_answer_sets_the_status_and_is_remembered_for_the_next_import(world, media):
    legacy_import(user=world.admin, data=CSV, filename="p.csv", partnership=world.north, year_start=2009,
                  status_map={"parked": "at_risk", "blue": "on_track", "g": "on_track"})
    assert _statuses(world) == {"1": "on_track", "2": "on_track", "3": "at_risk", "4": "on_track"}
    # Only answers the portal would not give on its own are kept ("g" is read as on track anyway).
    assert dict(StatusWord.objects.in_partnership(world.north).values_list("word", "status")) == {
        "parked": "at_risk", "blue": "on_track"}
    assert StatusWord.objects.get(word="parked").updated_by == world.admin
    again = legacy_preview(user=None, data=CSV, filename="p.csv", partnership=world.north, year_start=2009)
    assert again.status_words["parked"].status == "at_risk" and again.status_words["parked"].chosen
    assert not any("Parked" in w.reason for w in again.warnings)
    # Another partnership does not get north's answers.
    other = legacy_preview(user=None, data=CSV, filename="p.csv", partnership=world.south, year_start=2009)
    assert other.status_words["parked"].status is None


def test_no_status_chosen_keeps_the_word_in_the_comments_without_a_warning(world, media):
    legacy_import(user=None, data=CSV, filename="p.csv", partnership=world.north, year_start=2009,
                  status_map={"parked": ""})
    action = Action.objects.get(plan__strategy__partnership=world.north, ref="3")
    assert action.comments == "RAG: Parked"
    assert StatusWord.objects.get(word="parked").status == ""
    again = legacy_preview(user=None, data=CSV, filename="p.csv", partnership=world.north, year_start=2009)
    assert not any("Parked" in w.reason for w in again.warnings)


def test_answering_what_the_portal_reads_forgets_an_earlier_answer(world, media):
    StatusWord.objects.create(partnership=world.north, word="blue", status="on_track")
    legacy_import(user=None, data=CSV, filename="p.csv", partnership=world.north, year_start=2009,
                  status_map={"blue": "completed"})
    assert not StatusWord.objects.filter(word="blue").exists()
    assert _statuses(world)["2"] == "completed"


def test_status_map_parses_values_labels_and_none():
    assert parse_status_map("G=on_track, Blue=Completed,Parked=none, Not Yet = Not started") == {
        "g": "on_track", "blue": "completed", "parked": "", "not yet": "not_started"}
    with pytest.raises(ReadError, match="'purple' is not a status"):
        parse_status_map("G=purple")
    with pytest.raises(ReadError, match="not word=status"):
        parse_status_map("G")


def test_the_command_takes_a_status_map_and_lists_the_words(world, media, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(CSV)
    out = StringIO()
    call_command("import_legacy", str(path), partnership="north", year="2009-10", status_map="Parked=off_track",
                 stdout=out)
    assert "status: 'Parked' -> Off track (1 cell(s), value map)" in out.getvalue()
    assert "status: 'G' -> On track (2 cell(s), read)" in out.getvalue()
    assert _statuses(world)["3"] == "off_track"
    assert StatusWord.objects.get(word="parked").status == "off_track"
    with pytest.raises(CommandError, match="is not a status"):
        call_command("import_legacy", str(path), partnership="north", year="2009-10", status_map="Parked=maybe")


def test_the_preview_page_lists_the_value_map_and_the_confirm_applies_the_choice(world, media):
    client = client_for(world.admin)
    url = reverse("legacy:index", kwargs={"partnership": world.north.slug})
    response = client.post(url, {"file": SimpleUploadedFile("plan.csv", CSV), "year": "2009-10", "layout": ""})
    page = response.content.decode()
    assert "Status value map" in page and "not understood: choose one" in page
    rows = response.context["status_rows"]
    assert [found.text for found, _, _ in rows] == ["G", "Blue", "Parked"]
    assert rows[1][2].value() == "completed"  # prefilled
    token = hashlib.sha256(CSV).hexdigest()
    post = {"token": token, "file_name": "plan.csv", "year": "2009-10", "layout": "mapped", "map_ref": "Ref",
            "map_action": "Action", "map_status": "RAG",
            "status_word_0": "g", "status_0": "on_track", "status_word_1": "blue", "status_1": "completed",
            "status_word_2": "parked", "status_2": "dropped"}
    again = client.post(reverse("legacy:preview", kwargs={"partnership": world.north.slug}), post)
    assert again.context["status_rows"][2][0].status == "dropped"
    assert client.post(reverse("legacy:confirm", kwargs={"partnership": world.north.slug}), post).status_code == 302
    assert _statuses(world)["3"] == "dropped"
    assert StatusWord.objects.get(word="parked").status == "dropped"


def test_a_bad_status_choice_is_refused_with_a_message(world, media):
    client = client_for(world.admin)
    client.post(reverse("legacy:index", kwargs={"partnership": world.north.slug}),
                {"file": SimpleUploadedFile("plan.csv", CSV), "year": "2009-10", "layout": ""})
    post = {"token": hashlib.sha256(CSV).hexdigest(), "file_name": "plan.csv", "year": "2009-10",
            "layout": "mapped", "status_word_0": "parked", "status_0": "sideways"}
    response = client.post(reverse("legacy:preview", kwargs={"partnership": world.north.slug}), post)
    assert response.status_code == 400
    assert "sideways is not one of the available choices" in response.content.decode()
    assert not StatusWord.objects.exists()
