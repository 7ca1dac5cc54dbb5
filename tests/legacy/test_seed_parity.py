"""Each legacy fixture of tests/data/legacy/, imported into an empty partnership, gives the same plan as
demo.loader.load_demo_data loads from the matching fixtures/seed_*.yaml (the YAML is the reference).

Both sides are reduced to plain dicts of the fields a legacy file carries:
- objectives: ref -> title;
- actions: ref -> description, plus the columns each layout has (001: resources, cost, timescale;
  002: outcome; 003: outcome, baseline, performance measures, outputs; 004: none more);
- progress updates per action: (status, narrative, barriers) in quarter order;
- year-end review decisions per action.
Not compared, because no legacy file carries them: lead_agencies / lead_people / responsibility_groups
(inferred by a human from the Lead and Responsibility cells in the YAML), update dates and authors,
evidence, the plan's title and introduction, and the objective hierarchy's labels and order.
Text is compared with line breaks and bullet marks ignored. The demo side is loaded with the same
SeedLoader that load_demo_data uses, one YAML at a time, before the import in the same test database.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.models import Action, ActionPlan, Objective, YearEndReview
from demo.loader import FIXTURES_DIR, LoadStats, SeedLoader, load_questions
from legacy.services import legacy_import, legacy_preview
from partnerships.models import Area, Partnership

DATA = Path(__file__).resolve().parents[1] / "data" / "legacy"

# legacy file, demo YAML, plan year, extra action fields the legacy layout carries
SEEDS = [
    ("seed_001_bedfordshire.docx", "seed_001_bedfordshire.yaml", 2009, ["resources", "cost", "timescale"]),
    # 002's report is from June 2014: the demo holds its progress column as the 2014-15 plan.
    ("seed_002_luton.xlsx", "seed_002_luton.yaml", 2014, ["outcome"]),
    ("seed_003_camden.csv", "seed_003_camden.yaml", 2007, ["outcome", "baseline", "performance_measures", "outputs"]),
    ("seed_004_lancashire.xlsx", "seed_004_lancashire.yaml", 2007, []),
]

# Objectives the demo has and the legacy table cannot carry: 002's four priorities ("One: Victims" ...)
# are headings of the strategy document, not rows of the action plan table.
DEMO_ONLY_OBJECTIVES = {"seed_002_luton.yaml": {"One", "Two", "Three", "Four"}}

# Objective titles the legacy table cannot carry: 003's objective titles are the plan's numbered
# Aims, a list above the table; the table's Ref rows carry only the Outcome (kept on the action).
# For these seeds only the objective refs are compared.
OBJECTIVE_TITLES_NOT_CARRIED = {"seed_003_camden.yaml"}

# Differences the legacy fixture cannot avoid, by (part, ref), with the reason.
KNOWN = {"seed_001_bedfordshire.yaml": {
    # The seed breaks 6.5's Objective cell over a page: the fixture joins "... make up Bedfordshire"
    # and "Issues will include:" on one line, so the title runs on into what the demo holds as description.
    ("objectives", "6.5"): "page break joined into the title",
    # "To continue the Specialist Domestic / Violence Court": a line wrapped before a capital
    # cannot be told from a new paragraph, so the title stops at "Domestic".
    ("objectives", "5.2"): "wrapped line read as a new paragraph",
}}


BULLET = re.compile(r"(?m)^\s*(?:[•○§\-]|o(?=\s))\s*")


def _norm(value: Any) -> Any:
    """Text compared with line breaks and bullet marks ignored: a cell's wrapping is not content."""
    if isinstance(value, str):
        return " ".join(BULLET.sub("", value).split())
    return value


def _plan_dict(plan: ActionPlan, extra: list[str]) -> dict[str, Any]:
    actions = Action.objects.filter(plan=plan).prefetch_related("updates")
    return {
        "objectives": {o.ref: _norm(o.title) for o in Objective.objects.filter(plan=plan)},
        "actions": {a.ref: {f: _norm(getattr(a, f)) for f in ["description", *extra]} for a in actions},
        "updates": {
            a.ref: [(u.status, _norm(u.narrative), _norm(u.barriers))
                    for u in sorted(a.updates.all(), key=lambda u: (u.year_start, u.quarter, u.recorded_at))]
            for a in actions if a.updates.all()
        },
        "reviews": {r.action.ref: r.decision
                    for r in YearEndReview.objects.filter(action__plan=plan).select_related("action")},
    }


def _demo(yaml_name: str, year: int, extra: list[str]) -> dict[str, Any]:
    data = yaml.safe_load((FIXTURES_DIR / yaml_name).read_text(encoding="utf-8"))
    load_questions(LoadStats(), FIXTURES_DIR / "bvpi225_questions.yaml")
    partnership = SeedLoader(LoadStats()).load(data)
    plan = ActionPlan.objects.get(strategy__partnership=partnership, year_start=year)
    result = _plan_dict(plan, extra)
    for ref in DEMO_ONLY_OBJECTIVES.get(yaml_name, ()):
        del result["objectives"][ref]
    return result


def _refs_only(plan: dict[str, Any]) -> dict[str, Any]:
    return plan | {"objectives": dict.fromkeys(plan["objectives"], "")}


def _imported(name: str, year: int, extra: list[str]) -> dict[str, Any]:
    partnership = Partnership.objects.create(slug="seedland", name="Seedland")
    Area.objects.create(partnership=partnership, slug="luton", name="Luton", population=184000)
    legacy_import(user=None, data=(DATA / name).read_bytes(), filename=name, partnership=partnership, year_start=year)
    plan = ActionPlan.objects.get(strategy__partnership=partnership, year_start=year)
    return _plan_dict(plan, extra)


def _differences(demo: dict[str, dict], imported: dict[str, dict]) -> list[tuple]:
    out = []
    for part in demo:
        for ref in sorted(set(demo[part]) | set(imported[part])):
            if demo[part].get(ref) != imported[part].get(ref):
                out.append((part, ref, demo[part].get(ref), imported[part].get(ref)))
    return out


def _compare(settings, tmp_path, name: str, yaml_name: str, year: int, extra: list[str]) -> list[tuple]:
    settings.MEDIA_ROOT = tmp_path
    demo = _demo(yaml_name, year, extra)
    imported = _imported(name, year, extra)
    assert demo["actions"], "the demo plan has actions"
    if yaml_name in OBJECTIVE_TITLES_NOT_CARRIED:
        demo, imported = _refs_only(demo), _refs_only(imported)
    return [d for d in _differences(demo, imported) if (d[0], d[1]) not in KNOWN.get(yaml_name, {})]


@pytest.mark.parametrize("name,yaml_name,year,extra", SEEDS)
def test_legacy_fixture_has_the_demo_objectives(db, settings, tmp_path, name, yaml_name, year, extra):
    differences = [d for d in _compare(settings, tmp_path, name, yaml_name, year, extra) if d[0] == "objectives"]
    assert differences == [], "\n".join(map(repr, differences))


@pytest.mark.parametrize("name,yaml_name,year,extra", SEEDS)
def test_legacy_fixture_imports_to_the_demo_plan(db, settings, tmp_path, name, yaml_name, year, extra):
    differences = _compare(settings, tmp_path, name, yaml_name, year, extra)
    assert differences == [], "\n".join(map(repr, differences))


def _figures(partnership) -> dict[str, set]:
    from indicators.models import Target, Value

    return {
        "values": {(v.indicator.name.lower(), v.year_start, v.quarter, v.value)
                   for v in Value.objects.filter(indicator__partnership=partnership).select_related("indicator")},
        "targets": {(t.indicator.name.lower(), t.year_start, t.quarter, t.value)
                    for t in Target.objects.filter(indicator__partnership=partnership, kind="local")
                    .select_related("indicator")},
    }


def test_003_figures_import_to_the_demo_indicator_values_and_targets(db, settings, tmp_path):
    """Camden's DV13 progress table: the same rates, values and local targets as the demo
    (area is not compared: the test partnership's one area is not Camden)."""
    settings.MEDIA_ROOT = tmp_path
    data = yaml.safe_load((FIXTURES_DIR / "seed_003_camden.yaml").read_text(encoding="utf-8"))
    demo = SeedLoader(LoadStats()).load(data)
    partnership = Partnership.objects.create(slug="seedland", name="Seedland")
    Area.objects.create(partnership=partnership, slug="luton", name="Luton")
    legacy_import(user=None, data=(DATA / "seed_003_camden.csv").read_bytes(), filename="003.csv",
                  partnership=partnership, year_start=2007)
    assert _figures(demo)["values"] and _figures(partnership) == _figures(demo)


def test_003_into_the_demo_partnership_finds_its_figures_already_there(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = yaml.safe_load((FIXTURES_DIR / "seed_003_camden.yaml").read_text(encoding="utf-8"))
    demo = SeedLoader(LoadStats()).load(data)
    preview = legacy_preview(user=None, data=(DATA / "seed_003_camden.csv").read_bytes(), filename="003.csv",
                             partnership=demo, year_start=2007)
    figures = [r for r in preview.rows if r.kind in ("indicator", "value", "target")]
    assert len(figures) == 10
    assert {(r.kind, r.op) for r in figures} == {("value", "unchanged"), ("target", "unchanged")}


def _milestones(plan: ActionPlan) -> dict[str, list[tuple[str, str, Any]]]:
    return {
        a.ref: [(_norm(m.text), m.timescale, m.due_on) for m in a.milestones.all()]
        for a in Action.objects.filter(plan=plan).prefetch_related("milestones") if a.milestones.all()
    }


def test_001_milestones_import_as_the_demo_holds_them(db, settings, tmp_path):
    """The dated steps the Bedfordshire layout reads in the Word file (legacy.apply.milestones) are the
    milestones the demo YAML gives, action by action, and the actions are due on the same days."""
    settings.MEDIA_ROOT = tmp_path
    data = yaml.safe_load((FIXTURES_DIR / "seed_001_bedfordshire.yaml").read_text(encoding="utf-8"))
    demo = ActionPlan.objects.get(strategy__partnership=SeedLoader(LoadStats()).load(data), year_start=2009)
    partnership = Partnership.objects.create(slug="seedland", name="Seedland")
    preview, _ = legacy_import(user=None, data=(DATA / "seed_001_bedfordshire.docx").read_bytes(),
                               filename="001.docx", partnership=partnership, year_start=2009)
    imported = ActionPlan.objects.get(strategy__partnership=partnership, year_start=2009)
    assert set(_milestones(demo)) == {"1.1.1", "3.2.1", "5.2.1", "5.3.1"}
    assert _milestones(imported) == _milestones(demo)
    refs = list(_milestones(demo))
    demo_due = dict(Action.objects.filter(plan=demo, ref__in=refs).values_list("ref", "due_date"))
    imported_due = dict(Action.objects.filter(plan=imported, ref__in=refs).values_list("ref", "due_date"))
    assert demo_due == imported_due and demo_due["1.1.1"] == dt.date(2010, 3, 31)
