"""Every e-mail the portal sends goes through here: an outbox row (OutgoingMail), then a task
(ops.tasks.send_outgoing_mail) that sends it through settings.MAILERS and tries again on a
passing failure. Nothing here raises to the caller: a mail server that is down or refuses becomes
a row marked "not sent" with the reason, shown on the page the e-mail was sent from, never a 500
on a page whose change is already saved.

With TASKS_BACKEND=immediate the task runs in the request and tries again at once; with db or rq a
worker sends it, trying again after MAIL_RETRY_DELAYS."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone

from ops.models import OutgoingMail

log = logging.getLogger("portal.mail")

# Seconds to wait before each further try (a worker backend); the last delay repeats.
DEFAULT_RETRY_DELAYS = (60, 300, 1800, 3600)


def max_attempts() -> int:
    return int(getattr(settings, "MAIL_MAX_ATTEMPTS", 5))


def retry_delay(attempts: int) -> dt.timedelta:
    delays: Sequence[int] = getattr(settings, "MAIL_RETRY_DELAYS", DEFAULT_RETRY_DELAYS)
    return dt.timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def mail_queue(*, template: str, to: list[str], subject: str, body_text: str, body_html: str = "",
               about: models.Model | None = None, after_commit: bool = True) -> OutgoingMail | None:
    """Keep the e-mail in the outbox and hand it to the task queue once the current transaction
    commits (a rolled-back change e-mails nobody), or at once with after_commit=False (an e-mail that
    waits for no change, a password link). None only when the outbox itself cannot be written."""
    try:
        mail = OutgoingMail.objects.create(
            template=template, to=list(to), subject=subject[:998], body_text=body_text, body_html=body_html,
            about=about,
        )
    except Exception:  # the database is the page's own problem; the e-mail must not add a second one
        log.exception("mail: could not keep %r to %s in the outbox", template, to)
        return None
    if after_commit:
        transaction.on_commit(lambda: mail_enqueue(mail.pk))
    else:
        mail_enqueue(mail.pk)
    return mail


def mail_queue_message(message: EmailMessage, *, template: str, about: models.Model | None = None,
                       after_commit: bool = True) -> OutgoingMail | None:
    """mail_queue for an e-mail another package has built (allauth's adapter.render_mail): its subject,
    addresses, text and first HTML alternative."""
    html = next((str(content) for content, mimetype in getattr(message, "alternatives", [])
                 if mimetype == "text/html"), "")
    body = str(message.body)
    if message.content_subtype == "html":  # an HTML-only message
        body, html = "", body
    return mail_queue(template=template, to=list(message.to), subject=str(message.subject), body_text=body,
                      body_html=html, about=about, after_commit=after_commit)


def mail_enqueue(mail_id: int, *, run_after: dt.datetime | None = None) -> None:
    """Hand the e-mail to the task queue; a queue that cannot be reached marks it not sent."""
    from ops.tasks import send_outgoing_mail

    try:
        task = send_outgoing_mail
        if run_after is not None and task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        task.enqueue(mail_id)
    except Exception as exc:
        log.exception("mail: could not queue outgoing mail %s", mail_id)
        OutgoingMail.objects.filter(pk=mail_id, status=OutgoingMail.Status.QUEUED).update(
            status=OutgoingMail.Status.FAILED, last_error=f"the task queue could not be reached ({type(exc).__name__})",
        )


def mail_send(mail_id: int) -> str:
    """One try at sending an outbox e-mail (the task's body). Safe to run again: a sent or given-up
    e-mail is left alone. Returns the e-mail's status afterwards."""
    from ops.tasks import send_outgoing_mail

    mail = OutgoingMail.objects.filter(pk=mail_id).first()
    if mail is None or mail.status != OutgoingMail.Status.QUEUED:
        return mail.status if mail else "gone"
    message = EmailMultiAlternatives(mail.subject, mail.body_text, settings.DEFAULT_FROM_EMAIL, mail.to)
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    now = timezone.now()
    try:
        message.send()
    except Exception as exc:  # every failure is kept on the row: that is how the coordinator hears of it
        attempts = mail.attempts + 1
        # Tried again at once when the task runs in the request (immediate backend): not after a
        # timeout, which would hold the page for EMAIL_TIMEOUT seconds again.
        in_request = not send_outgoing_mail.get_backend().supports_defer
        give_up = attempts >= max_attempts() or not is_passing(exc) or (in_request and timed_out(exc))
        OutgoingMail.objects.filter(pk=mail.pk).update(
            attempts=attempts, last_attempt_at=now, last_error=describe_error(exc)[:500],
            status=OutgoingMail.Status.FAILED if give_up else OutgoingMail.Status.QUEUED,
        )
        log.warning("mail: %r to %s not sent (try %d of %d): %s", mail.template, mail.to, attempts,
                    max_attempts(), describe_error(exc))
        if give_up:
            return OutgoingMail.Status.FAILED
        mail_enqueue(mail.pk, run_after=now + retry_delay(attempts))
        return OutgoingMail.Status.QUEUED
    OutgoingMail.objects.filter(pk=mail.pk).update(
        attempts=mail.attempts + 1, last_attempt_at=now, sent_at=now, last_error="",
        status=OutgoingMail.Status.SENT, body_text="", body_html="",
    )
    return OutgoingMail.Status.SENT


def is_passing(exc: BaseException) -> bool:
    """Whether trying again may help: not when the server refused the address or answered with a
    permanent (5xx) refusal of the message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException) and not isinstance(exc, smtplib.SMTPAuthenticationError):
        return not 500 <= exc.smtp_code < 600
    return True


def timed_out(exc: BaseException) -> bool:
    """smtplib reports a timeout while waiting for the server's answer as a disconnection."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def describe_error(exc: BaseException) -> str:
    """The failure in words a coordinator can pass on to IT."""
    if isinstance(exc, ConnectionRefusedError):
        return "the mail server refused the connection"
    if isinstance(exc, socket.gaierror):
        return "the mail server's name could not be found"
    if timed_out(exc):
        return "the mail server did not answer in time"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "the mail server refused the portal's user name or password"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the mail server refused the address"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the mail server closed the connection"
    if isinstance(exc, smtplib.SMTPResponseException):
        answer = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"the mail server answered {exc.smtp_code} {answer}"
    if isinstance(exc, OSError):
        return f"the mail server could not be reached ({exc.strerror or type(exc).__name__})"
    return f"{type(exc).__name__}: {exc}"


@dataclass
class MailProblems:
    """What a page says about the e-mails it sent: the ones given up on (each still unanswered by a
    later e-mail to the same address that was sent) and the ones still waiting for the queue."""

    failed: list[OutgoingMail] = field(default_factory=list)
    waiting: list[OutgoingMail] = field(default_factory=list)

    @property
    def retrying(self) -> list[OutgoingMail]:
        """Waiting after a failed try."""
        return [m for m in self.waiting if m.last_error]

    @property
    def summary(self) -> str:
        """ "3 e-mails not sent: the mail server refused the connection" (the reason when they share one)."""
        if not self.failed:
            return ""
        n = len(self.failed)
        reasons = {m.last_error for m in self.failed}
        head = f"{n} e-mail{'s' if n != 1 else ''} not sent"
        return f"{head}: {reasons.pop()}" if len(reasons) == 1 else head


def mail_problems(about: models.Model) -> MailProblems:
    """The e-mails sent for `about` that did not go (one query)."""
    problems = MailProblems()
    delivered: dict[tuple[str, ...], dt.datetime] = {}
    mails = list(OutgoingMail.objects.about(about).defer("body_text", "body_html").order_by("created_at", "pk"))
    for mail in mails:
        if mail.status == OutgoingMail.Status.SENT:
            delivered[tuple(mail.to)] = mail.created_at
    for mail in mails:
        if mail.status == OutgoingMail.Status.QUEUED:
            problems.waiting.append(mail)
        elif mail.status == OutgoingMail.Status.FAILED:
            later = delivered.get(tuple(mail.to))
            if later is None or later < mail.created_at:
                problems.failed.append(mail)
    return problems
