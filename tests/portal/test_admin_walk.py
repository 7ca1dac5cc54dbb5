"""Every model of the admin site, walked as the north partnership's admin (is_staff, Membership role
admin, no Django permissions): another partnership's object answers 404 on every object URL (change,
delete, history, a history record; GET and POST), exactly as an id that does not exist, so ids cannot be
enumerated. Installation-wide models (users, groups, sign-in records, allauth, task results) are
superuser-only: every page of theirs is a 404 to a partnership admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from actions.models import (
    Action,
    ActionPlan,
    Objective,
    ProgressUpdate,
    QuarterLock,
    Strategy,
    StrategyRevision,
    UpdateRound,
    YearEndReview,
)
from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225Question, Indicator, Target, Value
from partnerships.admin_scoping import PartnershipScopedAdmin, SuperuserOnlyAdmin, partnership_path_for
from partnerships.models import Agency, Area, Group, Meeting, Membership, Partnership, Person, Role
from reports.models import IssuedReturn, ReturnBatch
from reviews.models import Recommendation, Review, Theme
from tests.conftest import World, client_for

MISSING = "987654321"


def _south_area(w: World) -> Area:
    return Area.objects.get_or_create(partnership=w.south, slug="south-town", defaults={"name": "South Town"})[0]


def _south_group(w: World) -> Group:
    return Group.objects.get_or_create(partnership=w.south, slug="south-board", defaults={"name": "South Board"})[0]


def _south_plan(w: World) -> ActionPlan:
    return w.south_action.plan


def _south_indicator(w: World) -> Indicator:
    return Indicator.objects.get_or_create(partnership=w.south, code="NI 32",
                                           defaults={"name": "Repeat MARAC", "unit": "percent"})[0]


def _south_assessment(w: World) -> Bvpi225Assessment:
    return Bvpi225Assessment.objects.get_or_create(partnership=w.south, area=_south_area(w), year_start=2009)[0]


def _south_review(w: World) -> Review:
    return Review.objects.get_or_create(partnership=w.south, reference="DHR 2009/01",
                                        defaults={"notified_on": dt.date(2009, 6, 1)})[0]


def _question(number: int = 1) -> Bvpi225Question:
    return Bvpi225Question.objects.get_or_create(number=number, defaults={"text": f"Q{number}"})[0]


# One row of the south partnership for every partnership-scoped model the admin shows. A model
# registered later needs a line here: test_every_scoped_model_has_a_row_of_the_other_partnership says so.
SOUTH_ROWS: dict[type[models.Model], Callable[[World], models.Model]] = {
    Partnership: lambda w: w.south,
    Area: _south_area,
    Agency: lambda w: Agency.objects.create(partnership=w.south, name="South Police"),
    Person: lambda w: Person.objects.create(partnership=w.south, name="Sam South"),
    Membership: lambda w: Membership.objects.get(user=w.outsider),
    Group: _south_group,
    Meeting: lambda w: Meeting.objects.create(group=_south_group(w), date=dt.date(2009, 5, 1)),
    Strategy: lambda w: _south_plan(w).strategy,
    StrategyRevision: lambda w: StrategyRevision.objects.create(strategy=_south_plan(w).strategy, order=1,
                                                                label="Draft 1"),
    ActionPlan: _south_plan,
    Objective: lambda w: Objective.objects.filter(plan=_south_plan(w)).order_by("pk")[0],
    Action: lambda w: w.south_action,
    ProgressUpdate: lambda w: ProgressUpdate.objects.create(action=w.south_action, year_start=2009, quarter=1,
                                                            status="on_track", recorded_at=timezone.now()),
    YearEndReview: lambda w: YearEndReview.objects.create(action=w.south_action, decision="keep"),
    UpdateRound: lambda w: UpdateRound.objects.create(plan=_south_plan(w), year_start=2009, quarter=1,
                                                      opened_at=timezone.now()),
    QuarterLock: lambda w: QuarterLock.objects.create(plan=_south_plan(w), year_start=2009, quarter=1,
                                                      locked_at=timezone.now()),
    Indicator: _south_indicator,
    Target: lambda w: Target.objects.create(indicator=_south_indicator(w), year_start=2009, value=Decimal(30)),
    Value: lambda w: Value.objects.create(indicator=_south_indicator(w), year_start=2009, value=Decimal(40)),
    Bvpi225Assessment: _south_assessment,
    Bvpi225Answer: lambda w: Bvpi225Answer.objects.create(assessment=_south_assessment(w), question=_question()),
    IssuedReturn: lambda w: IssuedReturn.objects.create(
        partnership=w.south, plan=_south_plan(w), year_start=2009, quarter=1, group=_south_group(w), pdf=b"%PDF",
        sha256="0" * 64, size=4, filename="south.pdf", issued_at=timezone.now()),
    ReturnBatch: lambda w: ReturnBatch.objects.create(partnership=w.south, plan=_south_plan(w), year_start=2009,
                                                      quarter=1, requested_at=timezone.now()),
    Review: _south_review,
    Recommendation: lambda w: Recommendation.objects.create(review=_south_review(w), ref="1", text="Train staff"),
    Theme: lambda w: Theme.objects.create(partnership=w.south, name="Housing"),
}


def _registered(kind: type) -> list[type[models.Model]]:
    return sorted((m for m, a in admin.site._registry.items() if isinstance(a, kind)), key=lambda m: m._meta.label)


def _url(model: type[models.Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _object_urls(model: type[models.Model], pk: object, history_id: object | None) -> list[str]:
    urls = [_url(model, view, pk) for view in ("change", "delete", "history")]
    try:
        urls.append(_url(model, "simple_history", pk, history_id if history_id is not None else MISSING))
    except NoReverseMatch:  # no django-simple-history admin for this model
        pass
    return urls


def _statuses(client: Client, urls: list[str]) -> dict[str, tuple[int, int]]:
    """url -> (GET status, POST status)."""
    return {url: (client.get(url).status_code, client.post(url, {"post": "yes"}).status_code) for url in urls}


@pytest.fixture
def staff_admin(world: World) -> Client:
    world.admin.is_staff = True
    world.admin.save()
    assert not world.admin.user_permissions.exists()
    return client_for(world.admin)


def test_every_registered_admin_is_scoped_or_superuser_only() -> None:
    unscoped = [m._meta.label for m, a in admin.site._registry.items()
                if not isinstance(a, PartnershipScopedAdmin | SuperuserOnlyAdmin)]
    assert unscoped == [], ("each admin must be a PartnershipScopedAdmin or, for a model that belongs to no "
                            "partnership, a SuperuserOnlyAdmin (partnerships.admin_scoping)")


def test_every_scoped_model_has_a_row_of_the_other_partnership() -> None:
    scoped = [m for m in _registered(PartnershipScopedAdmin) if partnership_path_for(m) is not None]
    assert [m._meta.label for m in scoped if m not in SOUTH_ROWS] == []


@pytest.mark.parametrize("model", [m for m in _registered(PartnershipScopedAdmin) if partnership_path_for(m)
                                   is not None], ids=lambda m: m._meta.label)
def test_other_partnerships_object_answers_404_like_a_missing_id(world: World, staff_admin: Client,
                                                                 model: type[models.Model]) -> None:
    obj = SOUTH_ROWS[model](world)
    assert obj is not None and obj.pk
    history = getattr(model, "history", None)
    record = history.filter(**{model._meta.pk.attname: obj.pk}).order_by("-history_id").first() if history else None
    if history is not None:
        assert record is not None, "the row was recorded, so its history record URL is a real one"
    before = model._default_manager.filter(pk=obj.pk).count()

    others = _statuses(staff_admin, _object_urls(model, obj.pk, record.pk if record else None))
    missing = _statuses(staff_admin, _object_urls(model, MISSING, MISSING) + _object_urls(model, "not-a-number",
                                                                                          "x"))
    assert set(others.values()) == {(404, 404)}, others
    assert set(missing.values()) == {(404, 404)}, missing
    assert model._default_manager.filter(pk=obj.pk).count() == before  # nothing deleted or changed


def test_a_model_of_no_partnership_answers_404_for_a_missing_id(world: World, staff_admin: Client) -> None:
    question = _question()
    assert staff_admin.get(_url(Bvpi225Question, "change", question.pk)).status_code == 200  # read-only view
    missing = _statuses(staff_admin, _object_urls(Bvpi225Question, MISSING, None))
    assert set(missing.values()) == {(404, 404)}, missing


@pytest.mark.parametrize("model", _registered(SuperuserOnlyAdmin), ids=lambda m: m._meta.label)
def test_installation_wide_models_are_not_there_for_a_partnership_admin(world: World, staff_admin: Client,
                                                                        model: type[models.Model]) -> None:
    existing = {get_user_model(): world.outsider.pk, AuthGroup: AuthGroup.objects.create(name="ops").pk}.get(
        model) or getattr(model._default_manager.first(), "pk", None)
    urls = [_url(model, "changelist"), _url(model, "add"), *_object_urls(model, MISSING, None)]
    if existing is not None:
        urls += _object_urls(model, existing, None)
    statuses = _statuses(staff_admin, urls)
    assert set(statuses.values()) == {(404, 404)}, statuses
    index = staff_admin.get(reverse("admin:index")).content.decode()
    assert _url(model, "changelist") not in index


def test_superuser_still_sees_every_partnership_and_gets_404_for_junk_ids(world: World) -> None:
    boss = client_for(get_user_model().objects.create_superuser("boss", "boss@example.org", "pw"))
    agency = SOUTH_ROWS[Agency](world)
    assert boss.get(_url(Agency, "change", agency.pk)).status_code == 200
    assert boss.get(_url(Agency, "history", agency.pk)).status_code == 200
    assert boss.get(_url(get_user_model(), "change", world.outsider.pk)).status_code == 200
    for url in _object_urls(Agency, "not-a-number", "x")[2:]:
        assert boss.get(url).status_code == 404, url


def test_own_deleted_object_keeps_its_history_and_another_partnerships_does_not_show(
        world: World, staff_admin: Client) -> None:
    own = Agency.objects.create(partnership=world.north, name="North Probation")
    theirs = SOUTH_ROWS[Agency](world)
    own_pk, their_pk = own.pk, theirs.pk
    own_record = Agency.history.filter(id=own_pk).latest("history_id")
    their_record = Agency.history.filter(id=their_pk).latest("history_id")
    assert staff_admin.get(_url(Agency, "simple_history", own_pk, own_record.pk)).status_code == 200
    own.delete()
    theirs.delete()
    assert staff_admin.get(_url(Agency, "history", own_pk)).status_code == 200
    assert staff_admin.get(_url(Agency, "history", their_pk)).status_code == 404
    assert staff_admin.get(_url(Agency, "simple_history", their_pk, their_record.pk)).status_code == 404


def test_history_record_of_an_object_now_in_another_partnership_is_not_shown(world: World,
                                                                           staff_admin: Client) -> None:
    moved = Agency.objects.create(partnership=world.north, name="Shared Service")
    first = Agency.history.filter(id=moved.pk).latest("history_id")
    moved.partnership = world.south
    moved.save()
    assert staff_admin.get(_url(Agency, "history", moved.pk)).status_code == 404
    assert staff_admin.get(_url(Agency, "simple_history", moved.pk, first.pk)).status_code == 404


def test_a_staff_user_who_administers_nothing_gets_404_everywhere(world: World) -> None:
    world.coordinator.is_staff = True
    world.coordinator.save()
    client = client_for(world.coordinator)
    assert Membership.objects.get(user=world.coordinator).role == Role.COORDINATOR
    statuses = _statuses(client, _object_urls(Agency, world.police.pk, None))
    assert set(statuses.values()) == {(404, 404)}, statuses
