"""The outbox: one row per e-mail the portal sends, so a failure is kept and shown where the e-mail
was sent from (an update round's page) instead of being lost or turning the page into a 500."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class OutgoingMailQuerySet(models.QuerySet["OutgoingMail"]):
    def about(self, obj: models.Model) -> OutgoingMailQuerySet:
        """The e-mails sent for `obj` (an update round). The content type is matched by a join, not
        looked up first: the same number of queries whether or not its cache is warm."""
        meta = obj._meta
        return self.filter(content_type__app_label=meta.app_label, content_type__model=meta.model_name,
                           object_id=obj.pk)

    def failed(self) -> OutgoingMailQuerySet:
        return self.filter(status=OutgoingMail.Status.FAILED)

    def waiting(self) -> OutgoingMailQuerySet:
        """Not sent yet: queued for a worker, or tried and due to be tried again."""
        return self.filter(status=OutgoingMail.Status.QUEUED)


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    template = models.CharField(max_length=100, help_text="Which e-mail: templates/emails/<template>_*.")
    to = models.JSONField(help_text="The addresses, as a list.")
    subject = models.CharField(max_length=998)
    # The bodies are kept until the e-mail is sent (a worker on another machine sends them), then
    # emptied: a password-reset link is not kept in the database once delivered.
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = "outgoing e-mail"
        indexes = [models.Index(fields=["content_type", "object_id", "status"], name="ops_mail_about_status")]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)} ({self.get_status_display()})"

    @property
    def recipients(self) -> str:
        return ", ".join(self.to)
