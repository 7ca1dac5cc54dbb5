"""An exported plan imports back with the portal layout: into the same plan nothing changes;
into an empty plan the same actions appear."""

from __future__ import annotations

import pytest

from actions.export import export_plan
from actions.models import Action
from legacy.services import legacy_import, legacy_preview
from tests.conftest import add_update, make_action

FIELDS = ["ref", "description", "aim", "outcome", "responsibility", "by_whom", "resources", "cost", "funding_source",
          "timescale", "due_date", "cadence", "baseline", "performance_measures", "outputs", "comments", "status"]


@pytest.fixture
def plan_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_action(world.plan, world.objective, "1.3", description="==1+1 and +cmd|'/C calc'!A0",
                resources="£25k for MARAC\n£300 p.a.",
                timescale="Ongoing", comments="@SUM(A1)", lead=world.police)
    add_update(world.police_action, 2009, 4, narrative="Done in March", barriers="-2+3")
    return world


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_imports_back_into_the_same_plan_unchanged(plan_world, fmt):
    data = export_plan(Action.objects.filter(plan=plan_world.plan), fmt)
    preview = legacy_preview(user=None, data=data, filename=f"plan.{fmt}", partnership=plan_world.north,
                             year_start=2009)
    assert preview.layout == "portal"
    assert preview.problems == []
    changed = [(r.kind, r.key, r.changes) for r in preview.rows if r.op != "unchanged"]
    assert changed == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_imports_into_an_empty_plan_as_the_same_actions(plan_world, fmt):
    original = {a.ref: {f: getattr(a, f) for f in FIELDS} for a in Action.objects.filter(plan=plan_world.plan)}
    data = export_plan(Action.objects.filter(plan=plan_world.plan), fmt)
    legacy_import(user=None, data=data, filename=f"plan.{fmt}", partnership=plan_world.north, year_start=2011)
    copied = {a.ref: {f: getattr(a, f) for f in FIELDS} for a in Action.objects.filter(plan__year_start=2011)}
    assert copied == original
    assert set(Action.objects.get(plan__year_start=2011, ref="1.3").lead_agencies.all()) == {plan_world.police}
