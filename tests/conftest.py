"""Shared personas, built in code: one partnership ("north") with a small plan and a user per role,
and an outsider who coordinates another partnership ("south")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import Action, ActionPlan, Objective, ProgressUpdate, Status, Strategy
from partnerships.models import Agency, Area, Group, GroupMember, Membership, Partnership, Person, Role

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    north: Partnership
    south: Partnership
    area: Area
    police: Agency
    housing: Agency
    sig: Group
    strategy: Strategy
    plan: ActionPlan
    objective: Objective
    police_action: Action
    housing_action: Action
    south_action: Action
    admin: object
    coordinator: object
    lead: object
    member: object
    viewer: object
    outsider: object

    def user(self, role: str):
        return getattr(self, role)


def make_user(username: str, partnership: Partnership, role: str, agency: Agency | None = None,
              person: Person | None = None):
    user = get_user_model().objects.create_user(username, email=f"{username}@example.org", password=PASSWORD)
    Membership.objects.create(user=user, partnership=partnership, role=role, agency=agency, person=person)
    return user


def make_plan(partnership: Partnership, slug: str = "strategy", year: int = 2009) -> tuple[Strategy, ActionPlan, Objective]:
    strategy = Strategy.objects.create(
        partnership=partnership, slug=slug, title=f"{partnership.name} strategy",
        period_start=dt.date(year, 4, 1), period_end=dt.date(year + 3, 3, 31),
    )
    plan = ActionPlan.objects.create(strategy=strategy, year_start=year, title=f"{partnership.name} action plan")
    objective = Objective.objects.create(plan=plan, ref="1", label="Objective", title="Partnership working", order=1)
    return strategy, plan, objective


def make_action(plan: ActionPlan, objective: Objective, ref: str, lead: Agency | None = None, **fields) -> Action:
    action = Action(plan=plan, objective=objective, ref=ref, description=fields.pop("description", f"Action {ref}"), **fields)
    action.set_timescale(fields.get("timescale", "September 2009"))
    action.save()
    if lead:
        action.lead_agencies.add(lead)
    return action


def add_update(action: Action, year: int, quarter: int, status: str = Status.ON_TRACK, **fields) -> ProgressUpdate:
    update = ProgressUpdate.objects.create(
        action=action, year_start=year, quarter=quarter, status=status,
        recorded_at=fields.pop("recorded_at", timezone.now()), **fields,
    )
    action.status = status
    action.save(update_fields=["status"])
    return update


@pytest.fixture
def world(db) -> World:
    north = Partnership.objects.create(slug="north", name="North Domestic Abuse Partnership")
    south = Partnership.objects.create(slug="south", name="South Community Safety Partnership")
    area = Area.objects.create(partnership=north, slug="north-town", name="North Town", population=184_000)
    police = Agency.objects.create(partnership=north, name="North Police", kind=Agency.Kind.POLICE)
    housing = Agency.objects.create(partnership=north, name="North Housing", kind=Agency.Kind.HOUSING)
    sig = Group.objects.create(partnership=north, slug="sig", name="Strategy Implementation Group",
                               quorum_members=3, quorum_agencies=2, frequency="quarterly")
    strategy, plan, objective = make_plan(north)
    police_action = make_action(plan, objective, "1.1", police)
    housing_action = make_action(plan, objective, "1.2", housing)
    _, south_plan, south_objective = make_plan(south, slug="south-strategy")
    south_action = make_action(south_plan, south_objective, "S1")
    member_person = Person.objects.create(partnership=north, name="Mo Member")
    GroupMember.objects.create(group=sig, person=member_person, role=GroupMember.Role.MEMBER)
    return World(
        north=north, south=south, area=area, police=police, housing=housing, sig=sig, strategy=strategy,
        plan=plan, objective=objective, police_action=police_action, housing_action=housing_action,
        south_action=south_action,
        admin=make_user("alice-admin", north, Role.ADMIN),
        coordinator=make_user("carol-coordinator", north, Role.COORDINATOR),
        lead=make_user("len-lead", north, Role.LEAD, agency=police),
        member=make_user("mo-member", north, Role.MEMBER, person=member_person),
        viewer=make_user("vic-viewer", north, Role.VIEWER),
        outsider=make_user("oscar-outsider", south, Role.COORDINATOR),
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Personas are built for almost every test: a deliberately slow hasher would dominate the suite.
    No test here is about the strength of the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
