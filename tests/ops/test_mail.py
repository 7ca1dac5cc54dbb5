"""Every e-mail goes through the outbox and the tasks framework: a mail server that is down or refuses
never turns a saved round into a 500; the round page says which leads were not e-mailed and why.
Against a real SMTP server (aiosmtpd) and a port with nothing listening, with TASKS_BACKEND immediate."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import UpdateRound
from ops.models import OutgoingMail
from partnerships.models import Role
from tests.conftest import make_user
from tests.ops import servers
from tests.ops.servers import free_port, mailers

smtp_server = servers.smtp_server  # the fixture


@pytest.fixture
def hana(world):
    """A second lead: North Housing leads 1.2."""
    return make_user("hana-housing", world.north, Role.LEAD, agency=world.housing)


def open_round(client, world):
    return client.post(reverse("actions:round_open", kwargs={"partnership": "north"}),
                       {"period": f"{world.plan.pk}:2009-10 Q3"})


def round_page(client, round_):
    return client.get(reverse("actions:round", kwargs={"partnership": "north", "pk": round_.pk}))


def test_round_open_e_mails_each_lead_through_a_real_smtp_server(
        client, world, hana, settings, smtp_server, django_capture_on_commit_callbacks):
    settings.MAILERS = mailers(smtp_server.port)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = open_round(client, world)
    assert response.status_code == 302
    assert smtp_server.received.recipients == ["hana-housing@example.org", "len-lead@example.org"]
    message = next(m for m in smtp_server.received.messages if m["To"] == "hana-housing@example.org")
    assert "2009-10 Q3" in message["Subject"]
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    round_ = UpdateRound.objects.get()
    rows = list(OutgoingMail.objects.about(round_))
    assert [(m.status, m.attempts) for m in rows] == [(OutgoingMail.Status.SENT, 1)] * 2
    assert all(m.sent_at and not m.body_text and not m.body_html for m in rows)  # bodies not kept once sent
    page = client.get(response["Location"]).content.decode()
    assert "2 leads e-mailed" in page
    assert 'id="mail-failures"' not in page


@pytest.mark.django_db(transaction=True)  # the e-mails go when the round commits, as in production
def test_round_opens_with_no_mail_server_listening_and_the_page_names_who_was_not_e_mailed(
        client, world, hana, settings, django_capture_on_commit_callbacks):
    settings.MAILERS = mailers(free_port())  # the production default is the same: localhost:25, nothing there
    settings.MAIL_MAX_ATTEMPTS = 3
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = open_round(client, world)
    assert response.status_code == 302
    round_ = UpdateRound.objects.get()  # committed
    rows = list(OutgoingMail.objects.about(round_).order_by("to"))
    assert [(m.to, m.status, m.attempts) for m in rows] == [
        (["hana-housing@example.org"], OutgoingMail.Status.FAILED, 3),
        (["len-lead@example.org"], OutgoingMail.Status.FAILED, 3),
    ]
    assert rows[0].last_error == "the mail server refused the connection"
    assert rows[0].body_text  # kept: not delivered
    page = client.get(response["Location"]).content.decode()
    assert "The 2009-10 Q3 round is open, but 2 e-mails not sent: the mail server refused the connection" in page
    failures = page.split('id="mail-failures"')[1].split("</section>")[0]
    assert "2 e-mails not sent: the mail server refused the connection" in failures
    assert "hana-housing" in failures and "len-lead@example.org" in failures
    assert "tried 3 times" in failures


@pytest.mark.django_db(transaction=True)  # the e-mails go when the round commits, as in production
def test_a_reminder_that_gets_through_clears_the_earlier_failure(
        client, world, hana, settings, smtp_server, django_capture_on_commit_callbacks):
    settings.MAILERS = mailers(free_port())
    settings.MAIL_MAX_ATTEMPTS = 1
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(client, world)
    round_ = UpdateRound.objects.get()
    assert "2 e-mails not sent" in round_page(client, round_).content.decode()
    settings.MAILERS = mailers(smtp_server.port)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actions:round_remind", kwargs={"partnership": "north", "pk": round_.pk}),
                               follow=True)
    page = response.content.decode()
    assert "Reminder sent to 2 leads" in page
    assert 'id="mail-failures"' not in page
    assert len(smtp_server.received.messages) == 2


def test_a_refused_address_is_not_tried_again(
        client, world, hana, settings, smtp_server, django_capture_on_commit_callbacks):
    settings.MAILERS = mailers(smtp_server.port)
    smtp_server.received.refuse.add("hana-housing@example.org")
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = open_round(client, world)
    refused = OutgoingMail.objects.get(to=["hana-housing@example.org"])
    assert (refused.status, refused.attempts, refused.last_error) == (
        OutgoingMail.Status.FAILED, 1, "the mail server refused the address")
    assert smtp_server.received.recipients == ["len-lead@example.org"]
    page = client.get(response["Location"]).content.decode()
    assert "1 e-mail not sent: the mail server refused the address" in page


def test_a_rolled_back_round_e_mails_nobody(world, hana, settings, smtp_server, django_capture_on_commit_callbacks):
    from django.db import transaction

    from ops.mail import mail_queue

    settings.MAILERS = mailers(smtp_server.port)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            mail_queue(template="round_opened", to=["len-lead@example.org"], subject="s", body_text="b")
            raise RuntimeError("the change failed")
    assert not OutgoingMail.objects.exists()
    assert smtp_server.received.messages == []


def test_password_link_with_no_mail_server_answers_normally_and_keeps_the_failure(world, settings):
    settings.MAILERS = mailers(free_port())
    settings.MAIL_MAX_ATTEMPTS = 2
    response = Client().post(reverse("password_reset"), {"email": "len-lead@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    mail = OutgoingMail.objects.get()
    assert (mail.template, mail.to, mail.status, mail.attempts) == (
        "password_link", ["len-lead@example.org"], OutgoingMail.Status.FAILED, 2)
    assert mail.about == world.lead


def test_password_link_through_a_real_smtp_server(world, settings, smtp_server):
    settings.MAILERS = mailers(smtp_server.port)
    Client().post(reverse("password_reset"), {"email": "len-lead@example.org"})
    assert smtp_server.received.recipients == ["len-lead@example.org"]
    body = smtp_server.received.messages[0].get_payload(decode=True).decode()
    assert re.search(r"/accounts/password/reset/\S+/\S+/", body)
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT


def test_a_mail_server_that_does_not_answer_is_not_waited_for_twice_in_the_request(world, settings):
    import socket

    from ops.mail import mail_queue

    with socket.socket() as silent:  # takes the connection, never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.MAILERS = mailers(silent.getsockname()[1])
        settings.MAILERS["default"]["OPTIONS"]["timeout"] = 1
        mail_queue(template="round_opened", to=["len-lead@example.org"], subject="s", body_text="b",
                   after_commit=False)
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts, mail.last_error) == (
        OutgoingMail.Status.FAILED, 1, "the mail server did not answer in time")


def test_a_task_queue_that_cannot_be_reached_marks_the_e_mails_not_sent(world, settings):
    from ops.mail import mail_queue

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.backend.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{free_port()}/0"}}  # no Redis there
    mail_queue(template="round_opened", to=["len-lead@example.org"], subject="s", body_text="b", after_commit=False)
    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.last_error == "the task queue could not be reached (ConnectionError)"


def test_an_e_mail_built_elsewhere_goes_through_the_outbox(world, settings, smtp_server):
    from django.core.mail import EmailMultiAlternatives

    from ops.mail import mail_queue_message

    settings.MAILERS = mailers(smtp_server.port)
    message = EmailMultiAlternatives("A security key was added", "text body", to=["len-lead@example.org"])
    message.attach_alternative("<p>html body</p>", "text/html")
    mail_queue_message(message, template="mfa/authenticator_added", about=world.lead, after_commit=False)
    mail = OutgoingMail.objects.get()
    assert (mail.template, mail.status, mail.about) == ("mfa/authenticator_added", OutgoingMail.Status.SENT, world.lead)
    received = smtp_server.received.messages[0]
    assert received["Subject"] == "A security key was added"
    assert {p.get_content_type() for p in received.walk()} >= {"text/plain", "text/html"}
