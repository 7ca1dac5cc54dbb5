"""The Luton demo data (seeds 000 and 002) as demo.loader.load_demo_data loads it: the
values asserted here are read off the seed documents."""

from __future__ import annotations

import datetime as dt

import pytest

from actions.models import Action, ActionPlan, Objective, Status, Strategy
from demo.loader import LoadStats, load_demo_data
from indicators.models import Bvpi225Assessment
from partnerships.models import Agency, Area, Group, GroupMember, Partnership

LUTON_FILES = ["bvpi225_questions.yaml", "seed_000_luton.yaml", "seed_002_luton.yaml"]


def load_luton() -> LoadStats:
    # Only the Luton files: other seed files are other partnerships and are tested on their own.
    return load_demo_data(only=LUTON_FILES)


@pytest.fixture
def loaded(db) -> LoadStats:
    return load_luton()


@pytest.fixture
def luton(loaded) -> Partnership:
    return Partnership.objects.get(slug="luton")


def test_both_luton_seeds_make_one_partnership(luton):
    assert Partnership.objects.count() == 1
    assert luton.name == "Luton Domestic Abuse Partnership"
    # Agencies named in both files are merged, not duplicated.
    assert Agency.objects.filter(partnership=luton, name="Bedfordshire Police").count() == 1
    assert Agency.objects.get(partnership=luton, short_name="LWA").name == "Luton Women's Aid"


def test_loading_twice_writes_nothing_the_second_time(loaded):
    assert loaded.total_written > 0
    again = load_luton()
    assert again.total_written == 0, (dict(again.created), dict(again.changed))


def test_luton_population_is_the_2004_ons_estimate_of_q2(luton):
    area = Area.objects.get(partnership=luton, slug="luton")
    assert area.population == 184000
    assert area.population_source == "2004 Mid-year ONS estimate"
    # Q2's own working: 20 bed spaces = 1.09 places per 10,000.
    assert area.refuge_places_per_10k(20) == 1.09


def test_bvpi_2005_06_answers_one_to_five_yes_and_six_no(luton):
    assessment = Bvpi225Assessment.objects.get(partnership=luton, area__slug="luton", year_start=2005)
    answers = {a.question.number: a for a in assessment.answers.select_related("question")}
    assert sorted(answers) == [1, 2, 3, 4, 5, 6]
    assert [answers[n].year_end_answer for n in range(1, 7)] == [True, True, True, True, True, False]
    assert [answers[n].progress for n in range(1, 7)] == ["good"] * 5 + ["concern"]
    assert assessment.purpose.startswith("The purpose of this BVPI is to assess")


def test_bvpi_2005_06_score_reads_incomplete_with_questions_7_to_11_missing(luton):
    assessment = Bvpi225Assessment.objects.get(partnership=luton, year_start=2005)
    assert assessment.score is None
    assert assessment.score_display() == "incomplete: 6 of 11 answered, 5 yes"


def test_bvpi_q2_monitoring_entries_keep_the_sheets_working(luton):
    assessment = Bvpi225Assessment.objects.get(partnership=luton, year_start=2005)
    q2 = assessment.answers.get(question__number=2)
    entries = [(m.label, m.date, m.text) for m in q2.monitoring.order_by("date")]
    assert entries == [
        ("Jan-06", dt.date(2006, 1, 1), "20 Bed spaces = 1.08 per 10,000 pop"),
        ("Mar-06", dt.date(2006, 3, 1), "20 Bed space = 20/184,000 = 1.09 places"),
    ]
    assert q2.notes == "Yes. There is one bed per 9,704 people in Luton."
    # The <a href="#"> markup of the sheet is gone, its words kept.
    assert q2.backed_up_by == "email from Jean Stoughton and 2004 Mid-year ONS est."
    assert q2.signed_off_by == ""


def test_bvpi_answers_keep_milestones_and_evidence(luton):
    assessment = Bvpi225Assessment.objects.get(partnership=luton, year_start=2005)
    q1 = assessment.answers.get(question__number=1)
    q3 = assessment.answers.get(question__number=3)
    q6 = assessment.answers.get(question__number=6)
    assert q1.milestones == "October 2004 first compiled"
    assert [m.label for m in q1.monitoring.order_by("date")] == ["Oct-05", "Jan-06", "Mar-06"]
    assert q3.milestones == "To take over the funding of the Domestic Violence Co-ordinator from March 2006."
    assert q3.monitoring.get(label="Mar-06").text == "Yes - Sue Baker"
    assert q6.backed_up_by == "n/a"
    assert "§ CAFCASS (Bedfordshire)" in q6.monitoring.get(label="Jan-06").text


def test_forum_met_five_times_in_2005_06_and_once_in_2004_05(luton):
    forum = Group.objects.get(partnership=luton, slug="forum")
    assert forum.name == "Luton Multi-Agency Domestic Violence Forum"
    assert forum.frequency == "quarterly"
    # 14th March (2005) falls in 2004-05; June, October, December, February and 9th March 2006 in 2005-06.
    assert forum.meetings.count() == 6
    assert forum.meetings_in_year(2004).count() == 1
    assert forum.meetings_in_year(2005).count() == 5
    assert forum.met_frequency(2005, today=dt.date(2006, 4, 30)) is True
    hosts = {m.date: m.host for m in forum.meetings.select_related("host_agency")}
    assert hosts[dt.date(2005, 3, 14)] == "Sure Start"
    assert hosts[dt.date(2005, 6, 2)] == "LBC"  # Luton Borough Council, shown by its short name
    assert hosts[dt.date(2006, 3, 9)] == ""


def test_dasg_terms_of_reference(luton):
    dasg = Group.objects.get(partnership=luton, slug="dasg")
    assert dasg.name == "Luton Domestic Abuse Strategic Board"
    assert dasg.short_name == "DASG"
    assert dasg.accountable_to.slug == "cse"
    assert dasg.accountable_to.name == "Community Safety Executive"
    assert (dasg.quorum_members, dasg.quorum_agencies) == (5, 3)
    assert dasg.quorum_text == "Five members comprising of at least 3 agencies."
    assert dasg.frequency == "quarterly"
    assert (dasg.minutes_to_chair_days, dasg.minutes_circulated_days, dasg.agenda_days_before) == (7, 14, 7)
    assert dasg.version == "1.0"
    assert dasg.life_span == "Standing group of the Community Safety Executive"
    duties = dasg.duty_list()
    assert len(duties) == 9
    assert duties[0].startswith("To ensure that the multi-agency partnership enables joint effective working")
    assert "CCG" in dasg.membership_rules


def test_dasg_members_and_their_roles(luton):
    dasg = Group.objects.get(partnership=luton, slug="dasg")
    chair = dasg.chair()
    assert chair.person.name == "Gerry Taylor"
    assert chair.title == "Director of Public Health"
    roles = {(m.person.name, m.role) for m in dasg.members.select_related("person")}
    assert ("Cllr Naseem Ayub", GroupMember.Role.VICE_CHAIR) in roles
    assert ("Nikki Middleton", GroupMember.Role.SECRETARY) in roles
    assert ("Nikki Middleton", GroupMember.Role.MEMBER) in roles
    assert {name for name, _ in roles} == {
        "Gerry Taylor", "Cllr Naseem Ayub", "Nikki Middleton", "Karina Thomas", "Hilary Griffiths",
        "Maud O'Leary", "Breege Begley", "Joy Leighton",
    }
    karina = dasg.members.get(person__name="Karina Thomas")
    assert karina.agency.name == "Bedfordshire Police"


def test_other_luton_groups_and_their_accountability(luton):
    groups = {g.slug: g for g in Group.objects.filter(partnership=luton).select_related("accountable_to")}
    assert {"dasg", "cse", "hwb", "hidb", "ops-board", "scrutiny", "forum"} <= set(groups)
    assert groups["hidb"].accountable_to.slug == "hwb"
    assert groups["ops-board"].chair().person.name == "Cllr Naseem Ayub"
    assert [m.date for m in groups["scrutiny"].meetings.all()] == [dt.date(2014, 6, 24)]


def test_strategy_and_plan_of_the_scrutiny_report(luton):
    strategy = Strategy.objects.get(partnership=luton, slug="da-strategy-2012-2015")
    assert strategy.title == "Luton Domestic Abuse Strategy 2012-15"
    assert (strategy.period_start, strategy.period_end) == (dt.date(2012, 4, 1), dt.date(2015, 3, 31))
    assert strategy.status == "approved"
    assert "2011 JSNA" in strategy.purpose
    plan = ActionPlan.objects.get(strategy=strategy)
    assert plan.year_start == 2014
    assert plan.title == "Luton Domestic Abuse Strategic Action Plan 2012/15"
    assert plan.action_label == "Activity"
    assert "Two Children's IDVA posts have been funded by the Stronger Families initiative." in plan.introduction


def test_objectives_sit_under_their_priorities(luton):
    plan = ActionPlan.objects.get(strategy__partnership=luton)
    priorities = Objective.objects.filter(plan=plan, parent=None)
    assert [(p.heading, p.title) for p in priorities] == [
        ("Priority One", "Victims"), ("Priority Two", "Children and Young People"),
        ("Priority Three", "Offender Management"), ("Priority Four", "Community and Partners"),
    ]
    parent_of = dict(Objective.objects.filter(plan=plan, label="Objective").values_list("ref", "parent__title"))
    assert parent_of == {
        "1": "Victims", "2": "Victims", "3": "Children and Young People",
        "4": "Offender Management", "5": "Community and Partners",
    }
    objective_4 = Objective.objects.get(plan=plan, ref="4")
    assert objective_4.title == "Review the partnership response to perpetrators."
    assert objective_4.performance_measures.splitlines()[-1] == "MARAC repeat data"
    assert "John Murphy Beds Police" in objective_4.lead


def test_activities_1a_to_5b_with_their_leads(luton):
    actions = Action.objects.filter(plan__strategy__partnership=luton).prefetch_related("lead_people", "lead_agencies")
    leads = {a.ref: sorted(p.name for p in a.lead_people.all()) for a in actions}
    assert list(leads) == [
        "1a", "1b", "1c", "2a", "2b", "2c", "2d", "2e", "3a", "3b", "3c", "3d", "4a", "4b", "5a", "5b",
    ]
    assert leads == {
        "1a": ["Nikki Middleton"], "1b": ["Sara Farr"], "1c": ["Jenny Bull"], "2a": ["Sophie Langston"],
        "2b": ["Gabby McAuley", "Sara Farr"], "2c": [], "2d": ["Jenny Bull"], "2e": ["Joy Leighton"],
        "3a": ["Keith Hill"], "3b": ["Keith Hill"], "3c": ["KO'N"], "3d": ["Joy Leighton"], "4a": [],
        "4b": ["Nikki Middleton"], "5a": ["Fran Hill"], "5b": [],
    }
    by_ref = {a.ref: a for a in actions}
    assert by_ref["2b"].by_whom == "Gabby McAuley LWA SF"
    assert [a.name for a in by_ref["2b"].lead_agencies.all()] == ["Luton Women's Aid"]
    assert by_ref["4a"].by_whom == "TBC"


def test_activity_status_follows_the_progress_column(luton):
    status = dict(Action.objects.filter(plan__strategy__partnership=luton).values_list("ref", "status"))
    assert status["1a"] == Status.COMPLETED
    assert status["1b"] == Status.COMPLETED
    assert status["4a"] == Status.AT_RISK
    assert status["4b"] == Status.AT_RISK
    assert status["3d"] == Status.ON_TRACK
    # Empty Progress / Barriers cells: no update, not started.
    assert status["2c"] == status["5b"] == Status.NOT_STARTED
    assert not Action.objects.get(plan__strategy__partnership=luton, ref="5b").updates.exists()


def test_4a_update_carries_the_daro_barrier(luton):
    update = Action.objects.get(plan__strategy__partnership=luton, ref="4a").latest_update()
    assert "Unclear of status of DARO" in update.barriers
    assert update.narrative == "Beds Police to report at Dec DASG"
    assert update.period.label == "2014-15 Q1"
    assert update.author_display == "Gerry Taylor"
    assert update.recorded_at.date() == dt.date(2014, 6, 24)
