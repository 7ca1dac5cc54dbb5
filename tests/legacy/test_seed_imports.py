"""Each seed fixture imports into an empty partnership, and a second import changes nothing.
Where the demo YAML for the seed exists, the imported records match what load_demo_data loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actions.models import Action, Objective, ProgressUpdate, YearEndReview
from demo.loader import FIXTURES_DIR, LoadStats, load_questions
from indicators.models import Bvpi225Answer, Bvpi225MonitoringEntry
from legacy.services import legacy_import, legacy_preview
from partnerships.models import Area, Partnership

DATA = Path(__file__).resolve().parents[1] / "data" / "legacy"

SEEDS = [
    ("seed_000_luton_bvpi225.xls", "bvpi225", 2005, {"answers": 6, "monitoring": 14}),
    ("seed_001_bedfordshire.docx", "bedfordshire_001", 2009, {"objectives": 30, "actions": 58}),
    ("seed_002_luton.xlsx", "luton_002", 2012, {"objectives": 5, "actions": 16, "updates": 14}),
    ("seed_003_camden.csv", "camden_003", 2007, {"objectives": 13, "actions": 13, "updates": 13}),
    ("seed_004_lancashire.xlsx", "lancashire_004", 2007, {"objectives": 4, "actions": 12, "updates": 12,
                                                          "reviews": 12}),
]


@pytest.fixture
def empty(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partnership = Partnership.objects.create(slug="seedland", name="Seedland")
    Area.objects.create(partnership=partnership, slug="luton", name="Luton", population=184000)
    load_questions(LoadStats(), FIXTURES_DIR / "bvpi225_questions.yaml")
    return partnership


def _counts():
    return {"objectives": Objective.objects.count(), "actions": Action.objects.count(),
            "updates": ProgressUpdate.objects.count(), "reviews": YearEndReview.objects.count(),
            "answers": Bvpi225Answer.objects.count(), "monitoring": Bvpi225MonitoringEntry.objects.count()}


@pytest.mark.parametrize("name,layout,year,expected", SEEDS)
def test_seed_is_detected_imported_and_second_import_changes_nothing(empty, name, layout, year, expected):
    data = (DATA / name).read_bytes()
    preview, record = legacy_import(user=None, data=data, filename=name, partnership=empty, year_start=year)
    assert preview.layout == layout
    counts = _counts()
    for key, value in expected.items():
        assert counts[key] == value, key
    assert record.created > 0 and record.changed == 0
    again = legacy_preview(user=None, data=data, filename=name, partnership=empty, year_start=year)
    assert again.counts()["create"] == 0 and again.counts()["change"] == 0
    assert _counts() == counts


def test_004_keeps_the_text_and_parses_the_review(empty):
    legacy_import(user=None, data=(DATA / "seed_004_lancashire.xlsx").read_bytes(), filename="004.xlsx",
                  partnership=empty, year_start=2007)
    action = Action.objects.get(ref="2.1")
    assert action.objective.title == "Identifying & pooling resources"  # the merged priority cell carried down
    # "... Consider development of Lancashire funding plan in year 2. Or ditch action?": the ditch is
    # only a question, so the decision is develop (as in fixtures/seed_004_lancashire.yaml).
    assert action.review.decision == "develop"
    assert action.review.comment.endswith("Or ditch action?")
    assert Action.objects.get(ref="4.1").objective.ref == "4"


def test_000_reads_smileys_and_answers(empty):
    legacy_import(user=None, data=(DATA / "seed_000_luton_bvpi225.xls").read_bytes(), filename="000.xls",
                  partnership=empty, year_start=2005)
    q6 = Bvpi225Answer.objects.get(question__number=6)
    assert q6.progress == "concern" and q6.year_end_answer is False
    assert Bvpi225Answer.objects.get(question__number=1).progress == "good"
    assert "§ Bedfordshire Police" in q6.monitoring.get(label="Jan-06").text


def test_001_parses_money_and_timescales(empty):
    legacy_import(user=None, data=(DATA / "seed_001_bedfordshire.docx").read_bytes(), filename="001.docx",
                  partnership=empty, year_start=2009)
    conference = Action.objects.get(ref="2.4.1")
    assert conference.resources.startswith("£3500") and conference.cost == 3500
    assert conference.cadence == "ongoing" and conference.timescale == "Ongoing"


@pytest.mark.parametrize("seed_glob", ["seed_000_*.yaml"])
def test_bvpi_import_matches_the_demo_yaml(db, settings, tmp_path, seed_glob):
    """The BVPI answers imported from the .xls match fixtures/seed_000_luton.yaml field by field."""
    from demo.loader import load_demo_data

    settings.MEDIA_ROOT = tmp_path
    if not list(FIXTURES_DIR.glob(seed_glob)):
        pytest.skip("seed_000 YAML missing")
    load_demo_data()
    luton = Partnership.objects.get(slug="luton")
    fields = ["notes", "milestones", "progress", "year_end_answer", "backed_up_by"]
    demo = {a.question.number: {f: getattr(a, f) for f in fields}
            | {"monitoring": sorted((m.label, m.text) for m in a.monitoring.all())}
            for a in Bvpi225Answer.objects.filter(assessment__area__partnership=luton, assessment__year_start=2005)}
    preview = legacy_preview(user=None, data=(DATA / "seed_000_luton_bvpi225.xls").read_bytes(), filename="000.xls",
                             partnership=luton, year_start=2005)
    differences = [(r.key, r.changes) for r in preview.rows if r.op != "unchanged"]
    assert differences == [], differences
    assert len(demo) == 6


def test_003_figures_table_becomes_indicators_values_and_targets(empty):
    from indicators.models import Indicator, Target, Value

    legacy_import(user=None, data=(DATA / "seed_003_camden.csv").read_bytes(), filename="003.csv", partnership=empty,
                  year_start=2007)
    indicators = {i.code: i for i in Indicator.objects.filter(partnership=empty)}
    assert {c: (i.name, i.unit) for c, i in indicators.items()} == {
        "AR": ("Arrests Rate", "percent"), "DR": ("Detection Rate", "percent"), "RCR": ("Race Crime Rate", "percent"),
        "HCR": ("Homophobic Crime Rate", "percent"), "DOR": ("Domestic Offence Rate", "percent"),
    }
    values = {code: (area, year, quarter, str(value)) for code, area, year, quarter, value in
              Value.objects.values_list("indicator__code", "area__slug", "year_start", "quarter", "value")}
    assert values["DR"] == ("luton", 2007, None, "51.200")  # the partnership's one area
    assert len(values) == 5
    targets = {t.indicator.code: (t.area, t.kind, str(t.value)) for t in Target.objects.select_related("indicator")}
    assert targets["DR"] == (None, "local", "40.000") and targets["AR"] == (None, "local", "61.000")
    assert len(targets) == 5  # the national 06/07 comparison stays in the progress text
    assert Indicator.history.filter(partnership_id=empty.pk).count() == 5
    ordered = Indicator.objects.filter(partnership=empty).order_by("order")
    assert [i.code for i in ordered] == ["AR", "DR", "RCR", "HCR", "DOR"]
    assert sorted(i.order for i in indicators.values()) == [1, 2, 3, 4, 5]  # in the table's order, after none


def test_003_created_indicators_follow_the_partnerships_own(empty):
    from indicators.models import Indicator

    Indicator.objects.create(partnership=empty, code="NI 32", name="Repeat incidents", unit="percent", order=1)
    legacy_import(user=None, data=(DATA / "seed_003_camden.csv").read_bytes(), filename="003.csv", partnership=empty,
                  year_start=2007)
    assert list(Indicator.objects.filter(partnership=empty).order_by("order").values_list("code", "order")) == [
        ("NI 32", 1), ("AR", 2), ("DR", 3), ("RCR", 4), ("HCR", 5), ("DOR", 6)]


def test_001_dated_steps_become_milestones_once(empty):
    """Seed 001's rows kept together with a timescale per step (1.1.1's six steps) become milestones of
    their one action, due at the last dated step, written by the import; a second run writes none."""
    from actions.models import Milestone
    from legacy.apply.milestones import apply_milestones
    from legacy.steps import due_date_in

    preview, _ = legacy_import(user=None, data=(DATA / "seed_001_bedfordshire.docx").read_bytes(),
                               filename="001.docx", partnership=empty, year_start=2009)
    plan = Action.objects.get(ref="1.1.1").plan
    assert Milestone.objects.filter(action__plan=plan).count() == 6 + 4 + 4 + 3  # written by the import
    data = Action.objects.get(ref="1.1.1")
    assert [(m.timescale, m.due_on) for m in data.milestones.all()][:3] == [
        ("Ongoing", None), ("September 2009", dt.date(2009, 9, 30)), ("July 2009", dt.date(2009, 7, 31))]
    assert data.milestones.last().text == "System in place"
    assert data.due_date == dt.date(2010, 3, 31) == due_date_in(preview.layout, data.description, data.timescale)
    assert Milestone.history.filter(action_id=data.pk, history_type="+").count() == 6
    assert apply_milestones(plan, preview.layout, user=None) == 0
    assert apply_milestones(plan, "luton_002", user=None) == 0
    assert Milestone.objects.count() == 17
    again, _ = legacy_import(user=None, data=(DATA / "seed_001_bedfordshire.docx").read_bytes(),
                             filename="001.docx", partnership=empty, year_start=2009)
    row = next(r for r in again.rows if r.kind == "action" and r.key == "1.1.1")
    assert "due_date" not in row.changes, "a second import keeps the due date of the last milestone"
    assert Action.objects.get(ref="1.1.1").due_date == dt.date(2010, 3, 31) and Milestone.objects.count() == 17
