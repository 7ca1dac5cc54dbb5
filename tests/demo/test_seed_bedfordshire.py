"""Seed 001 (Bedfordshire Domestic Violence Partnership, Strategy & Action Plan 2009 - 2012) as the
demo loader brings it in from fixtures/seed_001_bedfordshire.yaml: the values asserted here are read
off the seed document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count

from actions.models import Action, ActionPlan, Milestone, Objective, ProgressUpdate, Status, Strategy
from demo.loader import FIXTURES_DIR, LoadStats, load_demo_data
from indicators.models import Bvpi225Assessment, Indicator, Target, Value
from partnerships.models import Agency, Group, Membership, Partnership

SEED = FIXTURES_DIR / "seed_001_bedfordshire.yaml"


ONLY = [SEED.name]  # this seed alone (the BVPI 225 questions load first), so other seeds cannot affect these tests


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """Loaded once for the module, inside a transaction rolled back at its end; each test's own
    transaction (the `db` fixture) is a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo_data(only=ONLY)
        transaction.set_rollback(True)


@pytest.fixture
def loaded(loaded_once: LoadStats, db) -> LoadStats:
    return loaded_once


@pytest.fixture
def plan(loaded) -> ActionPlan:
    return ActionPlan.objects.get(strategy__partnership__slug="bedfordshire", strategy__slug="da-strategy-2009-2012")


def action(plan: ActionPlan, ref: str) -> Action:
    return Action.objects.get(plan=plan, ref=ref)


def test_partnership_areas_have_no_population_in_the_seed(loaded):
    p = Partnership.objects.get(slug="bedfordshire")
    assert p.name == "Bedfordshire Domestic Violence Partnership"
    assert {(a.slug, a.name, a.population) for a in p.areas.all()} == {
        ("bedford-borough", "Bedford Borough", None),
        ("central-bedfordshire", "Central Bedfordshire", None),
    }


def test_plan_is_the_2009_10_action_plan_of_the_draft_strategy(plan):
    strategy = plan.strategy
    assert strategy.title == "Domestic Abuse Strategy & Action Plan 2009 - 2012"
    assert (strategy.period_start, strategy.period_end) == (dt.date(2009, 4, 1), dt.date(2012, 3, 31))
    assert strategy.status == Strategy.Status.DRAFT
    assert strategy.vision.startswith("The overall vision of the strategy is to create a society in Bedford Borough")
    assert plan.year_start == 2009
    assert plan.title == "Bedfordshire Domestic Violence Partnership Action Plan – April 2009 – March 2010"
    assert plan.action_label == "Action"


def test_objectives_are_1_to_6_with_their_rows(plan):
    top = Objective.objects.filter(plan=plan, parent=None)
    assert [(o.ref, o.label, o.title) for o in top] == [
        ("1", "Objective", "Data Collection and Information Sharing"),
        ("2", "Objective", "Partnership Working"),
        ("3", "Objective", "Workforce is knowledgeable and confident when dealing with domestic abuse"),
        ("4", "Objective", "Prevention and Early Intervention"),
        ("5", "Objective", "Protection and Justice"),
        ("6", "Objective", "Support"),
    ]
    children = Objective.objects.filter(plan=plan, level=1)
    assert set(children.values_list("ref", flat=True)) == {
        "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4",
        "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "6.1", "6.2", "6.3", "6.4", "6.5",
    }
    assert all(c.parent.ref == c.ref.split(".")[0] for c in children)
    assert Objective.objects.get(plan=plan, ref="5.3").title == (
        "To ensure that there is 1 refuge place per 10,000 population"
    )
    assert Objective.objects.get(plan=plan, ref="6").description.splitlines()[1] == (
        "The IDVA service is maintained to support victims of domestic abuse "
        "(This is also be part of a co-ordinated response through the SDVC)"
    )


def test_every_action_sits_under_the_row_its_ref_names(plan):
    actions = Action.objects.filter(plan=plan).select_related("objective")
    assert actions.count() == 58
    assert all(a.ref.rsplit(".", 1)[0] == a.objective.ref for a in actions)


def test_actions_keep_the_seed_wording(plan):
    a = action(plan, "5.4.2")
    assert a.description == "Report on the needs analysis regarding young men over the age of 13 and refuge access"
    assert (a.responsibility, a.by_whom, a.resources, a.timescale) == (
        "SIG & LSCB", "DA Co-ordinator & LSCB Manager", "Time of individuals", "June 2009",
    )
    a = action(plan, "6.1.1")
    assert a.description == "Current service contract with Victim Support to be extended to 31st May 2009"
    assert (a.responsibility, a.by_whom, a.resources) == ("SP Commissioning Body", "Head of SP", "SP budget")
    # 1.1's row goes on over the page with two more actions and an aim: one row, one action.
    assert Objective.objects.get(plan=plan, ref="1.1").description.splitlines()[1] == (
        "When data collection established the action plan will be amended to include exploring how "
        "anonymised data could be tracked through the system"
    )
    assert action(plan, "1.1.1").description.splitlines()[4:] == [
        "Decision to be made about how system could be set up that would allow anonymised tracking to take place.",
        "System in place",
    ]
    a = action(plan, "5.5.3")
    assert a.description == (
        "Performance will be monitored with repeat cases at MARAC (LAA target) and will be provided for both "
        "Central Beds & Bedford Borough"
    )
    assert action(plan, "4.1.4").description == "Production of the quarterly newsletter"
    assert action(plan, "2.2.1").outcome.splitlines() == [
        "Agencies will work in partnership to provide an effective and consistent service delivery",
        "A robust and transparent DA Forum is in place where information is disseminated in a timely manner "
        "and there are recognised routes for people to feedback",
    ]


def test_rows_whose_columns_do_not_line_up_stay_one_action(plan):
    sdvc = action(plan, "5.2.1")
    assert sdvc.description.splitlines()[0] == "SDVC Operational Group to meet bi-monthly until otherwise stated"
    assert len(sdvc.description.splitlines()) == 4
    assert sdvc.by_whom.splitlines() == [
        "Bedford Magistrates Court, Police, Probation, CPS, IDVA service & DA Co-ordinator",
        "HM Court Area Manager",
    ]
    conference = action(plan, "2.4.1")
    assert conference.description.splitlines() == [
        "Small group established for conference planning", "Conference delivered annually",
    ]


def test_timescales_become_due_dates_and_cadences(plan):
    expected = {
        "1.2.1": ("September 2009", dt.date(2009, 9, 30), ""),
        "3.1.1": ("May 2009", dt.date(2009, 5, 31), ""),
        "4.2.3": ("March 2011", dt.date(2011, 3, 31), ""),
        "2.1.1": ("Ongoing", None, "ongoing"),
        "5.5.9": ("6 monthly", None, "six_monthly"),
        "5.4.5": ("As identified", None, "as_identified"),
        "6.4.1": ("Quarterly", None, "quarterly"),
        # An action kept together with a timescale per step: due at its last dated milestone.
        "3.2.1": ("June 2009\nAugust 2009\nDecember 2009\nAnnually", dt.date(2009, 12, 31), "annually"),
        "5.3.1": ("Ongoing\nOngoing until completion (expected 2010)\nMarch 2010", dt.date(2010, 3, 31), "ongoing"),
        # Kept together, its timescales not one per step: due by the first date it names.
        "5.4.1": ("June 2009\nMarch 2010\nDecember 2009\nSeptember 2009", dt.date(2009, 6, 30), ""),
    }
    for ref, (text, due, cadence) in expected.items():
        a = action(plan, ref)
        assert (a.timescale, a.due_date, a.cadence) == (text, due, cadence), ref


def test_merged_dated_steps_are_milestones_of_one_action(plan):
    """1.1.1's six steps, each with its own timescale, are its milestones; the action is due at the last."""
    data = action(plan, "1.1.1")
    milestones = list(data.milestones.order_by("order"))
    assert [(m.text, m.timescale, m.due_on) for m in milestones] == [
        ("MARAC Co-ordinator to ensure all MARAC members trained and using system", "Ongoing", None),
        ("Review of the Modus system", "September 2009", dt.date(2009, 9, 30)),
        ("DA Co-ordinator to arrange initial meetings with key individuals", "July 2009", dt.date(2009, 7, 31)),
        ("The data will be analysed and findings disseminated", "January 2010 and then ongoing",
         dt.date(2010, 1, 31)),
        ("Decision to be made about how system could be set up that would allow anonymised tracking to take "
         "place.", "December 2009", dt.date(2009, 12, 31)),
        ("System in place", "March 2010", dt.date(2010, 3, 31)),
    ]
    assert data.due_date == dt.date(2010, 3, 31)
    assert all(m.completed_on is None for m in milestones)
    # Overdue by its open milestones: the July 2009 step is late in August, though the action is due in 2010.
    assert data.is_overdue(dt.date(2009, 8, 1)) and not data.is_overdue(dt.date(2009, 7, 1))
    with_milestones = dict(Action.objects.filter(plan=plan, milestones__isnull=False)
                           .annotate(n=Count("milestones")).values_list("ref", "n"))
    assert with_milestones == {"1.1.1": 6, "3.2.1": 4, "5.2.1": 4, "5.3.1": 3}
    # Rows whose timescales do not line up with their steps stay without milestones.
    assert not Milestone.objects.filter(action__ref__in=["2.4.1", "3.3.1", "5.4.1", "6.3.1"]).exists()


def test_costs_are_read_from_the_resources_text(plan):
    assert action(plan, "2.4.1").resources == "£3500 venue & refreshments"
    assert action(plan, "2.4.1").cost == Decimal("3500.00")
    assert action(plan, "5.5.3").resources == "£25k for MARAC Co-ordinator"
    assert action(plan, "5.5.3").cost == Decimal("25000.00")
    assert action(plan, "6.1.2").cost == Decimal("280000.00")  # £230,000 (Supporting People) £50,000 (DA)
    assert action(plan, "1.1.1").cost == Decimal("2475.00")  # Funded by GO East 09-10 £2475
    assert action(plan, "2.2.2").cost == Decimal("300.00")  # £300 p.a. – venue and refreshments
    assert action(plan, "5.3.1").cost is None  # SP budget


def test_responsibility_names_the_groups(plan):
    def groups(ref: str) -> set[str]:
        return set(action(plan, ref).responsibility_groups.values_list("slug", flat=True))

    assert groups("5.5.3") == {"sig", "marac", "central-beds-cssg", "bedford-borough-cssg"}
    assert groups("6.4.1") == {"dadg", "sig", "daf"}
    assert groups("1.2.1") == {"bedford-borough-cssg", "central-beds-cssg", "dadg", "sig"}
    assert groups("5.2.1") == {"lcjb", "dadg"}
    assert groups("6.1.2") == {"sig", "sp-commissioning"}
    assert groups("5.1.2") == set()  # "Bedfordshire Police": an agency, not a group


def test_several_actions_are_led_by_bedfordshire_police(plan):
    police = Agency.objects.get(partnership=plan.strategy.partnership, name="Bedfordshire Police")
    assert police.short_name == "Beds Police"
    assert police.kind == Agency.Kind.POLICE
    lead = Membership(agency_id=police.pk, person_id=None)  # unsaved: led_by reads only the two ids
    led = Action.objects.filter(plan=plan).led_by(lead)
    assert set(led.values_list("ref", flat=True)) == {
        "1.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.2.1", "5.4.1", "5.4.4",
    }
    dci = action(plan, "5.1.2").lead_people.get()
    assert (dci.name, dci.agency) == ("DCI Public Protection Unit", police)


def test_duplicate_post_names_are_one_person(plan):
    a = action(plan, "5.5.2")  # By Whom: "Chair of MARAC, DA Co-ordinator"
    assert set(a.lead_people.values_list("name", flat=True)) == {"MARAC Chair", "DA Co-ordinator"}
    b = action(plan, "5.5.5")  # By Whom: "Domestic Abuse Co-ordinator & key individuals ..."
    assert list(b.lead_people.values_list("name", flat=True)) == ["DA Co-ordinator"]


def test_governance_groups_and_accountability(loaded):
    bedfordshire = Group.objects.filter(partnership__slug="bedfordshire").select_related("accountable_to", "area")
    groups = {g.slug: g for g in bedfordshire}
    assert groups["sig"].accountable_to == groups["dadg"]
    assert groups["sig"].frequency == "quarterly"
    assert groups["daf"].accountable_to == groups["sig"]
    assert groups["daf"].frequency == "quarterly"
    assert groups["daf"].meetings_per_year == 4
    assert groups["dadg"].short_name == "DADG"
    assert groups["dadg"].membership_rules.startswith("Chief Officers from Children's Services Social Care")
    assert groups["sdvc-operational-group"].frequency == "bimonthly"
    assert groups["central-beds-cssg"].area.slug == "central-bedfordshire"
    assert groups["bedford-borough-cssg"].area.slug == "bedford-borough"
    assert {"lscb", "lcjb", "cog", "sp-commissioning"} <= set(groups)


def test_draft_history(plan):
    revisions = list(plan.strategy.revisions.prefetch_related("approvals"))
    assert [r.label for r in revisions] == ["Draft 1", "Draft 2", "Draft 3", "Final Draft"]
    draft1, draft2, draft3, final = revisions
    assert draft1.drafted_on == dt.date(2009, 1, 22)
    assert "Red text – agreement/information needed" in draft1.notes
    assert [(a.body, a.decision, a.date) for a in draft1.approvals.all()] == [
        ("SIG", "discussed", dt.date(2009, 1, 27)),
    ]
    assert [(a.body, a.decision, a.date) for a in draft2.approvals.all()] == [
        ("LAA", "checked_approved", dt.date(2009, 2, 11)),
        ("Children's Services", "checked_approved", dt.date(2009, 2, 11)),
        ("Community Safety", "checked_approved", dt.date(2009, 2, 10)),
        ("Supporting People", "checked_approved", dt.date(2009, 1, 27)),
        ("COG", "to_discuss", dt.date(2009, 2, 12)),
    ]
    assert draft3.notes.splitlines()[0] == "Updated following COG on 12.12.09"
    assert draft3.consultation_ends == dt.date(2009, 3, 4)
    assert [(a.group.slug, a.decision, a.date) for a in draft3.approvals.all()] == [
        ("cog", "approved", dt.date(2009, 3, 9)), ("sig", "approved", dt.date(2009, 3, 17)),
    ]
    assert [(a.group.slug, a.decision, a.date) for a in final.approvals.all()] == [
        ("central-beds-cssg", "to_approve", None), ("bedford-borough-cssg", "to_approve", None),
    ]


def test_ni32_targets_and_marac_figures(loaded):
    ni32 = Indicator.objects.get(partnership__slug="bedfordshire", code="NI 32")
    assert (ni32.unit, ni32.polarity) == ("percent", "lower")
    targets = Target.objects.filter(indicator=ni32)
    assert {(t.year_start, t.quarter, t.area_id, t.kind, t.value) for t in targets} == {
        (2009, None, None, "local", Decimal("31")), (2010, None, None, "local", Decimal("28")),
    }
    repeat = {v.area.slug: (v.year_start, v.quarter, v.value, v.note) for v in Value.objects.filter(indicator=ni32)}
    assert repeat == {
        "bedford-borough": (2008, 4, Decimal("33"), "to the end of January 2009"),
        "central-bedfordshire": (2008, 4, Decimal("19"), "to the end of January 2009"),
    }


@pytest.mark.parametrize(("code", "bedford_borough", "central_bedfordshire", "quarter"), [
    ("MARAC-REF", 73, 54, 4),
    ("MARAC-CHILDREN", 128, 109, 4),
    ("MARAC-BME", 32, 2, 4),
    ("MARAC-MALE", 1, 4, 4),
    ("IDVA-REF", 162, 175, 3),
    ("IDVA-REREF", 11, 15, 3),
    ("IDVA-ENGAGED", 81, 72, 3),
    ("IDVA-BME", 30, 14, 3),
    ("IDVA-NO-REPEAT", 69, 134, 3),
])
def test_per_area_figures_for_2008_09(loaded, code, bedford_borough, central_bedfordshire, quarter):
    values = Value.objects.filter(indicator__partnership__slug="bedfordshire", indicator__code=code)
    assert {(v.area.slug, v.year_start, v.quarter, v.value) for v in values} == {
        ("bedford-borough", 2008, quarter, Decimal(bedford_borough)),
        ("central-bedfordshire", 2008, quarter, Decimal(central_bedfordshire)),
    }


def test_police_incidents_whole_year_and_part_year(loaded):
    values = Value.objects.filter(indicator__partnership__slug="bedfordshire", indicator__code="POLICE-DA-INC")
    got = {(v.area.slug if v.area else None, v.year_start, v.quarter): v.value for v in values}
    assert got == {
        (None, 2007, None): Decimal("3774"),
        ("bedford-borough", 2007, None): Decimal("1700"),
        ("central-bedfordshire", 2007, None): Decimal("2075"),
        (None, 2008, 3): Decimal("3395"),
    }
    repeat = Value.objects.filter(indicator__partnership__slug="bedfordshire", indicator__code="POLICE-DA-REPEAT")
    assert {(v.year_start, v.quarter, v.value) for v in repeat} == {
        (2007, None, Decimal("48")), (2008, 3, Decimal("35")),
    }


def test_no_progress_updates_and_no_bvpi_answers_in_this_seed(plan):
    assert not ProgressUpdate.objects.filter(action__plan=plan).exists()
    assert set(Action.objects.filter(plan=plan).values_list("status", flat=True)) == {Status.NOT_STARTED}
    assert not Bvpi225Assessment.objects.filter(partnership__slug="bedfordshire").exists()


def test_loading_twice_writes_nothing(loaded):
    assert loaded.total_written > 0
    again = load_demo_data(only=ONLY)
    assert again.total_written == 0
    assert Action.objects.filter(plan__strategy__partnership__slug="bedfordshire").count() == 58
