"""Shared personas, built in code: one partnership ("north") with a small plan and a user per role,
and an outsider who coordinates another partnership ("south"); the helpers every test file uses to
sign them in (`client_for`, the `as_role` fixture) and to give their actions progress (`add_update`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client

from actions.models import Action, ActionPlan, Objective, ProgressUpdate, Status, Strategy
from actions.services import progress_record
from partnerships.models import Agency, Area, Group, GroupMember, Membership, Partnership, Person, Role
from partnerships.periods import Quarter

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
    admin: User
    coordinator: User
    lead: User
    member: User
    viewer: User
    outsider: User

    def user(self, role: str) -> User:
        """The persona by role name: "admin", "coordinator", "lead", "member", "viewer" or "outsider"."""
        return getattr(self, role)


def make_user(username: str, partnership: Partnership, role: str, agency: Agency | None = None,
              person: Person | None = None) -> User:
    user: User = get_user_model().objects.create_user(username, email=f"{username}@example.org", password=PASSWORD)
    Membership.objects.create(user=user, partnership=partnership, role=role, agency=agency, person=person)
    return user


def make_plan(partnership: Partnership, slug: str = "strategy",
              year: int = 2009) -> tuple[Strategy, ActionPlan, Objective]:
    strategy = Strategy.objects.create(
        partnership=partnership, slug=slug, title=f"{partnership.name} strategy",
        period_start=dt.date(year, 4, 1), period_end=dt.date(year + 3, 3, 31),
    )
    plan = ActionPlan.objects.create(strategy=strategy, year_start=year, title=f"{partnership.name} action plan")
    objective = Objective.objects.create(plan=plan, ref="1", label="Objective", title="Partnership working", order=1)
    return strategy, plan, objective


def make_action(plan: ActionPlan, objective: Objective, ref: str, lead: Agency | None = None, **fields: Any) -> Action:
    description = fields.pop("description", f"Action {ref}")
    action = Action(plan=plan, objective=objective, ref=ref, description=description, **fields)
    action.set_timescale(fields.get("timescale", "September 2009"))
    action.save()
    if lead:
        action.lead_agencies.add(lead)
    return action


def add_update(action: Action, year: int, quarter: int, status: str = Status.ON_TRACK, *,
               user: User | None = None, recorded_at: dt.datetime | None = None,
               **fields: Any) -> ProgressUpdate:
    """Progress on the action for a quarter, recorded through the service as a page would record it:
    by `user`, or else by a coordinator (or admin) of the action's partnership. The service stamps the
    time of recording; a test that needs another time passes `recorded_at`, set after the service call."""
    recorder = user or _recorder(action.partnership)
    update = progress_record(action=action, user=recorder, quarter=Quarter(year, quarter), status=status, **fields)
    if recorded_at is not None:
        ProgressUpdate.objects.filter(pk=update.pk).update(recorded_at=recorded_at)
        update.recorded_at = recorded_at
    return update


def _recorder(partnership: Partnership) -> User:
    memberships = Membership.objects.filter(partnership=partnership).select_related("user").order_by("pk")
    membership = memberships.filter(role=Role.COORDINATOR).first() or memberships.filter(role=Role.ADMIN).first()
    assert membership, f"add_update: {partnership} has no coordinator or admin to record progress; pass user="
    return membership.user


def client_for(user: User) -> Client:
    """A test client signed in as the user (no login form, no password hashing)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db: None) -> World:
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


@pytest.fixture
def as_role(world: World) -> Callable[[str], Client]:
    """as_role("coordinator") -> a test client signed in as that persona of the `world`."""
    return lambda role: client_for(world.user(role))


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path_factory: Any) -> None:
    """Uploads, import originals and kept drafts go to a folder of the test's own, never the checkout's media/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Personas are built for almost every test: a deliberately slow hasher would dominate the suite.
    No test here is about the strength of the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
