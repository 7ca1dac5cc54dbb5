"""Background work of the ops app, through Django's tasks framework (settings.TASKS)."""

from __future__ import annotations

from django.tasks import task


@task()
def send_outgoing_mail(mail_id: int) -> str:
    """Send one outbox e-mail (ops.mail.mail_send); a passing failure queues another try."""
    from ops.mail import mail_send

    return mail_send(mail_id)
