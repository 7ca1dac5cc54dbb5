"""The returns of the demo data (fixtures/seed_*.yaml) read the seed documents' own figures."""

from __future__ import annotations

import pytest

from actions.models import ActionPlan
from demo.loader import load_demo_data
from partnerships.models import Group
from partnerships.periods import Quarter
from reports.services import return_build
from tests.reports.conftest import pdf_embedded_files, pdf_text


@pytest.fixture
def demo(db) -> None:
    """The demo data, loaded inside the test's transaction (rolled back after it)."""
    load_demo_data()


def build(partnership: str, quarter: str, group: str, *, annex: bool = False):
    q = Quarter.parse(quarter)
    plan = ActionPlan.objects.select_related("strategy__partnership").get(
        strategy__partnership__slug=partnership, year_start=q.year_start)
    group_obj = Group.objects.select_related("area").get(partnership__slug=partnership, slug=group)
    return return_build(plan=plan, quarter=q, group=group_obj, user=None, annex=annex)


def test_camden_2007_08_q3_shows_dv1_to_dv13_sanction_detection_and_safehome(demo):
    built = build("camden", "2007-08 Q3", "dvwg", annex=True)  # the updates in full: the annex
    text = pdf_text(built.pdf)
    for n in range(1, 14):
        assert f"DV{n}:" in text, f"DV{n} missing"
    assert "Detection Rate" in text
    sdr = next(b for b in built.data.indicators if b.code == "SDR")
    assert [(f.value_text, f.target_text, f.met) for f in sdr.figures] == [("51.2%", "40%", True)]
    assert "51.2% latest available: 2007-08" in text and "40% national 35.6% (2006-07)" in text
    assert "51 referrals to the Safehome scheme" in text
    assert "OFFICIAL-SENSITIVE" in text and f"page 1 of {built.rendered.pages}" in text
    assert pdf_embedded_files(built.pdf) == []


@pytest.mark.parametrize("group, own, other, own_area, other_area", [
    ("central-beds-cssg", "19%", "33%", "Central Bedfordshire", "Bedford Borough"),
    ("bedford-borough-cssg", "33%", "19%", "Bedford Borough", "Central Bedfordshire"),
])
def test_bedfordshire_area_groups_see_their_own_figures_and_the_ni_32_target(demo, group, own, other, own_area,
                                                                              other_area):
    built = build("bedfordshire", "2009-10 Q1", group)
    ni32 = next(b for b in built.data.indicators if b.code == "NI 32")
    # The 2008-09 figure is shown beside the 2009-10 target but not judged against it.
    assert [(f.area, f.value_text, f.target_text, f.met) for f in ni32.figures] == [(own_area, own, "31%", None)]
    text = pdf_text(built.pdf)
    assert f"{own_area} {own} latest available: 2008-09 Q4" in text and "31%" in text
    assert "2009-10 target: not compared with a 2008-09 Q4 figure" in text
    assert other_area not in text.split("3. Indicators")[1].split("4. BVPI")[0]


def test_luton_return_gives_the_bvpi_225_2005_06_assessment_one_line(demo):
    plan = ActionPlan.objects.get(strategy__partnership__slug="luton")  # the 2012/15 plan, held for one year
    built = build("luton", Quarter(plan.year_start, 1).label, "dasg")
    [bvpi] = built.data.bvpi
    assert (bvpi.area, bvpi.year, bvpi.is_plan_year) == ("Luton", "2005-06", False)
    assert len(bvpi.lines) == 11 and bvpi.lines[0].answer == "Yes"
    assert bvpi.lines[0].evidence == "Copy of the directory"
    text = pdf_text(built.pdf)
    # A 2005-06 assessment has nothing to say in a 2014 pack but that it is the latest: one line.
    assert (f"Luton: no BVPI 225 assessment for {plan.year_label}; the latest, for 2005-06, scored {bvpi.score}%"
            in text)
    assert "Copy of the directory" not in text


def test_lancashire_year_end_return_gives_the_comments_for_the_2nd_year_action_plan(demo):
    built = build("lancashire", "2007-08 Q4", "ldvp")
    text = pdf_text(built.pdf)
    assert "Keep: 1 · Keep and develop: 3 · Completed: 8 · Drop: 0." in text
    assert "Pilots completed. Consider keeping and developing for year 2." in text
    assert "DRAFT" in text


def test_camden_q2_reads_as_it_stood_before_the_q3_updates(demo):
    data = build("camden", "2007-08 Q2", "dvwg").data
    assert data.headline.total == 13
    assert [(c.label, c.now) for c in data.headline.counts] == [("No update yet", 13)]
    assert "DV4" not in [e.action.ref for e in data.exceptions if "At risk" in e.reasons]


def test_bedfordshire_whole_partnership_2009_10_q3_fits_a_board_pack_of_12_pages(demo):
    plan = ActionPlan.objects.select_related("strategy__partnership").get(
        strategy__partnership__slug="bedfordshire", year_start=2009)
    built = return_build(plan=plan, quarter=Quarter(2009, 3), group=None, user=None)
    assert built.rendered.pages <= 12
    text = pdf_text(built.pdf)
    assert "6. The action plan at a glance" in text and "Annex: the action plan in full" not in text
    assert f"page {built.rendered.pages} of {built.rendered.pages}" in text
    with_annex = return_build(plan=plan, quarter=Quarter(2009, 3), group=None, user=None, annex=True)
    assert with_annex.rendered.pages > built.rendered.pages
