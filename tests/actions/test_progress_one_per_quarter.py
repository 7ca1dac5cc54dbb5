"""The progress form: it opens on the plan's reporting quarter; an empty update is refused; one update
per action per quarter (a second record corrects the first, the history keeps the earlier text); a
lead corrects their own update until the quarter is locked."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from actions.models import ProgressUpdate, QuarterLock, Status, UpdateRound
from actions.services import NothingToRecord, UpdateTakenByAnother, progress_record
from partnerships.models import Role
from partnerships.periods import Quarter
from tests.conftest import add_update, make_user


def action_url(action) -> str:
    return reverse("actions:action", kwargs={"partnership": "north", "pk": action.pk})


def progress_url(action) -> str:
    return reverse("actions:progress_add", kwargs={"partnership": "north", "pk": action.pk})


def test_form_defaults_to_the_open_rounds_quarter(client, world):
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=1, opened_at=timezone.now())
    client.force_login(world.lead)
    form = client.get(action_url(world.police_action)).context["progress_form"]
    assert form.initial["quarter"] == "2009-10 Q1"


def test_form_defaults_to_the_plans_latest_unlocked_quarter(client, world):
    """No round open and the plan's year long over: its last quarter, or the one before when locked."""
    client.force_login(world.lead)
    assert client.get(action_url(world.police_action)).context["progress_form"].initial["quarter"] == "2009-10 Q4"
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=4, locked_at=timezone.now())
    assert client.get(action_url(world.police_action)).context["progress_form"].initial["quarter"] == "2009-10 Q3"


def test_an_empty_update_is_refused_and_nothing_is_written(client, world):
    client.force_login(world.lead)
    response = client.post(progress_url(world.police_action), {
        "quarter": "2009-10 Q1", "status": Status.NOT_STARTED, "narrative": "  ", "barriers": "", "evidence": "",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing to record: change the status, or write the progress made or a barrier" in html
    # GOV.UK's error summary at the top of the form, taking focus.
    assert '<h2 class="h5" id="progress-errors">There is a problem</h2>' in html
    assert html.count("autofocus") == 1
    assert not ProgressUpdate.objects.exists()
    assert not ProgressUpdate.history.exists()


@pytest.mark.parametrize("extra", [{"status": Status.ON_TRACK}, {"narrative": "Pathway drafted"},
                                   {"barriers": "Barrier - no analyst"}])
def test_a_status_change_a_narrative_or_a_barrier_is_enough(client, world, extra):
    client.force_login(world.lead)
    data = {"quarter": "2009-10 Q1", "status": Status.NOT_STARTED, "narrative": "", "barriers": "", "evidence": ""}
    response = client.post(progress_url(world.police_action), data | extra)
    assert response.status_code == 302
    assert ProgressUpdate.objects.filter(action=world.police_action).count() == 1


def test_the_same_status_as_last_quarter_with_nothing_said_is_refused(world):
    add_update(world.police_action, 2009, 1, Status.ON_TRACK, user=world.lead, narrative="Started")
    with pytest.raises(NothingToRecord):
        progress_record(action=world.police_action, user=world.lead, quarter=Quarter(2009, 2), status=Status.ON_TRACK)
    assert ProgressUpdate.objects.count() == 1


def test_a_second_update_for_the_quarter_corrects_the_first_and_keeps_the_history(client, world):
    client.force_login(world.lead)
    first = {"quarter": "2009-10 Q1", "status": Status.ON_TRACK, "narrative": "Met twice", "barriers": "",
             "evidence": ""}
    client.post(progress_url(world.police_action), first)
    response = client.post(progress_url(world.police_action), first | {"status": Status.AT_RISK,
                                                                        "narrative": "Met once"})
    assert response.status_code == 302
    (update,) = ProgressUpdate.objects.filter(action=world.police_action)
    assert (update.status, update.narrative, update.author) == (Status.AT_RISK, "Met once", world.lead)
    world.police_action.refresh_from_db()
    assert world.police_action.status == Status.AT_RISK
    assert [h.narrative for h in update.history.order_by("history_date", "history_id")] == ["Met twice", "Met once"]
    assert update.history.latest().history_user == world.lead
    page = client.get(response.url).content.decode()
    assert "Your 2009-10 Q1 update has been corrected (the history keeps the earlier version)." in page


def test_the_form_opens_the_quarters_own_update_for_correction(client, world):
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=1, opened_at=timezone.now())
    add_update(world.police_action, 2009, 1, Status.AT_RISK, user=world.lead, narrative="Trainer post vacant")
    client.force_login(world.lead)
    response = client.get(action_url(world.police_action))
    form = response.context["progress_form"]
    assert form.editing is not None and form.initial["narrative"] == "Trainer post vacant"
    html = response.content.decode()
    assert "Correct the 2009-10 Q1 update" in html and "Save the correction" in html
    assert "?quarter=2009-10%20Q1#record-h" in html
    # ?quarter= opens another quarter: Q2 has no update, so the form is empty for it.
    other = client.get(action_url(world.police_action) + "?quarter=2009-10 Q2").context["progress_form"]
    assert other.editing is None and other.initial["quarter"] == "2009-10 Q2"


def test_a_locked_quarters_update_cannot_be_corrected(client, world):
    add_update(world.police_action, 2009, 1, Status.AT_RISK, user=world.lead, narrative="Trainer post vacant")
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=1, locked_at=timezone.now())
    client.force_login(world.lead)
    page = client.get(action_url(world.police_action) + "?quarter=2009-10 Q1")
    assert page.context["progress_form"].editing is None
    assert "Correct this update" not in page.content.decode()
    response = client.post(progress_url(world.police_action), {
        "quarter": "2009-10 Q1", "status": Status.ON_TRACK, "narrative": "Filled", "barriers": "", "evidence": "",
    })
    assert response.status_code == 400
    assert ProgressUpdate.objects.get().narrative == "Trainer post vacant"


def test_a_co_lead_cannot_overwrite_another_leads_update(client, world):
    colead = make_user("pat-police", world.north, Role.LEAD, agency=world.police)
    add_update(world.police_action, 2009, 1, Status.AT_RISK, user=world.lead, narrative="Trainer post vacant")
    with pytest.raises(UpdateTakenByAnother, match="len-lead has already recorded the 2009-10 Q1 update"):
        progress_record(action=world.police_action, user=colead, quarter=Quarter(2009, 1), status=Status.ON_TRACK,
                        narrative="All fine")
    assert ProgressUpdate.objects.get().narrative == "Trainer post vacant"
    client.force_login(colead)
    assert "Correct this update" not in client.get(action_url(world.police_action)).content.decode()


def test_a_coordinator_corrects_a_leads_update(world):
    add_update(world.police_action, 2009, 1, Status.AT_RISK, user=world.lead, narrative="Trainer post vacant")
    progress_record(action=world.police_action, user=world.coordinator, quarter=Quarter(2009, 1),
                    status=Status.AT_RISK, narrative="Trainer post vacant since May")
    update = ProgressUpdate.objects.get()
    assert update.narrative == "Trainer post vacant since May" and update.author == world.lead
    assert update.history.latest().history_user == world.coordinator


def test_the_database_refuses_a_second_update_for_the_quarter(world):
    add_update(world.police_action, 2009, 1, Status.AT_RISK, narrative="First")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(action=world.police_action, year_start=2009, quarter=1, status=Status.ON_TRACK,
                                      recorded_at=timezone.now())
