"""The lead's one page to update all their outstanding actions of the open round in one go."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ProgressUpdate, QuarterLock, Status, UpdateRound
from tests.actions.generated import generate_plan
from tests.conftest import add_update, make_action

BULK = reverse("actions:bulk_update", kwargs={"partnership": "north"})
DASHBOARD = reverse("actions:dashboard", kwargs={"partnership": "north"})


@pytest.fixture
def round_q1(world):
    return UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=1, opened_at=timezone.now(),
                                      due_on=dt.date(2009, 7, 15))


@pytest.fixture
def three(world, round_q1):
    """The lead's police agency leads 1.1 (fixture), 1.3 and 1.4; 1.4 already has its Q1 update."""
    a3 = make_action(world.plan, world.objective, "1.3", world.police)
    a4 = make_action(world.plan, world.objective, "1.4", world.police)
    add_update(a4, 2009, 1, Status.ON_TRACK, narrative="Done in April")
    return world.police_action, a3, a4


def test_lists_my_outstanding_actions_with_the_rounds_deadline(client, world, three):
    client.force_login(world.lead)
    response = client.get(BULK)
    assert response.status_code == 200
    (block,) = response.context["blocks"]
    assert [e.ref for e in block.entries] == ["1.1", "1.3"]  # 1.4 is updated, 1.2 is housing's
    html = response.content.decode()
    assert "Updates are due by <strong>15 July 2009</strong>" in html
    assert f'name="a{world.police_action.pk}-narrative"' in html
    assert f'name="a{world.housing_action.pk}-status"' not in html


def test_home_links_to_the_one_page_update_with_what_is_owed(client, world, three):
    client.force_login(world.lead)
    html = client.get(DASHBOARD).content.decode()
    assert "You owe 2 updates for 2009-10 Q1 by <strong>15 July 2009</strong>" in html
    assert f'href="{BULK}"' in html


def test_saves_every_action_given_something_and_leaves_the_rest(client, world, three):
    a1, a3, _ = three
    client.force_login(world.lead)
    response = client.post(BULK, {
        f"a{a1.pk}-status": Status.AT_RISK, f"a{a1.pk}-narrative": "", f"a{a1.pk}-barriers": "Staff shortage",
        f"a{a3.pk}-status": a3.status, f"a{a3.pk}-narrative": "",
    })
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=a1, year_start=2009, quarter=1)
    assert (update.status, update.barriers, update.author) == (Status.AT_RISK, "Staff shortage", world.lead)
    assert not ProgressUpdate.objects.filter(action=a3).exists()  # left as it was: still outstanding
    a1.refresh_from_db()
    assert a1.status == Status.AT_RISK
    page = client.get(BULK)
    assert [e.ref for e in page.context["blocks"][0].entries] == ["1.3"]
    assert "1 update saved: 1.1." in page.content.decode()


def test_a_refused_update_keeps_its_text_and_message_while_the_others_save(client, world, three):
    a1, a3, _ = three
    client.force_login(world.lead)
    response = client.post(BULK, {
        f"a{a1.pk}-status": Status.ON_TRACK, f"a{a1.pk}-narrative": "Training delivered",
        # Only "backed up by": no status change, no narrative, no barrier -> progress_record refuses it.
        f"a{a3.pk}-status": a3.status, f"a{a3.pk}-evidence": "Minutes of the SIG",
    })
    assert response.status_code == 400
    assert ProgressUpdate.objects.filter(action=a1, quarter=1).count() == 1
    assert not ProgressUpdate.objects.filter(action=a3).exists()
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#a{a3.pk}-status">1.3: Nothing to record' in html
    assert "Minutes of the SIG</textarea>" in html  # what was typed comes back
    assert "1 update saved: 1.1." in html
    (block,) = response.context["blocks"]
    assert [e.ref for e in block.entries] == ["1.3"]


def test_too_long_text_is_refused_by_name_and_nothing_of_it_written(client, world, three):
    a1, _, _ = three
    client.force_login(world.lead)
    response = client.post(BULK, {f"a{a1.pk}-status": Status.ON_TRACK, f"a{a1.pk}-narrative": "x" * 100_000})
    assert response.status_code == 400
    assert not ProgressUpdate.objects.filter(action=a1).exists()
    assert "Ensure this value has at most" in response.content.decode()


def test_an_update_another_lead_recorded_meanwhile_is_refused_with_who(client, world, three, django_user_model):
    a1, _, _ = three
    add_update(a1, 2009, 1, Status.OFF_TRACK, user=world.coordinator, narrative="Recorded at the SIG")
    client.force_login(world.lead)
    response = client.post(BULK, {f"a{a1.pk}-status": Status.ON_TRACK, f"a{a1.pk}-narrative": "Mine"})
    assert response.status_code == 400
    assert ProgressUpdate.objects.get(action=a1, quarter=1).narrative == "Recorded at the SIG"
    assert "has already recorded the 2009-10 Q1 update" in response.content.decode()


def test_another_agencys_action_in_the_post_is_ignored(client, world, three):
    client.force_login(world.lead)
    housing = world.housing_action
    client.post(BULK, {f"a{housing.pk}-status": Status.COMPLETED, f"a{housing.pk}-narrative": "Not mine"})
    assert not ProgressUpdate.objects.filter(action=housing).exists()


def test_a_locked_quarter_takes_no_update(client, world, three):
    a1, _, _ = three
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=1, locked_at=timezone.now())
    client.force_login(world.lead)
    page = client.get(BULK)
    assert "return has been issued and the quarter locked" in page.content.decode()
    client.post(BULK, {f"a{a1.pk}-status": Status.ON_TRACK, f"a{a1.pk}-narrative": "Late"})
    assert not ProgressUpdate.objects.filter(action=a1).exists()


def test_no_open_round_says_so(client, world):
    client.force_login(world.lead)
    response = client.get(BULK)
    assert response.status_code == 200
    assert "No open update round asks you for an update" in response.content.decode()


def test_a_member_who_cannot_record_is_refused(client, world, round_q1):
    client.force_login(world.member)
    assert client.get(BULK).status_code == 403
    assert client.post(BULK, {}).status_code == 403


@pytest.mark.parametrize("size", [10, 400])
def test_query_budget_does_not_grow_with_the_plan(client, world, round_q1, django_assert_max_num_queries, size):
    UpdateRound.objects.filter(pk=round_q1.pk).update(quarter=2)
    generate_plan(world.plan, [world.police, world.housing], size, 1)
    client.force_login(world.lead)
    with django_assert_max_num_queries(13):  # 10 reads and the session save (3)
        response = client.get(BULK)
    assert response.status_code == 200
    assert len(response.context["blocks"][0].entries) == 1 + size // 2
