"""E-mails as subject/text/html template triples under templates/emails/."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string


def send_templated(name: str, to: list[str], context: dict[str, Any], *, about: models.Model | None = None) -> None:
    """Send templates/emails/<name>_subject.txt, <name>_body.txt and <name>_body.html.
    `about` is what the e-mail is for (an update round), so a failure can be shown where it was sent from."""
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    text = render_to_string(f"emails/{name}_body.txt", context)
    html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()
