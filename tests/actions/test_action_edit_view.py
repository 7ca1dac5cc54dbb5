"""Coordinators edit an action; two people editing never silently overwrite each other."""

import pytest
from django.urls import reverse

from actions.models import Action


def edit_url(action) -> str:
    return reverse("actions:action_edit", kwargs={"partnership": "north", "pk": action.pk})


def form_data(action: Action, **changes) -> dict:
    data = {
        "ref": action.ref, "objective": action.objective_id, "description": action.description,
        "timescale": action.timescale, "lead_agencies": [a.pk for a in action.lead_agencies.all()],
        "version": action.version,
    }
    data.update(changes)
    return data


def test_coordinator_saves_an_edit_and_the_version_moves_on(client, world):
    action = world.police_action
    client.force_login(world.coordinator)
    response = client.post(edit_url(action), form_data(action, timescale="Ongoing", description="Run the MARAC"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.timescale, action.cadence, action.due_date) == (
        "Run the MARAC", "Ongoing", "ongoing", None
    )
    assert action.version == 2


def test_stale_version_is_refused_naming_the_fields_that_changed(client, world):
    action = world.police_action
    client.force_login(world.coordinator)
    first = form_data(action, timescale="March 2010")
    second = form_data(action, description="My edit made on the old form")  # loaded at the same version
    assert client.post(edit_url(action), first).status_code == 302

    response = client.post(edit_url(action), second)
    assert response.status_code == 409
    html = response.content.decode()
    assert html.count("Not saved") == 1  # one alert, not a message repeating it
    assert "Timescale" in html and "March 2010" in html
    action.refresh_from_db()
    assert action.description == "Action 1.1"  # nothing overwritten
    assert action.timescale == "March 2010"
    assert action.version == 2
    # The form comes back holding the user's edit and the current version, so saving again is deliberate.
    assert "My edit made on the old form" in html
    assert 'name="version" value="2"' in html


def test_stale_edit_lists_changed_lead_agencies(client, world):
    action = world.police_action
    client.force_login(world.coordinator)
    assert client.post(edit_url(action), form_data(action, lead_agencies=[world.housing.pk])).status_code == 302
    response = client.post(edit_url(action), form_data(action, comments="late"))
    assert response.status_code == 409
    assert "Lead agencies" in response.content.decode()
    assert "North Housing" in response.content.decode()


def test_edit_is_in_the_action_history_with_a_field_diff(client, world):
    action = world.police_action
    client.force_login(world.coordinator)
    client.post(edit_url(action), form_data(action, timescale="March 2010"))
    page = client.get(reverse("actions:action", kwargs={"partnership": "north", "pk": action.pk}))
    html = page.content.decode()
    assert "Changed action 1.1" in html
    assert "<del>September 2009</del>" in html and "<ins>March 2010</ins>" in html
    assert "carol-coordinator" in html


def test_duplicate_reference_is_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(edit_url(world.police_action), form_data(world.police_action, ref="1.2"))
    assert response.status_code == 400
    assert "already has the reference 1.2" in response.content.decode()


@pytest.mark.parametrize("role", ["lead", "member"])
def test_only_coordinators_edit_actions(client, world, role):
    client.force_login(world.user(role))
    assert client.get(edit_url(world.police_action)).status_code == 403
    assert client.post(edit_url(world.police_action), form_data(world.police_action, ref="9")).status_code == 403
    world.police_action.refresh_from_db()
    assert world.police_action.ref == "1.1"
