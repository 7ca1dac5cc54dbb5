"""The action page's milestones: shown to readers, added, edited, completed and removed by coordinators."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from actions.milestones import milestone_add
from actions.models import Action, Milestone


def url(name: str, **kwargs: int) -> str:
    return reverse(f"actions:{name}", kwargs={"partnership": "north", **kwargs})


def test_readers_see_each_milestone_with_its_timescale_due_date_and_state(client, world):
    action = world.police_action
    milestone_add(user=world.coordinator, action=action, text="Draft the protocol", timescale="June 2009")
    milestone_add(user=world.coordinator, action=action, text="Agree with the board", timescale="When it sits")
    client.force_login(world.member)
    html = client.get(url("action", pk=action.pk)).content.decode()
    for text in ("Milestones", "Draft the protocol", "June 2009", "30 Jun 2009", "Agree with the board",
                 "When it sits", "no date", "Open", "at its last milestone"):
        assert text in html, text
    assert html.index("Draft the protocol") < html.index("Agree with the board")
    assert "Add a milestone" not in html and "Mark done" not in html


def test_coordinator_adds_a_milestone_and_the_action_is_due_at_it(client, world):
    client.force_login(world.coordinator)
    target = url("milestone_add", pk=world.police_action.pk)
    assert client.get(target).status_code == 405
    response = client.post(target, {"text": "Launch", "timescale": "January 2010"})
    assert response.status_code == 302 and response["Location"].endswith("#milestones")
    assert Milestone.objects.get().due_on == dt.date(2010, 1, 31)
    assert Action.objects.get(pk=world.police_action.pk).due_date == dt.date(2010, 1, 31)
    html = client.get(response["Location"]).content.decode()
    assert "Milestone “Launch” added, due 31/01/2010." in html


def test_an_unreadable_timescale_is_saved_and_the_message_says_it_has_no_date(client, world):
    client.force_login(world.coordinator)
    response = client.post(url("milestone_add", pk=world.police_action.pk),
                           {"text": "Agree funding", "timescale": "After the election"}, follow=True)
    assert "names no date, so it has no due date" in response.content.decode()
    assert Milestone.objects.get().due_on is None


def test_a_blank_milestone_is_refused_on_the_page_with_what_is_wrong(client, world):
    client.force_login(world.coordinator)
    response = client.post(url("milestone_add", pk=world.police_action.pk), {"text": "  ", "timescale": "x"})
    assert response.status_code == 400
    assert "Say what the milestone is." in response.content.decode()
    assert not Milestone.objects.exists()


def test_coordinator_edits_completes_reopens_and_deletes_a_milestone(client, world):
    action = world.police_action
    m = milestone_add(user=world.coordinator, action=action, text="Draft", timescale="June 2009")
    client.force_login(world.coordinator)
    ids = {"pk": action.pk, "milestone_pk": m.pk}
    assert client.post(url("milestone_edit", **ids), {"text": "Draft v2", "timescale": "July 2009"}).status_code == 302
    m.refresh_from_db()
    assert (m.text, m.due_on) == ("Draft v2", dt.date(2009, 7, 31))
    assert client.post(url("milestone_done", **ids), {"done": "on", "completed_on": "2009-07-20"}).status_code == 302
    m.refresh_from_db()
    assert m.completed_on == dt.date(2009, 7, 20)
    assert "Done 20 Jul 2009" in client.get(url("action", pk=action.pk)).content.decode()
    client.post(url("milestone_done", **ids), {})
    m.refresh_from_db()
    assert m.completed_on is None
    assert client.post(url("milestone_delete", **ids)).status_code == 302
    assert not Milestone.objects.exists()


def test_a_new_timescale_is_read_again_unless_a_due_date_was_given(client, world):
    m = milestone_add(user=world.coordinator, action=world.police_action, text="Draft", timescale="June 2009")
    client.force_login(world.coordinator)
    html = client.get(url("action", pk=world.police_action.pk)).content.decode()
    assert f'id="id_milestone{m.pk}_due_on"' in html and 'value="2009-06-30"' not in html
    target = url("milestone_edit", pk=world.police_action.pk, milestone_pk=m.pk)
    client.post(target, {"text": "Draft", "timescale": "Soon", "due_on": "2009-08-15"})
    m.refresh_from_db()
    assert (m.timescale, m.due_on) == ("Soon", dt.date(2009, 8, 15))
    html = client.get(url("action", pk=world.police_action.pk)).content.decode()
    assert 'value="2009-08-15"' in html  # given by hand: shown, so saving again keeps it


def test_a_refused_edit_comes_back_in_that_milestones_form(client, world):
    m = milestone_add(user=world.coordinator, action=world.police_action, text="Draft", timescale="June 2009")
    client.force_login(world.coordinator)
    response = client.post(url("milestone_edit", pk=world.police_action.pk, milestone_pk=m.pk),
                           {"text": "", "timescale": "June 2009"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_milestone{m.pk}_text"' in html and "<details class=\"mt-1\" open>" in html
    assert Milestone.objects.get().text == "Draft"


def test_a_done_date_to_come_is_refused(client, world):
    m = milestone_add(user=world.coordinator, action=world.police_action, text="Draft", timescale="June 2009")
    client.force_login(world.coordinator)
    response = client.post(url("milestone_done", pk=world.police_action.pk, milestone_pk=m.pk),
                           {"done": "on", "completed_on": "2999-01-01"}, follow=True)
    assert "day still to come" in response.content.decode()
    assert Milestone.objects.get().completed_on is None


def test_lead_may_not_change_milestones(client, world):
    m = milestone_add(user=world.coordinator, action=world.police_action, text="Draft", timescale="June 2009")
    client.force_login(world.lead)
    ids = {"pk": world.police_action.pk, "milestone_pk": m.pk}
    assert client.post(url("milestone_add", pk=world.police_action.pk), {"text": "x"}).status_code == 403
    assert client.post(url("milestone_done", **ids), {"done": "on"}).status_code == 403
    assert client.post(url("milestone_delete", **ids)).status_code == 403
    assert Milestone.objects.get().completed_on is None


def test_another_partnerships_milestone_is_not_found(client, world):
    m = milestone_add(user=world.outsider, action=world.south_action, text="South step", timescale="")
    client.force_login(world.coordinator)
    # South's milestone under north's action, and south's action: both 404.
    assert client.post(url("milestone_delete", pk=world.police_action.pk, milestone_pk=m.pk)).status_code == 404
    assert client.post(url("milestone_delete", pk=world.south_action.pk, milestone_pk=m.pk)).status_code == 404
    assert Milestone.objects.filter(pk=m.pk).exists()


def _page_queries(client, world, django_assert_max_num_queries, count: int) -> int:
    for n in range(count):
        milestone_add(user=world.coordinator, action=world.police_action, text=f"Step {n}", timescale="June 2009")
    with django_assert_max_num_queries(60) as ctx:
        response = client.get(url("action", pk=world.police_action.pk))
    assert response.content.decode().count('class="btn btn-outline-success btn-sm"') == Milestone.objects.count()
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_the_milestones(client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    few = _page_queries(client, world, django_assert_max_num_queries, 1)
    many = _page_queries(client, world, django_assert_max_num_queries, 20)
    assert many == few
