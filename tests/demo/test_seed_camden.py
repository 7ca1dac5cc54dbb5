"""Seed 003 (Camden DV action plan 2007-2008) as transcribed in fixtures/seed_003_camden.yaml."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from actions.models import Action, Objective, Status
from demo.loader import LoadStats, load_demo_data
from indicators.models import Bvpi225Assessment, Indicator, Target

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed_003_camden.yaml"


def load() -> LoadStats:
    """Only this seed: the other seed files are not this test's concern."""
    return load_demo_data(only=[SEED.name])


@pytest.fixture
def camden() -> LoadStats:
    return load()


def camden_actions():
    return Action.objects.filter(plan__strategy__partnership__slug="camden")


def test_plan_has_objectives_dv1_to_dv13_in_order(camden):
    refs = list(Objective.objects.filter(plan__strategy__partnership__slug="camden").values_list("ref", flat=True))
    assert refs == [f"DV{n}" for n in range(1, 14)]


def test_each_objective_holds_its_own_action_dv1_to_dv13(camden):
    rows = list(camden_actions().values_list("ref", "objective__ref"))
    assert rows == [(f"DV{n}", f"DV{n}") for n in range(1, 14)]


def test_objective_title_is_the_objectives_list_text(camden):
    dv1 = Objective.objects.get(plan__strategy__partnership__slug="camden", ref="DV1")
    assert dv1.title == (
        "To provide services holistically to meet existing and emerging needs, "
        "in particular the changing needs of our diverse communities"
    )


def test_dv2_cost_adds_the_marac_and_tvcp_sums(camden):
    dv2 = camden_actions().get(ref="DV2")
    assert dv2.cost == Decimal("40000")
    assert "£30k" in dv2.resources and "£10K" in dv2.resources


def test_dv1_progress_keeps_the_safehome_referral_figures(camden):
    update = camden_actions().get(ref="DV1").updates.get()
    assert "51 referrals to the Safehome scheme" in update.narrative
    assert "43 were accepted" in update.narrative
    assert update.period.label == "2007-08 Q3"


def test_outstanding_publicity_campaign_is_at_risk_with_its_barrier(camden):
    dv4 = camden_actions().get(ref="DV4")
    assert dv4.status == Status.AT_RISK
    assert dv4.updates.get().barriers == "Publicity campaign outstanding"


def test_dv10_is_led_by_probation_csn_and_police(camden):
    dv10 = camden_actions().get(ref="DV10")
    assert set(dv10.lead_agencies.values_list("name", flat=True)) == {
        "Probation", "Camden Safety Net", "Metropolitan Police",
    }


def test_sanction_detection_rate_beats_local_and_national_figures(camden):
    sdr = Indicator.objects.get(partnership__slug="camden", code="SDR")
    value = sdr.values.get(year_start=2007, area__slug="camden")
    targets = list(sdr.targets.all())
    local = value.target_for(targets)
    national = sdr.targets.get(kind=Target.Kind.NATIONAL)
    assert value.value == Decimal("51.2")
    assert local.value == Decimal("40.0")
    assert (national.value, national.year_start) == (Decimal("35.6"), 2006)
    assert value.met_target(local) is True


def test_arrests_rate_has_no_national_figure(camden):
    arrests = Indicator.objects.get(partnership__slug="camden", name="Arrests Rate")
    assert not arrests.targets.filter(kind=Target.Kind.NATIONAL).exists()


def test_camden_has_no_bvpi225_assessment(camden):
    assert not Bvpi225Assessment.objects.filter(partnership__slug="camden").exists()


def test_loading_twice_writes_nothing_the_second_time():
    assert load().total_written > 0
    history = Action.history.count()
    assert load().total_written == 0
    assert Action.history.count() == history
