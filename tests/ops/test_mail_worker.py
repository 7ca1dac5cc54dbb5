"""With TASKS_BACKEND=db the request only queues the e-mails; `manage.py db_worker` (a separate process
on PostgreSQL) sends them to a real SMTP server, and tries again later when the server is not there."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from actions.models import UpdateRound
from ops.models import OutgoingMail
from partnerships.models import Role
from tests.conftest import make_user
from tests.ops import servers
from tests.ops.servers import DB_TASKS, free_port, run_worker_batch

smtp_server = servers.smtp_server  # the fixture

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads what the request committed


@pytest.fixture
def opened_round(client, world, settings):
    settings.TASKS = DB_TASKS
    make_user("hana-housing", world.north, Role.LEAD, agency=world.housing)
    client.force_login(world.coordinator)
    response = client.post(reverse("actions:round_open", kwargs={"partnership": "north"}),
                           {"period": f"{world.plan.pk}:2009-10 Q3"})
    assert response.status_code == 302
    return UpdateRound.objects.get()


def round_page(client, round_) -> str:
    return client.get(reverse("actions:round", kwargs={"partnership": "north", "pk": round_.pk})).content.decode()


def test_the_worker_sends_what_the_request_queued(client, opened_round, smtp_server):
    mails = OutgoingMail.objects.about(opened_round)
    assert sorted(mails.values_list("status", flat=True)) == [OutgoingMail.Status.QUEUED] * 2
    assert DBTaskResult.objects.count() == 2
    assert "2 e-mails waiting to be sent by the task worker." in round_page(client, opened_round)

    run_worker_batch(mail_port=smtp_server.port)

    assert smtp_server.received.recipients == ["hana-housing@example.org", "len-lead@example.org"]
    assert sorted(mails.values_list("status", "attempts")) == [(OutgoingMail.Status.SENT, 1)] * 2
    page = round_page(client, opened_round)
    assert 'id="mail-waiting"' not in page and 'id="mail-failures"' not in page


def test_the_worker_tries_again_later_when_the_mail_server_is_not_there(client, opened_round, smtp_server):
    run_worker_batch(mail_port=free_port())

    mails = OutgoingMail.objects.about(opened_round)
    assert sorted(mails.values_list("status", "attempts", "last_error")) == [
        (OutgoingMail.Status.QUEUED, 1, "the mail server refused the connection")] * 2
    retries = DBTaskResult.objects.filter(status="READY")
    assert retries.count() == 2
    assert all(r.run_after and r.run_after > timezone.now() for r in retries)  # not at once: after a delay
    page = round_page(client, opened_round)
    assert "2 of them the mail server has not taken yet (the mail server refused the connection)" in page

    retries.update(run_after=timezone.now())  # the delay has passed, and the server is back
    run_worker_batch(mail_port=smtp_server.port)

    assert sorted(mails.values_list("status", "attempts")) == [(OutgoingMail.Status.SENT, 2)] * 2
    assert len(smtp_server.received.messages) == 2
