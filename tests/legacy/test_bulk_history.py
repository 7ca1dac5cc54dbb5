"""Imports write rows in bulk (legacy/apply/bulk.py) and still record each one in the change history, as
django-simple-history's own bulk_create_with_history would; a re-import that changes the leads
replaces them and says so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from indicators.models import Indicator, Value
from legacy.apply.bulk import insert_with_history
from legacy.services import legacy_import, legacy_preview
from partnerships.models import Agency

HEADER = "Ref,Theme,Objective,Action,Lead,Resources,Timescale,Status,Progress\n"


def _plan_csv(lead: str) -> bytes:
    row = f"A1,Theme 1,Objective 1,Train staff,{lead},£3500 venue,September 2011,On track,Training booked\n"
    return (HEADER + row).encode()


@pytest.fixture
def north(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Agency.objects.get_or_create(partnership=world.north, name="North Police")
    Agency.objects.get_or_create(partnership=world.north, name="North Probation")
    return world.north


def test_every_imported_row_has_a_creation_record_with_its_values_and_the_admin(world, north):
    admin = world.admin
    legacy_import(data=_plan_csv("North Police"), filename="plan.csv", partnership=north, year_start=2011, user=admin)
    action = Action.objects.get(plan__strategy__partnership=north, ref="A1")
    record = action.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", admin, None)
    assert (record.description, record.resources, record.cost, record.due_date) == (
        "Train staff", "£3500 venue", Decimal("3500.00"), dt.date(2011, 9, 30))
    assert record.objective_id == action.objective_id and record.plan_id == action.plan_id
    assert abs(record.history_date - timezone.now()) < dt.timedelta(minutes=1)
    assert action.updated_at is not None  # auto_now filled in, as a save would
    update = ProgressUpdate.objects.get(action=action)
    assert update.history.get().history_type == "+"
    assert list(action.lead_agencies.values_list("name", flat=True)) == ["North Police"]


def test_a_reimport_with_another_lead_replaces_the_leads_and_names_both(world, north):
    legacy_import(user=None, data=_plan_csv("North Police"), filename="plan.csv", partnership=north, year_start=2011)
    preview = legacy_preview(user=None, data=_plan_csv("North Probation"), filename="plan.csv", partnership=north,
                             year_start=2011)
    row = next(r for r in preview.rows if r.kind == "action")
    assert row.op == "change"
    assert row.changes["leads"] == ("North Police", "North Probation")
    legacy_import(user=None, data=_plan_csv("North Probation"), filename="plan.csv", partnership=north, year_start=2011)
    action = Action.objects.get(plan__strategy__partnership=north, ref="A1")
    assert list(action.lead_agencies.values_list("name", flat=True)) == ["North Probation"]
    again = legacy_preview(user=None, data=_plan_csv("North Probation"), filename="plan.csv", partnership=north,
                           year_start=2011)
    assert again.counts()["change"] == 0


def test_insert_with_history_matches_what_a_save_records(world):
    plan, objective = world.plan, world.objective
    saved = Action(plan=plan, objective=objective, ref="S1", description="Saved", cost=Decimal("12.50"),
                   due_date=dt.date(2010, 3, 31))
    saved.save()
    bulk = Action(plan=plan, objective=objective, ref="B1", description="Saved", cost=Decimal("12.50"),
                  due_date=dt.date(2010, 3, 31))
    insert_with_history([bulk], Action, user=None)
    assert bulk.pk and Action.objects.filter(pk=bulk.pk).exists()
    skip = {"id", "ref", "history_id", "history_date", "updated_at"}
    fields = [f.attname for f in Action.history.model._meta.concrete_fields if f.attname not in skip]
    a = Action.history.filter(id=saved.pk).values(*fields).get()
    b = Action.history.filter(id=bulk.pk).values(*fields).get()
    assert a == b


def test_values_written_in_bulk_keep_decimals_and_periods(world):
    area = world.area
    indicator = Indicator.objects.create(partnership=world.north, code="NI 32", name="Repeat victims", unit="percent")
    objs = [Value(indicator=indicator, area=area, year_start=2011, quarter=q, value=Decimal("33.333")) for q in (1, 2)]
    insert_with_history(objs, Value)
    assert list(Value.objects.filter(indicator=indicator).order_by("quarter").values_list("quarter", "value")) == [
        (1, Decimal("33.333")), (2, Decimal("33.333"))]
    assert Value.history.filter(indicator_id=indicator.pk).count() == 2


def test_history_records_written_by_an_import_carry_the_leads(world, north):
    """The action page and the stale-edit check compare consecutive history records, leads included:
    an import's records must hold the leads, or a later change would look like the leads were removed."""
    legacy_import(user=None, data=_plan_csv("North Police"), filename="plan.csv", partnership=north, year_start=2011)
    changed = _plan_csv("North Police").replace(b"Train staff", b"Train all staff")
    legacy_import(user=None, data=changed, filename="plan.csv", partnership=north, year_start=2011)
    action = Action.objects.get(plan__strategy__partnership=north, ref="A1")
    created, updated = action.history.order_by("history_id")
    assert (created.history_type, updated.history_type) == ("+", "~")
    assert [r.agency.name for r in created.lead_agencies.all()] == ["North Police"]
    assert [r.agency.name for r in updated.lead_agencies.all()] == ["North Police"]
    delta = updated.diff_against(created, included_fields=["description", "lead_agencies", "lead_people"])
    assert [c.field for c in delta.changes] == ["description"]


def test_imported_values_name_who_recorded_them(world, north):
    Indicator.objects.create(partnership=north, code="NI 32", name="Repeat incidents", unit="percent")
    csv = b"Indicator,Area,Period,Value,Target\nNI 32,North Town,2011-12 Q1,19,25\n"
    legacy_import(data=csv, filename="figures.csv", partnership=north, year_start=2011, user=world.admin)
    value = Value.objects.get(indicator__partnership=north)
    assert (value.recorded_by, value.area, value.quarter, value.value) == (world.admin, world.area, 1, Decimal("19"))
    assert value.recorded_at is not None
    assert abs(value.recorded_at - timezone.now()) < dt.timedelta(minutes=1)
    assert value.history.get().history_user == world.admin
    target = value.indicator.targets.get()
    assert (target.kind, target.value, target.history.get().history_type) == ("local", Decimal("25"), "+")
