"""The audit log listens to the sign-in machinery: Django's sign-in signals, django-axes' lockout,
a user's password being saved, and (when installed) django-allauth's second-factor signals. These
receivers only observe: each writes one event and changes nothing else."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

import audit
from audit.middleware import current_request
from audit.models import AuditEvent

Kind = AuditEvent.Kind


def _account(username: str) -> AbstractBaseUser | None:
    """The account a typed user name names (the sign-in's own lookup: exact), or None."""
    if not username:
        return None
    model = get_user_model()
    return model.objects.filter(**{model.USERNAME_FIELD: username}).first()


def _lockout(request: HttpRequest | None) -> str | None:
    """Where a failed sign-in stands with axes: "began" when it is the failure that reaches the limit,
    "refused" when the user name was already locked out from that address (the right password too),
    None otherwise. axes sends user_locked_out for both: the failure that locks, and each attempt it
    refuses during the lockout (counted again, or not counted, as AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
    says)."""
    if not getattr(request, "axes_locked_out", False):
        return None
    failures = getattr(request, "axes_failures_since_start", None)
    limit = get_failure_limit(request, getattr(request, "axes_credentials", None))
    return "began" if failures is not None and failures <= limit else "refused"


def signed_in(sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    audit.record(Kind.SIGN_IN, request=request, user=user)


def signed_out(sender: Any, request: HttpRequest | None, user: AbstractBaseUser | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(Kind.SIGN_OUT, request=request, user=user)


def sign_in_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                   **kwargs: Any) -> None:
    # The user name as axes counts it (the sign-in form's field, whatever it is called).
    typed = str((get_client_username(request, credentials) if request is not None
                 else credentials.get(get_user_model().USERNAME_FIELD)) or "")
    refused = _lockout(request) == "refused"
    audit.record(Kind.SIGN_IN_FAILED, request=request, user=_account(typed), username=typed,
                 details={"refused": "locked out"} if refused else {})


def locked_out(sender: Any, request: HttpRequest, username: str | None = None, ip_address: str | None = None,
               **kwargs: Any) -> None:
    if _lockout(request) != "began":
        return
    typed = username or ""
    audit.record(Kind.LOCKED_OUT, request=request, user=_account(typed), username=typed,
                 details={"failures": request.axes_failures_since_start})  # type: ignore[attr-defined]


# The admin site's pages that delete access attempts (one, or several through the list's action).
_ADMIN_UNLOCKS = {"admin:axes_accessattempt_delete", "admin:axes_accessattempt_changelist"}


def attempt_deleted_in_admin(sender: Any, instance: AccessAttempt, **kwargs: Any) -> None:
    """A superuser unlocking in the admin site (Axes > Access attempts). axes deletes attempts itself too
    (after a successful sign-in, when they expire): only the admin's deletions are unlocks."""
    request = current_request()
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in _ADMIN_UNLOCKS:
        return
    member = _account(instance.username or "")
    audit.record(Kind.UNLOCKED, request=request, subject=member, subject_name=instance.username or "",
                 details={"ip_address": instance.ip_address, "failures": instance.failures_since_start,
                          "in": "admin site"})


def password_saved(sender: Any, instance: AbstractBaseUser, created: bool, **kwargs: Any) -> None:
    """A password set with set_password() and saved (a change, a reset link, an admin setting it).
    Django keeps the new raw password in `_password` from set_password() until save() has told the
    password validators: that is the only sign that this save stored a new password."""
    if created or getattr(instance, "_password", None) is None:
        return
    request = current_request()
    actor = getattr(request, "user", None)
    if actor is not None and actor.is_authenticated and actor.pk == instance.pk:
        audit.record(Kind.PASSWORD_CHANGED, request=request, user=instance)
    elif actor is not None and actor.is_authenticated:
        audit.record(Kind.PASSWORD_RESET, request=request, user=actor, subject=instance,
                     details={"by": "another user"})
    else:  # through a reset link (nobody signed in), or outside the web (a command)
        audit.record(Kind.PASSWORD_RESET, request=request, user=instance,
                     details={} if request is not None else {"by": "command line"})


def _authenticator_type(authenticator: Any) -> str:
    return str(getattr(authenticator, "type", "") or "")


def mfa_added(sender: Any, request: HttpRequest | None = None, user: AbstractBaseUser | None = None,
              authenticator: Any = None, **kwargs: Any) -> None:
    audit.record(Kind.MFA_ADDED, request=request, user=user, details={"type": _authenticator_type(authenticator)})


def mfa_removed(sender: Any, request: HttpRequest | None = None, user: AbstractBaseUser | None = None,
                authenticator: Any = None, **kwargs: Any) -> None:
    audit.record(Kind.MFA_REMOVED, request=request, user=user, details={"type": _authenticator_type(authenticator)})


def mfa_codes_reset(sender: Any, request: HttpRequest | None = None, user: AbstractBaseUser | None = None,
                    authenticator: Any = None, **kwargs: Any) -> None:
    # allauth's "reset" is the user making new recovery codes; an admin's reset of someone's second
    # factor is recorded by its view as Kind.MFA_RESET.
    audit.record(Kind.RECOVERY_CODES, request=request, user=user, details={"type": _authenticator_type(authenticator)})


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="audit.signed_in")
    user_logged_out.connect(signed_out, dispatch_uid="audit.signed_out")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit.sign_in_failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit.locked_out")
    post_save.connect(password_saved, sender=get_user_model(), dispatch_uid="audit.password_saved")
    post_delete.connect(attempt_deleted_in_admin, sender=AccessAttempt, dispatch_uid="audit.attempt_deleted")
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa import signals as mfa

        mfa.authenticator_added.connect(mfa_added, dispatch_uid="audit.mfa_added")
        mfa.authenticator_removed.connect(mfa_removed, dispatch_uid="audit.mfa_removed")
        mfa.authenticator_reset.connect(mfa_codes_reset, dispatch_uid="audit.mfa_codes_reset")
