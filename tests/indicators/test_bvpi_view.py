"""The BVPI 225 page: questions with guidance, this year's answers, the score, earlier years side by side."""

from django.urls import reverse

from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225MonitoringEntry

URL = reverse("indicators:bvpi", kwargs={"partnership": "north"})


def test_page_shows_questions_guidance_answers_and_incomplete_score(world, as_role, assessment):
    response = as_role("member").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "North Town, 2009-10" in page
    for n in (1, 11):
        assert f"Question {n} text" in page
    assert "<details" in page and "Guidance for question 3." in page
    assert "incomplete: 6 of 11 answered, 5 yes" in page


def test_complete_assessment_shows_the_percentage(world, as_role, assessment):
    assessment.answers.filter(year_end_answer=None).update(year_end_answer=False)
    page = as_role("member").get(URL).content.decode()
    assert "45.5%" in page


def test_monitoring_entries_and_sign_off_are_shown(world, as_role, assessment):
    import datetime as dt

    first = assessment.answers.get(question__number=1)
    first.signed_off_by, first.signed_off_on = "Chair of the SIG", dt.date(2010, 3, 31)
    first.save()
    Bvpi225MonitoringEntry.objects.create(answer=first, label="Oct-09", date=dt.date(2009, 10, 1),
                                          text="Up dated in July")
    page = as_role("member").get(URL).content.decode()
    assert "Up dated in July" in page and "Oct-09" in page
    assert "Chair of the SIG on 31/03/2010" in page


def test_earlier_years_side_by_side_with_their_scores(world, as_role, assessment, questions):
    earlier = Bvpi225Assessment.objects.create(partnership=world.north, area=world.area, year_start=2008)
    for q in questions:
        Bvpi225Answer.objects.create(assessment=earlier, question=q, year_end_answer=q.number <= 2,
                                     backed_up_by="x" if q.number <= 2 else "")
    page = as_role("member").get(URL).content.decode()
    history = page[page.index('id="bvpi-history"'):]
    assert history.index("2008-09") < history.index("2009-10")
    assert "18.2%" in history  # 2 of 11 in 2008-09
    assert "incomplete: 6 of 11 answered, 5 yes" in history
    # Still the latest year above the table, and an earlier year on request.
    assert "North Town, 2009-10" in page
    page = as_role("member").get(URL + "?area=north-town&year=2008-09").content.decode()
    assert "North Town, 2008-09" in page


def test_coordinator_gets_edit_links_and_a_member_does_not(world, as_role, assessment):
    assert "Edit answer 3" in as_role("coordinator").get(URL).content.decode()
    assert "Edit answer 3" not in as_role("member").get(URL).content.decode()


def test_edit_parameter_opens_the_answer_form_without_javascript(world, as_role, assessment):
    page = as_role("coordinator").get(URL + "?area=north-town&year=2009-10&edit=7").content.decode()
    assert 'name="backed_up_by"' in page and "Save question 7" in page


def test_htmx_edit_request_returns_only_that_answers_form(world, as_role, assessment):
    response = as_role("coordinator").get(URL + "?area=north-town&year=2009-10&edit=7", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<article id="q-7"')
    assert "Save question 7" in page and "<html" not in page


def test_member_cannot_open_the_edit_form(world, as_role, assessment):
    page = as_role("member").get(URL + "?area=north-town&year=2009-10&edit=7").content.decode()
    assert "Save question 7" not in page


def test_viewer_refused_outsider_not_found(world, as_role, assessment):
    assert as_role("viewer").get(URL).status_code == 403
    assert as_role("outsider").get(URL).status_code == 404


def test_page_without_an_assessment_says_so(world, as_role, questions):
    page = as_role("coordinator").get(URL).content.decode()
    assert "No BVPI 225 assessment for North Town yet." in page
    assert "Start the assessment" in page


def test_query_count_is_fixed(world, as_role, assessment, questions, django_assert_max_num_queries):
    for year in range(2000, 2009):
        earlier = Bvpi225Assessment.objects.create(partnership=world.north, area=world.area, year_start=year)
        Bvpi225Answer.objects.bulk_create([Bvpi225Answer(assessment=earlier, question=q) for q in questions])
    client = as_role("coordinator")
    with django_assert_max_num_queries(16):
        assert client.get(URL).status_code == 200
