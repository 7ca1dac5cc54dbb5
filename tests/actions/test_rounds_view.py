"""Update rounds: a coordinator opens a round, each lead gets one e-mail, reminders go to the outstanding."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from actions.models import QuarterLock, Status, UpdateRound
from partnerships.models import Person, Role
from tests.conftest import add_update, make_action, make_user


@pytest.fixture(autouse=True)
def portal_base_url(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"


@pytest.fixture
def leads(world):
    """Two leads: len (North Police, leads 1.1) and hana (North Housing, leads 1.2 and 1.3);
    a named person who leads 1.3 with a login; a member whose agency leads but who cannot record."""
    hana = make_user("hana-housing", world.north, Role.LEAD, agency=world.housing)
    third = make_action(world.plan, world.objective, "1.3", world.housing)
    person = Person.objects.create(partnership=world.north, name="DA Co-ordinator")
    third.lead_people.add(person)
    dac = make_user("dac-person", world.north, Role.LEAD, person=person)
    make_user("mary-member", world.north, Role.MEMBER, agency=world.police)
    return {"len": world.lead, "hana": hana, "dac": dac, "third": third}


def open_round(client, world, quarter="2009-10 Q3"):
    return client.post(reverse("actions:round_open", kwargs={"partnership": "north"}),
                       {"period": f"{world.plan.pk}:{quarter}"})


def test_round_open_sends_one_email_per_lead(client, world, leads, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = open_round(client, world)
    assert response.status_code == 302
    round_ = UpdateRound.objects.get()
    assert (round_.year_start, round_.quarter, round_.opened_by) == (2009, 3, world.coordinator)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["dac-person@example.org", "hana-housing@example.org", "len-lead@example.org"]
    message = next(m for m in mail.outbox if m.to == ["hana-housing@example.org"])
    assert "2009-10 Q3" in message.subject
    assert f"https://portal.example.org/p/north/plan/?plan={world.plan.pk}&mine=on" in message.body
    assert "1.2" in message.body and "1.3" in message.body and "1.1" not in message.body.split("plan:")[1]
    assert isinstance(message, EmailMultiAlternatives)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and isinstance(html, str) and "Open your list of actions" in html


def test_round_for_the_same_quarter_cannot_be_opened_twice(client, world, leads, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(client, world)
        response = open_round(client, world)
    assert response.status_code == 400
    assert "already been opened" in response.content.decode()
    assert UpdateRound.objects.count() == 1
    assert len(mail.outbox) == 3


def test_round_page_shows_who_has_and_has_not_updated(client, world, leads, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(client, world)
    add_update(world.police_action, 2009, 3, Status.ON_TRACK)
    add_update(world.housing_action, 2009, 2, Status.ON_TRACK)  # another quarter: still outstanding
    round_ = UpdateRound.objects.get()
    response = client.get(reverse("actions:round", kwargs={"partnership": "north", "pk": round_.pk}))
    assert response.status_code == 200
    by_name = {lead.membership.user.username: lead for lead in response.context["leads"]}
    assert set(by_name) == {"len-lead", "hana-housing", "dac-person"}
    assert [a.ref for a in by_name["len-lead"].outstanding] == []
    assert [a.ref for a in by_name["hana-housing"].outstanding] == ["1.2", "1.3"]
    assert response.context["outstanding_leads"] == 2
    assert "Outstanding: 2 of 2" in response.content.decode()


def test_reminder_goes_only_to_outstanding_leads(client, world, leads, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(client, world)
    round_ = UpdateRound.objects.get()
    add_update(world.police_action, 2009, 3, Status.ON_TRACK)
    add_update(leads["third"], 2009, 3, Status.ON_TRACK)  # dac's only action; hana still has 1.2
    mail.outbox.clear()
    url = reverse("actions:round_remind", kwargs={"partnership": "north", "pk": round_.pk})
    assert client.get(url).status_code == 405
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["hana-housing@example.org"]]
    assert "Reminder" in mail.outbox[0].subject and "1.2" in mail.outbox[0].body
    round_.refresh_from_db()
    assert round_.last_reminder_at is not None


def test_closed_round_sends_no_reminder(client, world, leads, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(client, world)
    round_ = UpdateRound.objects.get()
    mail.outbox.clear()
    close_url = reverse("actions:round_close", kwargs={"partnership": "north", "pk": round_.pk})
    assert client.post(close_url, {"confirm": "yes"}).status_code == 302
    round_.refresh_from_db()
    assert round_.closed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("actions:round_remind", kwargs={"partnership": "north", "pk": round_.pk}))
    assert not mail.outbox


@pytest.mark.parametrize("role", ["lead", "member"])
def test_only_coordinators_run_rounds(client, world, leads, role, django_capture_on_commit_callbacks):
    client.force_login(world.user(role))
    assert client.get(reverse("actions:rounds", kwargs={"partnership": "north"})).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert open_round(client, world).status_code == 403
    assert not UpdateRound.objects.exists()
    assert not mail.outbox


def test_quarter_of_another_plan_is_refused(client, world, leads):
    client.force_login(world.coordinator)
    response = client.post(reverse("actions:round_open", kwargs={"partnership": "north"}),
                           {"period": f"{world.south_action.plan_id}:2009-10 Q3"})
    assert response.status_code == 400
    assert not UpdateRound.objects.exists()


def test_round_counts_every_action_and_lists_those_with_nobody_to_chase(client, world, leads,
                                                                        django_capture_on_commit_callbacks):
    """Actions led by an agency or a person with no portal account, or only by a name in "by whom",
    count as outstanding and are listed under "nobody to chase" with who leads them as written."""
    victim_support = world.north.agencies.create(name="Victim Support", short_name="VS")
    by_agency = make_action(world.plan, world.objective, "2.1", victim_support)
    chair = Person.objects.create(partnership=world.north, name="MARAC Chair")
    by_person = make_action(world.plan, world.objective, "2.2")
    by_person.lead_people.add(chair)
    make_action(world.plan, world.objective, "2.3", by_whom="Community Safety Partnership")
    updated_unchased = make_action(world.plan, world.objective, "2.4", victim_support)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(client, world)
    add_update(world.police_action, 2009, 3, Status.ON_TRACK)
    add_update(updated_unchased, 2009, 3, Status.ON_TRACK)  # a coordinator recorded it: it counts as in
    round_ = UpdateRound.objects.get()
    response = client.get(reverse("actions:round", kwargs={"partnership": "north", "pk": round_.pk}))
    progress = response.context["progress"]
    assert (progress.total, progress.updated, progress.outstanding) == (7, 2, 5)
    nobody = {u.action.ref: u.led_by for u in response.context["nobody_to_chase"]}
    assert nobody == {"2.1": "Victim Support", "2.2": "MARAC Chair", "2.3": "Community Safety Partnership"}
    page = response.content.decode()
    assert "2 in, 5 outstanding; 3 with nobody to chase" in page
    assert f"/p/north/actions/{by_agency.pk}/edit/" in page
    assert "Outstanding: 2 of 2" in page  # hana's 1.2 and 1.3 are still chased by e-mail
    # Nobody to chase is mailed nothing: the round opened with the same three e-mails as before.
    assert len(mail.outbox) == 3


def test_an_inactive_users_actions_have_nobody_to_chase(client, world, leads):
    hana = leads["hana"]
    hana.is_active = False
    hana.save()
    round_ = UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=3, opened_by=world.coordinator,
                                        opened_at=timezone.now())
    client.force_login(world.coordinator)
    response = client.get(reverse("actions:round", kwargs={"partnership": "north", "pk": round_.pk}))
    assert {lead.membership.user.username for lead in response.context["leads"]} == {"len-lead", "dac-person"}
    assert [u.action.ref for u in response.context["nobody_to_chase"]] == ["1.2"]


def test_round_page_query_budget_does_not_grow_with_the_plan(client, world, leads, django_assert_max_num_queries):
    round_ = UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=3, opened_by=world.coordinator,
                                        opened_at=timezone.now())
    client.force_login(world.coordinator)
    url = reverse("actions:round", kwargs={"partnership": "north", "pk": round_.pk})
    # 16 (the e-mails not sent, the e-mail contacts, the last reminders, the open recommendations), 3 to save
    # the session
    with django_assert_max_num_queries(19) as small:
        client.get(url)
    agency = world.north.agencies.create(name="Refuge")
    person = Person.objects.create(partnership=world.north, name="SIG Chair")
    for n in range(40):
        action = make_action(world.plan, world.objective, f"9.{n}", agency if n % 2 else world.housing)
        action.lead_people.add(person)
        if n % 3 == 0:
            add_update(action, 2009, 3, Status.ON_TRACK)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)
    assert len(response.context["nobody_to_chase"]) > 0
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_locked_quarter_gets_no_more_reminders(client, world, leads, django_capture_on_commit_callbacks):
    round_ = UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=3, opened_by=world.coordinator,
                                        opened_at=timezone.now())
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=3, locked_at=timezone.now())
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actions:round_remind", kwargs={"partnership": "north", "pk": round_.pk}),
                               follow=True)
    assert not mail.outbox
    page = response.content.decode()
    assert "No reminder sent: Q3 2009-10 was issued to the groups on" in page
    assert "is locked: no more reminders go out for it" in page
    round_.refresh_from_db()
    assert round_.last_reminder_at is None


def test_opening_a_round_says_how_many_actions_have_nobody_to_chase(client, world, leads,
                                                                     django_capture_on_commit_callbacks):
    make_action(world.plan, world.objective, "2.3", by_whom="Community Safety Partnership")
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = open_round(client, world)
    page = client.get(response.url).content.decode()
    assert "The 2009-10 Q3 round is open; 3 leads e-mailed. 1 outstanding action has nobody to chase" in page
