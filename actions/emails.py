"""E-mails as subject/text/html template triples under templates/emails/."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.template.loader import render_to_string

from ops.mail import mail_queue


def send_templated(name: str, to: list[str], context: dict[str, Any], *, about: models.Model | None = None) -> None:
    """Send templates/emails/<name>_subject.txt, <name>_body.txt and <name>_body.html through the
    outbox (ops.mail): queued, sent by a task with retries, never raising to the caller. `about` is what
    the e-mail is for (an update round), so a failure is shown where it was sent from."""
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    text = render_to_string(f"emails/{name}_body.txt", context)
    html = render_to_string(f"emails/{name}_body.html", context)
    mail_queue(template=name, to=to, subject=subject, body_text=text, body_html=html, about=about)
