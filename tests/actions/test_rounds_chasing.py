"""Everyone who leads can be chased: e-mail contacts (Person.email), invitations from "nobody to chase",
the last reminder per lead, failed e-mails sent again, and closing a round only once confirmed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions.models import QuarterLock, Status, UpdateRound
from actions.services import INVITED, round_progress
from audit.models import AuditEvent
from ops.models import OutgoingMail
from partnerships.models import Membership, Person, Role
from partnerships.periods import Quarter
from tests.conftest import PASSWORD, add_update, make_action


@pytest.fixture(autouse=True)
def portal_base_url(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"


@pytest.fixture
def round_(world):
    """Q3's round, with two actions nobody can be chased for: one led by the MARAC Chair (a person with no
    account), one by Victim Support (an agency with no member)."""
    chair = Person.objects.create(partnership=world.north, name="MARAC Chair")
    make_action(world.plan, world.objective, "2.1").lead_people.add(chair)
    victim_support = world.north.agencies.create(name="Victim Support")
    make_action(world.plan, world.objective, "2.2", victim_support)
    return UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=3, opened_by=world.coordinator,
                                      opened_at=timezone.now())


def url(name, round_, **extra):
    return reverse(f"actions:{name}", kwargs={"partnership": "north", "pk": round_.pk, **extra})


def chair(world):
    return Person.objects.get(partnership=world.north, name="MARAC Chair")


def test_a_person_with_an_email_contact_is_chased_and_mailed_a_sign_in_link(client, world,
                                                                           django_capture_on_commit_callbacks):
    person = Person.objects.create(partnership=world.north, name="IDVA Manager", email="idva@example.org")
    make_action(world.plan, world.objective, "3.1").lead_people.add(person)
    progress = round_progress(world.plan, Quarter(2009, 3))
    contact = next(lead for lead in progress.leads if lead.is_contact)
    assert (contact.name, contact.email, [a.ref for a in contact.outstanding]) == (
        "IDVA Manager", "idva@example.org", ["3.1"])
    assert "3.1" not in [u.action.ref for u in progress.nobody_to_chase]
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("actions:round_open", kwargs={"partnership": "north"}),
                    {"period": f"{world.plan.pk}:2009-10 Q3"})
    message = next(m for m in mail.outbox if m.to == ["idva@example.org"])
    assert "https://portal.example.org/accounts/login/?next=%2Fp%2Fnorth%2Fplan%2F" in message.body
    assert "3.1" in message.body
    # The reminder reaches the contact too, and the round page says when.
    round_ = UpdateRound.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("round_remind", round_))
    assert [m.to for m in mail.outbox].count(["idva@example.org"]) == 2
    page = client.get(url("round", round_)).content.decode()
    assert "e-mail contact, no account" in page
    row = re.search(r"IDVA Manager.*?</tr>", page, re.S).group(0)
    assert "None yet" not in row and timezone.localtime().strftime("%Y") in row


def test_a_contact_sharing_an_accounts_address_is_mailed_once(world):
    person = Person.objects.create(partnership=world.north, name="Len again", email=world.lead.email.upper())
    world.housing_action.lead_people.add(person)
    leads = round_progress(world.plan, Quarter(2009, 3)).leads
    assert [lead.name for lead in leads] == ["len-lead"]


def test_coordinator_invites_a_lead_with_nobody_to_chase(client, world, round_, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    page = client.get(url("round", round_)).content.decode()
    person = chair(world)
    assert f"?invite=person:{person.pk}" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("round_invite", round_), {
            "lead": f"person:{person.pk}", "full_name": "Maria Chair", "email": "maria@example.org",
            "give": "account"}, follow=True)
    assert "Maria Chair is invited" in response.content.decode()
    assert "1 outstanding action now has someone to chase" in response.content.decode()
    invited = get_user_model().objects.get(email="maria@example.org")
    assert not invited.has_usable_password()
    membership = Membership.objects.get(user=invited)
    assert (membership.partnership, membership.role, membership.person) == (world.north, Role.LEAD, person)
    person.refresh_from_db()
    assert (person.user, person.email) == (invited, "maria@example.org")
    assert person.history.first().history_user == world.coordinator
    event = AuditEvent.objects.get(kind=INVITED)
    assert (event.user, event.subject, event.partnership) == (world.coordinator, invited.username, world.north)
    # The set-a-password link imported users get, on the portal's address; it works.
    message = next(m for m in mail.outbox if m.to == ["maria@example.org"])
    link = re.search(r"https://portal\.example\.org(/accounts/password/reset/\S+/)", str(message.body)).group(1)
    assert OutgoingMail.objects.filter(template="password_link", to=["maria@example.org"]).exists()
    client.logout()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD + "x", "new_password2": PASSWORD + "x"})
    assert done.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password(PASSWORD + "x")
    # The action moved from "nobody to chase" to the new lead.
    progress = round_progress(world.plan, round_.period)
    assert [u.action.ref for u in progress.nobody_to_chase] == ["1.2", "2.2"]
    assert any(lead.membership and lead.membership.user == invited for lead in progress.leads)


def test_inviting_an_agency_gives_its_member_the_agencys_actions(client, world, round_,
                                                                 django_capture_on_commit_callbacks):
    agency = world.north.agencies.get(name="Victim Support")
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("round_invite", round_), {"lead": f"agency:{agency.pk}", "full_name": "Vera Support",
                                                  "email": "vera@example.org", "give": "account"})
    membership = Membership.objects.get(user__email="vera@example.org")
    assert (membership.agency, membership.person) == (agency, None)
    assert [u.action.ref for u in round_progress(world.plan, round_.period).nobody_to_chase] == ["1.2", "2.1"]


def test_an_address_that_has_an_account_is_refused_and_nothing_is_written(client, world, round_,
                                                                          django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    users = get_user_model().objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("round_invite", round_), {
            "lead": f"person:{chair(world).pk}", "full_name": "Len Again", "email": "LEN-LEAD@example.org",
            "give": "account"})
    assert response.status_code == 400
    assert "LEN-LEAD@example.org already has a portal account" in response.content.decode()
    assert get_user_model().objects.count() == users
    assert not mail.outbox and not AuditEvent.objects.filter(kind=INVITED).exists()


def test_a_lead_not_under_nobody_to_chase_cannot_be_chosen(client, world, round_):
    """Another partnership's person, or one whose actions are chased already, is not a choice."""
    south_person = Person.objects.create(partnership=world.south, name="South Chair")
    client.force_login(world.coordinator)
    response = client.post(url("round_invite", round_), {
        "lead": f"person:{south_person.pk}", "full_name": "S", "email": "s@example.org", "give": "account"})
    assert response.status_code == 400
    assert "Choose one of the leads of the actions with nobody to chase." in response.content.decode()
    assert not get_user_model().objects.filter(email="s@example.org").exists()


def test_an_agency_cannot_be_only_an_email_contact(client, world, round_):
    agency = world.north.agencies.get(name="Victim Support")
    client.force_login(world.coordinator)
    response = client.post(url("round_invite", round_), {
        "lead": f"agency:{agency.pk}", "email": "vs@example.org", "give": "contact"})
    assert response.status_code == 400
    assert "An agency cannot be an e-mail contact" in response.content.decode()


def test_a_named_lead_given_an_email_contact_is_chased_without_an_account(client, world, round_):
    client.force_login(world.coordinator)
    response = client.post(url("round_invite", round_), {
        "lead": f"person:{chair(world).pk}", "email": "marac@example.org", "give": "contact"}, follow=True)
    assert "MARAC Chair will get the round&#x27;s e-mails at marac@example.org." in response.content.decode()
    assert chair(world).email == "marac@example.org"
    assert not get_user_model().objects.filter(email="marac@example.org").exists()
    assert AuditEvent.objects.filter(kind="lead_contact_set", partnership=world.north).count() == 1


@pytest.mark.parametrize("role", ["lead", "member", "viewer"])
def test_only_coordinators_invite(client, world, round_, role):
    client.force_login(world.user(role))
    response = client.post(url("round_invite", round_), {
        "lead": f"person:{chair(world).pk}", "full_name": "X Y", "email": "xy@example.org", "give": "account"})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="xy@example.org").exists()


def test_failed_emails_are_sent_again(client, world, round_, django_capture_on_commit_callbacks):
    """Two reminders the mail server refused (kept in the outbox with their text) go again as new e-mails."""
    for address in ("hana-housing@example.org", "len-lead@example.org"):
        OutgoingMail.objects.create(template="round_reminder", to=[address], subject="Reminder", body_text="Due",
                                    status=OutgoingMail.Status.FAILED, last_error="the mail server refused the "
                                    "connection", attempts=5, about=round_)
    client.force_login(world.coordinator)
    page = client.get(url("round", round_)).content.decode()
    assert "Send the 2 e-mails again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("round_send_again", round_), follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["2 e-mails sent again."], said
    assert sorted(m.to[0] for m in mail.outbox) == ["hana-housing@example.org", "len-lead@example.org"]
    assert all(m.body == "Due" for m in mail.outbox)
    assert "Send the" not in client.get(url("round", round_)).content.decode()  # answered by the sent ones
    assert OutgoingMail.objects.failed().count() == 2  # the failed ones are kept as they were


def test_a_locked_quarter_has_no_reminder_button_and_sends_nothing_again(client, world, round_,
                                                                         django_capture_on_commit_callbacks):
    OutgoingMail.objects.create(template="round_reminder", to=["len-lead@example.org"], subject="R",
                                body_text="x", status=OutgoingMail.Status.FAILED, about=round_)
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=3, locked_at=timezone.now())
    client.force_login(world.coordinator)
    page = client.get(url("round", round_)).content.decode()
    assert "Send a reminder" not in page and "again</button>" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("round_send_again", round_), follow=True)
    assert "No reminder sent: Q3 2009-10 was issued" in response.content.decode()
    assert not mail.outbox


def test_closing_with_outstanding_actions_asks_first(client, world, round_):
    add_update(world.police_action, 2009, 3, Status.ON_TRACK)
    client.force_login(world.coordinator)
    response = client.post(url("round_close", round_))
    assert response.status_code == 302 and response.url == url("round_close_confirm", round_)
    round_.refresh_from_db()
    assert round_.is_open
    page = client.get(response.url).content.decode()
    assert "Close the round with 3 actions still outstanding?" in page
    listed = re.search(r'id="close-confirm".*?</section>', page, re.S).group(0)
    assert "1.2" in listed and "2.1" in listed and "2.2" in listed and ">1.1<" not in listed
    assert client.post(url("round_close", round_), {"confirm": "yes"}).status_code == 302
    round_.refresh_from_db()
    assert not round_.is_open


def test_a_round_with_nothing_outstanding_closes_at_once(client, world):
    round_ = UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=3, opened_at=timezone.now())
    add_update(world.police_action, 2009, 3, Status.ON_TRACK)
    add_update(world.housing_action, 2009, 3, Status.ON_TRACK)
    client.force_login(world.coordinator)
    client.post(url("round_close", round_))
    round_.refresh_from_db()
    assert not round_.is_open



def test_open_death_review_recommendations_are_counted_in_the_round(client, world, round_):
    import datetime as dt

    from reviews.models import Recommendation, Review

    review = Review.objects.create(partnership=world.north, reference="DHR 1", pseudonym="Cara",
                                   notified_on=dt.date(2024, 5, 1))
    Recommendation.objects.create(review=review, ref="1", text="Train", agency=world.police,
                                  target_date=dt.date(2020, 1, 1))
    Recommendation.objects.create(review=review, ref="2", text="Audit", agency=world.police)
    Recommendation.objects.create(review=review, ref="3", text="Write", addressed_to="Home Office")
    Recommendation.objects.create(review=review, ref="4", text="Done", agency=world.police, status="not_accepted")
    south = Review.objects.create(partnership=world.south, reference="DHR S", pseudonym="Sal",
                                  notified_on=dt.date(2024, 5, 1))
    Recommendation.objects.create(review=south, ref="1", text="South's", addressed_to="South Police")
    client.force_login(world.coordinator)
    response = client.get(url("round", round_))
    recommendations = response.context["recommendations"]
    assert recommendations.by_addressee == [("Home Office", 1, 0), ("North Police", 2, 1)]
    html = response.content.decode()
    assert "Death-review recommendations still open (3, 1 overdue)" in html
    # Listed once, in the page's body: the page's <title> is the round's name only.
    assert html.count('id="open-recommendations"') == 1
    title = html.split("<title>")[1].split("</title>")[0]
    assert "recommendations" not in title and "update round" in title


def test_a_second_send_again_before_the_worker_runs_queues_nothing_twice(world, round_, settings):
    """With a task worker, the resend waits in the queue: clicking again (or a second coordinator) must not
    queue a second copy; two failed tries of one e-mail go again once."""
    from actions.services import round_resend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # nothing runs
    for _ in range(2):
        OutgoingMail.objects.create(template="round_reminder", to=["len-lead@example.org"], subject="Reminder",
                                    body_text="Due", status=OutgoingMail.Status.FAILED, about=round_)
    assert round_resend(round_=round_, user=world.coordinator) == 1
    assert round_resend(round_=round_, user=world.coordinator) == 0
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).count() == 1
