"""The plan page: the objective hierarchy, filters in the URL, bad filters explained, fixed query budget."""


import pytest
from django.urls import reverse

from actions.models import Objective, Status
from tests.actions.generated import generate_plan
from tests.conftest import add_update, make_action

PLAN_URL = reverse("actions:plan", kwargs={"partnership": "north"})


@pytest.fixture
def richer(world):
    """A sub-objective with an ongoing action, and some progress."""
    sub = Objective.objects.create(plan=world.plan, parent=world.objective, level=1, ref="1.3",
                                   title="Information sharing protocol", order=2)
    ongoing = make_action(world.plan, sub, "1.3.1", world.housing, timescale="Ongoing",
                          description="Refresh the information sharing protocol", outcome="Signed by all agencies")
    add_update(world.police_action, 2009, 2, Status.AT_RISK, narrative="Waiting for the DARO decision")
    return sub, ongoing


def refs(response) -> set[str]:
    return {r.ref for s in response.context["sections"] for r in s.rows}


def test_plan_shows_the_hierarchy_with_the_plans_labels(client, world, richer):
    client.force_login(world.member)
    response = client.get(PLAN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 class="objective-heading">Objective 1: Partnership working</h2>' in html
    assert '<h3 class="objective-heading">1.3: Information sharing protocol</h3>' in html
    assert "Waiting for the DARO decision" in html
    assert refs(response) == {"1.1", "1.2", "1.3.1"}
    assert '<th scope="col" class="c-lead">Lead</th>' in html


@pytest.mark.parametrize("query, expected", [
    ("status=at_risk", {"1.1"}),
    ("cadence=ongoing", {"1.3.1"}),
    ("cadence=dated", {"1.1", "1.2"}),
    ("q=sharing+protocol", {"1.3.1"}),
    ("q=signed+by+all", {"1.3.1"}),
    ("due_from=2009-09-01&due_to=2009-09-30", {"1.1", "1.2"}),
])
def test_filters_narrow_the_plan(client, world, richer, query, expected):
    client.force_login(world.member)
    response = client.get(f"{PLAN_URL}?{query}")
    assert response.status_code == 200
    assert refs(response) == expected


def test_filter_by_objective_includes_its_sub_objectives(client, world, richer):
    sub, _ = richer
    client.force_login(world.member)
    assert refs(client.get(f"{PLAN_URL}?objective={world.objective.pk}")) == {"1.1", "1.2", "1.3.1"}
    assert refs(client.get(f"{PLAN_URL}?objective={sub.pk}")) == {"1.3.1"}


def test_filter_by_lead_agency_and_my_actions(client, world, richer):
    client.force_login(world.lead)  # North Police
    assert refs(client.get(f"{PLAN_URL}?agency={world.housing.pk}")) == {"1.2", "1.3.1"}
    assert refs(client.get(f"{PLAN_URL}?mine=on")) == {"1.1"}


def test_overdue_filter(client, world, richer):
    client.force_login(world.member)
    assert refs(client.get(f"{PLAN_URL}?overdue=on")) == {"1.1", "1.2"}  # due September 2009, still open


@pytest.mark.parametrize("query, name", [
    ("status=banana", "status"),
    ("objective=abc", "objective"),
    ("agency=999999", "agency"),
    ("due_from=yesterday", "due_from"),
])
def test_bad_filter_value_is_named_and_ignored(client, world, richer, query, name):
    client.force_login(world.member)
    response = client.get(f"{PLAN_URL}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Filter “{name}”" in html and "ignored" in html
    assert refs(response) == {"1.1", "1.2", "1.3.1"}


def test_another_partnerships_objective_is_ignored_with_a_message(client, world, richer):
    south_objective = world.south_action.objective
    client.force_login(world.member)
    response = client.get(f"{PLAN_URL}?objective={south_objective.pk}&status=at_risk")
    assert response.status_code == 200
    assert "Filter “objective”" in response.content.decode()
    assert refs(response) == {"1.1"}  # the valid filter still applies


def test_another_partnerships_plan_is_ignored_with_a_message(client, world):
    client.force_login(world.member)
    response = client.get(f"{PLAN_URL}?plan={world.south_action.plan_id}")
    assert response.status_code == 200
    assert "there is no plan" in response.content.decode()
    assert response.context["plan"] == world.plan


def test_filtered_view_keeps_its_filter_in_the_export_links(client, world, richer):
    client.force_login(world.member)
    html = client.get(f"{PLAN_URL}?status=at_risk").content.decode()
    assert f"/p/north/plan/export.xlsx?status=at_risk&amp;plan={world.plan.pk}" in html
    assert f"/p/north/plan/export.csv?status=at_risk&amp;plan={world.plan.pk}" in html


def test_plan_page_is_refused_to_viewers(client, world):
    client.force_login(world.viewer)
    assert client.get(PLAN_URL).status_code == 403


@pytest.mark.parametrize("size, updates", [(5, 0), (200, 4)])
def test_plan_page_query_budget_does_not_grow_with_the_plan(client, world, django_assert_max_num_queries,
                                                              size, updates):
    generate_plan(world.plan, [world.police, world.housing], size, updates)
    client.force_login(world.lead)
    # 13 for the page, 3 for the session saved on every request (SESSION_SAVE_EVERY_REQUEST: a savepoint,
    # the update, its release).
    with django_assert_max_num_queries(16):
        response = client.get(f"{PLAN_URL}?q=Generated")
    assert response.status_code == 200
    assert response.context["count"] == size
    with django_assert_max_num_queries(16):
        assert client.get(PLAN_URL).status_code == 200
