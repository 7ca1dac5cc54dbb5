"""Every page of the portal x every role x own/other partnership, with the status each must answer.

Cases, for each page in PAGES:
  own    a member of "north" (admin, coordinator, lead, member, viewer) asks for north's page or object:
         the status in the page's `expected` row.
  other  the same members ask for south's page or object (a partnership they are not in): 404.
  cross  north's URL naming one of south's objects (pages that take an object): 404 for every role.
  outsider  south's coordinator asks for north's page or object: 404.

To add your app's pages, append Page(...) rows to PAGES (see "append your app's pages here"): the
`kwargs` function receives a partnership and returns the URL kwargs (other than `partnership`) naming
that partnership's objects; the `setup` fixture below makes one of each actions object per partnership,
and your own objects can be created in your kwargs function the first time it is asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate, Status, Strategy, UpdateRound
from partnerships.models import Partnership

ROLES = ["admin", "coordinator", "lead", "member", "viewer"]


def expect(default: int, **per_role: int) -> dict[str, int]:
    """The status for each role on its own partnership: `default`, except the roles named."""
    return {role: per_role.get(role, default) for role in ROLES}


def url_exists(name: str) -> bool:
    try:
        reverse(name, kwargs={"partnership": "x"})
    except NoReverseMatch:
        return False
    return True


def no_objects(p: Partnership) -> dict:
    return {}


def first_action(p: Partnership) -> dict:
    return {"pk": Action.objects.in_partnership(p).order_by("pk").first().pk}


def first_update(p: Partnership) -> dict:
    update = ProgressUpdate.objects.in_partnership(p).order_by("pk").first()
    return {"pk": update.action_id, "update_pk": update.pk}


def first_round(p: Partnership) -> dict:
    return {"pk": UpdateRound.objects.in_partnership(p).order_by("pk").first().pk}


def first_strategy(p: Partnership) -> dict:
    return {"strategy_slug": Strategy.objects.in_partnership(p).order_by("pk").first().slug}


def progress_data(p: Partnership) -> dict:
    return {"quarter": "2009-10 Q2", "status": Status.ON_TRACK, "narrative": "Matrix update"}


def edit_data(p: Partnership) -> dict:
    action = Action.objects.in_partnership(p).order_by("pk").first()
    return {"ref": action.ref, "objective": action.objective_id, "description": "Edited", "timescale": "Ongoing",
            "version": action.version}


def round_data(p: Partnership) -> dict:
    plan = Action.objects.in_partnership(p).order_by("pk").first().plan
    return {"period": f"{plan.pk}:2009-10 Q4"}


@dataclass(frozen=True)
class Page:
    name: str
    expected: dict[str, int]
    kwargs: Callable[[Partnership], dict] = no_objects
    method: str = "get"
    data: Callable[[Partnership], dict] = field(default=lambda p: {})

    @property
    def takes_object(self) -> bool:
        """Pages whose URL names an object (the kwargs differ between partnerships)."""
        return self.kwargs not in NO_OBJECT_KWARGS


def export_csv(p: Partnership) -> dict:
    return {"fmt": "csv"}


NO_OBJECT_KWARGS = [no_objects, export_csv]  # append kwargs functions that name no object

# The viewer's home is the published reports when that page exists.
VIEWER_HOME = 302 if url_exists("reports:index") else 200
READERS = expect(200, viewer=403)             # member and up read the plan
COORDINATORS = expect(200, lead=403, member=403, viewer=403)
LEADS_WRITE = expect(302, member=403, viewer=403)
COORDINATORS_WRITE = expect(302, lead=403, member=403, viewer=403)

# --- indicators, BVPI 225 and groups: objects made per partnership the first time they are asked for ---


def first_indicator(p: Partnership) -> dict:
    from indicators.models import Indicator

    indicator, _ = Indicator.objects.get_or_create(partnership=p, code="NI 32",
                                                   defaults={"name": "Repeat MARAC cases", "unit": "percent"})
    return {"pk": indicator.pk}


def first_value(p: Partnership) -> dict:
    from indicators.models import Value

    pk = first_indicator(p)["pk"]
    value, _ = Value.objects.get_or_create(indicator_id=pk, area=None, year_start=2009, quarter=1, defaults={"value": 30})
    return {"pk": pk, "value_pk": value.pk}


def first_target(p: Partnership) -> dict:
    from indicators.models import Target

    pk = first_indicator(p)["pk"]
    target, _ = Target.objects.get_or_create(indicator_id=pk, kind="local", area=None, year_start=2009, quarter=None,
                                             defaults={"value": 31})
    return {"pk": pk, "target_pk": target.pk}


def bvpi_area(p: Partnership):
    from indicators.models import Bvpi225Question
    from partnerships.models import Area

    for n in range(1, 12):
        Bvpi225Question.objects.get_or_create(number=n, defaults={"text": f"Question {n}"})
    return Area.objects.get_or_create(partnership=p, slug=f"{p.slug}-area", defaults={"name": f"{p.name} area"})[0]


def first_answer(p: Partnership) -> dict:
    from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225Question

    assessment, created = Bvpi225Assessment.objects.get_or_create(partnership=p, area=bvpi_area(p), year_start=2009)
    if created:
        for q in Bvpi225Question.objects.all():
            Bvpi225Answer.objects.create(assessment=assessment, question=q, year_end_answer=q.number == 1,
                                         backed_up_by="Minutes" if q.number == 1 else "")
    return {"pk": assessment.answers.get(question__number=1).pk}


def first_group(p: Partnership) -> dict:
    from partnerships.models import Group

    group, _ = Group.objects.get_or_create(partnership=p, slug=f"{p.slug}-board", defaults={"name": f"{p.name} board"})
    return {"group_slug": group.slug}


def first_meeting(p: Partnership) -> dict:
    import datetime as dt

    from partnerships.models import Group, Meeting

    slug = first_group(p)["group_slug"]
    meeting, _ = Meeting.objects.get_or_create(group=Group.objects.get(partnership=p, slug=slug), date=dt.date(2009, 5, 1))
    return {"group_slug": slug, "pk": meeting.pk}


ANSWER_DATA = {"notes": "", "milestones": "", "responsible_manager": "", "progress": "", "year_end_answer": "no",
               "backed_up_by": ""}


PAGES: list[Page] = [
    # --- actions ---
    Page("actions:dashboard", expect(200, viewer=VIEWER_HOME)),
    Page("actions:plan", READERS),
    Page("actions:plan_export", READERS, export_csv),
    Page("actions:action", READERS, first_action),
    Page("actions:action_edit", COORDINATORS, first_action),
    Page("actions:action_edit", COORDINATORS_WRITE, first_action, "post", edit_data),
    Page("actions:progress_add", LEADS_WRITE, first_action, "post", progress_data),
    Page("actions:progress_delete", COORDINATORS_WRITE, first_update, "post"),
    Page("actions:evidence", READERS, first_update),
    Page("actions:review", COORDINATORS_WRITE, first_action, "post", lambda p: {"decision": "keep"}),
    Page("actions:rounds", COORDINATORS),
    Page("actions:round_open", COORDINATORS_WRITE, no_objects, "post", round_data),
    Page("actions:round", COORDINATORS, first_round),
    Page("actions:round_remind", COORDINATORS_WRITE, first_round, "post"),
    Page("actions:round_close", COORDINATORS_WRITE, first_round, "post"),
    Page("actions:strategy", READERS, first_strategy),
    # --- append your app's pages here ---
    # --- indicators and BVPI 225 ---
    Page("indicators:list", READERS),
    Page("indicators:detail", READERS, first_indicator),
    Page("indicators:value_add", COORDINATORS_WRITE, first_indicator, "post",
         lambda p: {"area": "", "period": "2010-11 Q1", "value": "25", "note": ""}),
    Page("indicators:value_change", COORDINATORS_WRITE, first_value, "post",
         lambda p: {"area": "", "period": "2009-10 Q1", "value": "26", "note": ""}),
    Page("indicators:target_add", COORDINATORS_WRITE, first_indicator, "post",
         lambda p: {"kind": "national", "area": "", "period": "2010-11", "value": "30", "note": ""}),
    Page("indicators:target_change", COORDINATORS_WRITE, first_target, "post",
         lambda p: {"kind": "local", "area": "", "period": "2009-10", "value": "29", "note": ""}),
    Page("indicators:bvpi", READERS),
    Page("indicators:bvpi_start", COORDINATORS_WRITE, no_objects, "post",
         lambda p: {"area": bvpi_area(p).pk, "year": "2010-11"}),
    Page("indicators:bvpi_answer", COORDINATORS_WRITE, first_answer, "post", lambda p: ANSWER_DATA),
    Page("indicators:bvpi_monitoring", COORDINATORS_WRITE, first_answer, "post",
         lambda p: {"label": "Oct-09", "date": "2009-10-01", "text": "Matrix"}),
    Page("indicators:bvpi_sign_off", COORDINATORS_WRITE, first_answer, "post"),  # the world's member chairs nothing
    # --- governance groups ---
    Page("partnerships:groups", READERS),
    Page("partnerships:group", READERS, first_group),
    Page("partnerships:group_edit", COORDINATORS_WRITE, first_group, "post", lambda p: {"name": "Renamed board"}),
    Page("partnerships:meeting_add", COORDINATORS_WRITE, first_group, "post", lambda p: {"date": "2009-06-01"}),
    Page("partnerships:meeting_change", COORDINATORS_WRITE, first_meeting, "post", lambda p: {"date": "2009-05-02"}),
]


@pytest.fixture
def setup(world, settings, tmp_path):
    """One of each actions object in both partnerships; fast passwords for the many cases."""
    settings.MEDIA_ROOT = tmp_path
    for action in (world.police_action, world.south_action):
        update = ProgressUpdate(action=action, year_start=2009, quarter=1, status=Status.ON_TRACK,
                                narrative="First", recorded_at=timezone.now())
        update.evidence_file.save("minutes.txt", ContentFile(b"Minutes of the SIG"), save=False)
        update.save()
        UpdateRound.objects.create(plan=action.plan, year_start=2009, quarter=1, opened_at=timezone.now())
    return world


def page_id(page: Page) -> str:
    return f"{page.method.upper()} {page.name}"


def request(client, page: Page, slug_of: Partnership, objects_of: Partnership):
    url = reverse(page.name, kwargs={"partnership": slug_of.slug, **page.kwargs(objects_of)})
    if page.method == "post":
        return client.post(url, page.data(objects_of))
    return client.get(url)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("role", ROLES)
def test_own_partnership(client, setup, page, role):
    client.force_login(setup.user(role))
    response = request(client, page, setup.north, setup.north)
    assert response.status_code == page.expected[role], f"{role} {page_id(page)}"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("role", ROLES)
def test_other_partnership_is_not_found(client, setup, page, role):
    client.force_login(setup.user(role))
    assert request(client, page, setup.south, setup.south).status_code == 404


@pytest.mark.parametrize("page", [p for p in PAGES if p.takes_object], ids=page_id)
@pytest.mark.parametrize("role", ROLES)
def test_other_partnerships_object_under_own_partnership_is_not_found(client, setup, page, role):
    client.force_login(setup.user(role))
    # The object is looked up before the role's permission: another partnership's object is 404 for all.
    assert request(client, page, setup.north, setup.south).status_code == 404


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_outsider_is_not_found(client, setup, page):
    client.force_login(setup.outsider)
    assert request(client, page, setup.north, setup.north).status_code == 404


POST_ONLY = [p for p in PAGES if p.method == "post" and not any(q.name == p.name and q.method == "get" for q in PAGES)]


@pytest.mark.parametrize("page", POST_ONLY, ids=page_id)
def test_post_only_pages_refuse_get(client, setup, page):
    client.force_login(setup.admin)
    url = reverse(page.name, kwargs={"partnership": "north", **page.kwargs(setup.north)})
    assert client.get(url).status_code == 405
