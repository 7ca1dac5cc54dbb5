"""Coordinators change a BVPI 225 answer (indicators:bvpi_answer), inline with htmx or as a normal form."""

import pytest
from django.urls import reverse

from indicators.models import Bvpi225Answer
from tests.indicators.conftest import answer


def url(ans: Bvpi225Answer) -> str:
    return reverse("indicators:bvpi_answer", kwargs={"partnership": "north", "pk": ans.pk})


def fields(**data) -> dict:
    return {"notes": "", "milestones": "", "responsible_manager": "", "progress": "", "year_end_answer": "",
            "backed_up_by": ""} | data


def test_coordinator_answers_yes_with_evidence_and_is_redirected_to_the_question(world, as_role, assessment):
    q7 = answer(assessment, 7)
    response = as_role("coordinator").post(url(q7), fields(year_end_answer="yes", backed_up_by="Copy of the minutes",
                                                           notes="Forum met 4 times", progress="good"))
    assert response.status_code == 302
    assert response["Location"].endswith("?area=north-town&year=2009-10#q-7")
    q7.refresh_from_db()
    assert q7.year_end_answer is True and q7.backed_up_by == "Copy of the minutes" and q7.progress == "good"


def test_yes_without_evidence_is_refused_quoting_the_bvpi_rule(world, as_role, assessment):
    q7 = answer(assessment, 7)
    response = as_role("coordinator").post(url(q7), fields(year_end_answer="yes"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "A yes answer needs the evidence it is backed up by" in page
    assert "only when the goal is fully achieved" in page
    q7.refresh_from_db()
    assert q7.year_end_answer is None


def test_htmx_save_returns_the_answer_and_refreshes_score_out_of_band(world, as_role, assessment):
    q7 = answer(assessment, 7)
    response = as_role("coordinator").post(url(q7), fields(year_end_answer="yes", backed_up_by="Minutes"),
                                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<article id="q-7"')
    assert 'id="bvpi-score"' in page and 'hx-swap-oob="true"' in page
    assert "incomplete: 7 of 11 answered, 6 yes" in page
    assert page.count('hx-swap-oob="true"') == 2  # the score and the years table


def test_htmx_invalid_save_returns_the_form_with_the_message(world, as_role, assessment):
    q7 = answer(assessment, 7)
    page = as_role("coordinator").post(url(q7), fields(year_end_answer="yes"), HTTP_HX_REQUEST="true").content.decode()
    assert page.lstrip().startswith('<article id="q-7"')
    assert "A yes answer needs the evidence" in page and "<html" not in page


def test_score_changes_when_the_last_answers_come_in(world, as_role, assessment):
    client = as_role("coordinator")
    for n in range(7, 12):
        client.post(url(answer(assessment, n)), fields(year_end_answer="no"))
    page = client.get(reverse("indicators:bvpi", kwargs={"partnership": "north"})).content.decode()
    assert "45.5%" in page


def test_changing_a_signed_off_answer_withdraws_the_sign_off(world, as_role, assessment):
    import datetime as dt

    q1 = answer(assessment, 1)
    q1.signed_off_by, q1.signed_off_on = "Carol", dt.date(2010, 3, 1)
    q1.save()
    as_role("coordinator").post(url(q1), fields(year_end_answer="no", backed_up_by="Minutes"))
    q1.refresh_from_db()
    assert q1.year_end_answer is False
    assert q1.signed_off_by == "" and q1.signed_off_on is None


def test_notes_only_change_keeps_the_sign_off(world, as_role, assessment):
    import datetime as dt

    q1 = answer(assessment, 1)
    q1.signed_off_by, q1.signed_off_on = "Carol", dt.date(2010, 3, 1)
    q1.save()
    as_role("coordinator").post(url(q1), fields(year_end_answer="yes", backed_up_by="Minutes", notes="more"))
    q1.refresh_from_db()
    assert q1.signed_off_by == "Carol" and q1.notes == "more"


def test_get_is_refused(world, as_role, assessment):
    assert as_role("coordinator").get(url(answer(assessment, 1))).status_code == 405


@pytest.mark.parametrize("role,status", [("lead", 403), ("member", 403), ("viewer", 403), ("outsider", 404)])
def test_only_coordinators_change_answers(world, as_role, assessment, role, status):
    q7 = answer(assessment, 7)
    assert as_role(role).post(url(q7), fields(year_end_answer="no")).status_code == status
    q7.refresh_from_db()
    assert q7.year_end_answer is None


def test_another_partnerships_coordinator_gets_not_found_under_their_own_slug(world, as_role, assessment):
    q7 = answer(assessment, 7)
    wrong = reverse("indicators:bvpi_answer", kwargs={"partnership": "south", "pk": q7.pk})
    assert as_role("outsider").post(wrong, fields(year_end_answer="no")).status_code == 404
