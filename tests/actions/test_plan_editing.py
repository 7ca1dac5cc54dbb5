"""The plan edited in the portal: add, move and remove actions and objectives; a first plan."""

import pytest
from django.urls import reverse

from actions.models import Action, ActionPlan, Objective, Status, Strategy
from partnerships.models import Partnership, Role
from tests.conftest import add_update, make_action, make_user

PLAN = reverse("actions:plan", kwargs={"partnership": "north"})


def _url(name, **kwargs):
    return reverse(f"actions:{name}", kwargs={"partnership": "north", **kwargs})


def test_coordinator_adds_an_action_under_an_objective(client, world):
    client.force_login(world.coordinator)
    page = client.get(PLAN).content.decode()
    assert f'{_url("action_new")}?plan={world.plan.pk}&amp;objective={world.objective.pk}' in page
    response = client.post(_url("action_new"), {
        "plan": world.plan.pk, "objective": world.objective.pk, "ref": "1.9",
        "description": "Publish the MARAC annual report", "timescale": "March 2010",
    })
    assert response.status_code == 302
    action = Action.objects.get(plan=world.plan, ref="1.9")
    assert action.objective == world.objective and action.due_date.isoformat() == "2010-03-31"
    assert action.history.first().history_type == "+" and action.history.first().history_user == world.coordinator


def test_adding_with_a_taken_reference_or_no_text_says_what_is_wrong(client, world):
    client.force_login(world.coordinator)
    response = client.post(_url("action_new"), {"plan": world.plan.pk, "objective": world.objective.pk,
                                                 "ref": "1.1", "description": "Again"})
    assert response.status_code == 400
    assert "Another action of this plan already has the reference 1.1" in response.content.decode()
    response = client.post(_url("action_new"), {"plan": world.plan.pk, "objective": world.objective.pk})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert Action.objects.filter(plan=world.plan).count() == 2


def test_another_partnerships_plan_or_objective_is_not_found(client, world):
    client.force_login(world.coordinator)
    south_plan = world.south_action.plan
    assert client.get(_url("action_new") + f"?plan={south_plan.pk}").status_code == 404
    response = client.post(_url("action_new"), {"plan": world.plan.pk, "objective": world.south_action.objective_id,
                                                 "description": "x"})
    assert response.status_code == 400 and "there is no such objective in this plan" in response.content.decode()


def test_coordinator_moves_an_action_to_another_objective_and_place(client, world):
    second = Objective.objects.create(plan=world.plan, ref="2", label="Objective", title="Protecting", order=2)
    a = make_action(world.plan, second, "2.1", world.housing, order=10)
    b = make_action(world.plan, second, "2.2", world.housing, order=11)
    moving = world.police_action
    before = moving.history.count()
    client.force_login(world.coordinator)
    response = client.post(_url("action_move", pk=moving.pk),
                           {"objective": second.pk, "position": 2, "version": moving.version})
    assert response.status_code == 302
    assert list(Action.objects.filter(objective=second).order_by("order", "pk").values_list("ref", flat=True)) == \
        ["2.1", "1.1", "2.2"]
    moving.refresh_from_db()
    assert moving.objective == second and moving.version == 2
    assert moving.history.count() == before + 1
    assert moving.history.first().objective_id == second.pk
    assert {a.pk, b.pk} <= set(Action.objects.filter(objective=second).values_list("pk", flat=True))


def test_a_move_from_a_stale_form_is_refused_and_writes_nothing(client, world):
    from actions.services import action_update
    moving = world.police_action
    action_update(action=moving, user=world.admin, version=moving.version, data={"description": "Changed"})
    client.force_login(world.coordinator)
    response = client.post(_url("action_move", pk=moving.pk), {"objective": world.objective.pk, "position": 2,
                                                                 "version": 1})
    assert response.status_code == 409
    assert "changed" in response.content.decode() and "after you opened this form" in response.content.decode()
    moving.refresh_from_db()
    assert moving.version == 2 and moving.order == 0


def test_a_position_out_of_range_is_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(_url("action_move", pk=world.police_action.pk),
                           {"objective": world.objective.pk, "position": 9, "version": 1})
    assert response.status_code == 400
    assert "The position must be between 1 and 2" in response.content.decode()


def test_removing_asks_first_and_keeps_history(client, world):
    add_update(world.police_action, 2009, 1, Status.ON_TRACK, narrative="Started")
    client.force_login(world.coordinator)
    url = _url("action_remove", pk=world.police_action.pk)
    ask = client.get(url)
    assert ask.status_code == 200
    html = ask.content.decode()
    assert "Remove 1.1 from the plan?" in html and "Its 1 progress update goes with it" in html
    assert Action.objects.filter(pk=world.police_action.pk).exists()  # asking removes nothing
    response = client.post(url, {"version": world.police_action.version})
    assert response.status_code == 302
    assert not Action.objects.filter(pk=world.police_action.pk).exists()
    last = Action.history.filter(id=world.police_action.pk).order_by("-history_date").first()
    assert last.history_type == "-" and last.description == "Action 1.1" and last.history_user == world.coordinator


def test_coordinator_adds_an_objective_under_another(client, world):
    client.force_login(world.coordinator)
    response = client.post(_url("objective_new"), {"plan": world.plan.pk, "ref": "1.2", "title": "Data sharing",
                                                    "parent": world.objective.pk})
    assert response.status_code == 302
    sub = Objective.objects.get(plan=world.plan, ref="1.2")
    assert sub.parent == world.objective and sub.level == 1
    response = client.post(_url("objective_new"), {"plan": world.plan.pk, "ref": "1.2", "title": "Twice"})
    assert "Another objective of this plan already has the reference 1.2" in response.content.decode()


def test_an_objective_that_holds_actions_is_not_removed(world):
    from django.core.exceptions import ValidationError

    from actions.plan_editing import objective_remove
    with pytest.raises(ValidationError, match="still holds 2 actions"):
        objective_remove(user=world.coordinator, objective=world.objective)


def test_an_empty_partnership_is_offered_to_create_or_import_a_plan(client, db):
    empty = Partnership.objects.create(slug="empty", name="Empty Partnership")
    coordinator = make_user("cora", empty, Role.COORDINATOR)
    client.force_login(coordinator)
    plan_page = reverse("actions:plan", kwargs={"partnership": "empty"})
    html = client.get(plan_page).content.decode()
    assert "Create a plan" in html and "import a plan" in html
    response = client.post(reverse("actions:plan_new", kwargs={"partnership": "empty"}),
                           {"title": "Action plan 2026-27", "year_start": 2026})
    assert response.status_code == 302
    plan = ActionPlan.objects.get(strategy__partnership=empty)
    assert plan.year_start == 2026 and plan.objectives.count() == 1
    assert Strategy.objects.filter(partnership=empty).count() == 1
    again = client.post(reverse("actions:plan_new", kwargs={"partnership": "empty"}),
                        {"title": "Twice", "year_start": 2026})
    assert again.status_code == 400 and "already has a plan for 2026-27" in again.content.decode()


def test_leads_see_no_edit_links_and_cannot_edit(client, world):
    client.force_login(world.lead)
    assert "Add an action" not in client.get(PLAN).content.decode()
    assert client.post(_url("action_remove", pk=world.police_action.pk), {"version": 1}).status_code == 403
    assert Action.objects.filter(pk=world.police_action.pk).exists()


def test_an_action_in_an_issued_quarter_is_not_removed_but_dropped(client, world):
    """Removing an action reported in an issued (locked) quarter would change what that quarter's return
    says when it is made again: refused with what to do instead, and nothing removed."""
    from django.utils import timezone

    from actions.models import QuarterLock

    add_update(world.police_action, 2009, 1, Status.ON_TRACK, narrative="Started")
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=1, locked_at=timezone.now())
    client.force_login(world.coordinator)
    response = client.post(_url("action_remove", pk=world.police_action.pk), {"version": world.police_action.version})
    assert response.status_code == 409
    html = response.content.decode()
    assert "1.1 is in the issued return of 2009-10 Q1" in html and "with the status Dropped instead" in html
    assert Action.objects.filter(pk=world.police_action.pk).exists()
