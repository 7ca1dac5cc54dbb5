"""The security audit log: who signed in, failed, was locked out or unlocked, changed a password or a
second factor, and who downloaded which of the partnership's files, from which address.

An event belongs to the partnership a partnership admin reads it in. A download is the partnership's
whose URL it came from. An event about a person's account (a sign-in, a failure under their user name,
a lockout, a new password or second factor) is written once for each partnership the person belongs to
when it happens: each admin reads their own partnership's log with one indexed filter, a member's
history does not follow them into a partnership they join later, nor leave with them. An event for
nobody's partnership (a user name no account has, a superuser's sign-in) has none and is read in the
Django admin only.

Events are written once and never changed (save() refuses an update; the admin is read-only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from partnerships.models import ScopedQuerySet


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_OUT = "sign_out", "Signed out"
        LOCKED_OUT = "locked_out", "Locked out"
        UNLOCKED = "unlocked", "Unlocked"
        MFA_ADDED = "mfa_added", "Second factor added"
        MFA_REMOVED = "mfa_removed", "Second factor removed"
        MFA_RESET = "mfa_reset", "Second factor reset"
        RECOVERY_CODES = "recovery_codes", "Recovery codes made anew"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset"
        EXPORT = "export", "Export of plan data"
        RETURN_DOWNLOAD = "return_download", "Return downloaded"
        EVIDENCE_DOWNLOAD = "evidence_download", "Evidence downloaded"
        ORIGINAL_DOWNLOAD = "original_download", "Import original downloaded"
        DOWNLOAD = "download", "Other file downloaded"
        LEAD_INVITED = "lead_invited", "Lead invited"
        LEAD_CONTACT_SET = "lead_contact_set", "E-mail contact given"

    at = models.DateTimeField(default=timezone.now, editable=False)
    kind = models.CharField(max_length=32, choices=Kind.choices, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="audit_events", editable=False,
                             help_text="Who did it: the signed-in user, or the account a sign-in named")
    username = models.CharField(max_length=150, blank=True, editable=False,
                                help_text="The user name as typed (failed sign-ins) or the user's at the time")
    subject = models.CharField(max_length=150, blank=True, editable=False,
                               help_text="Whose account it concerns, when someone else acted on it (unlocked, reset)")
    # PROTECT: a partnership with a security history is not deleted by accident.
    partnership = models.ForeignKey("partnerships.Partnership", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="audit_events", editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    path = models.CharField(max_length=500, blank=True, editable=False)
    details = models.JSONField(default=dict, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "-at", "-id"], name="audit_partnership_at"),
            models.Index(fields=["partnership", "kind", "-at"], name="audit_partnership_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("An audit event is not changed once recorded")
        super().save(*args, **kwargs)
