"""The security audit log (audit.models). Other apps record an event with `audit.record(...)`, for
example an admin resetting a user's second factor:

    audit.record(AuditEvent.Kind.MFA_RESET, request=request, subject=member)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.models import AuditEvent


def record(kind: str, **kwargs: Any) -> list[AuditEvent]:
    """audit.services.event_record(kind=kind, ...), importable before the apps are loaded."""
    from audit.services import event_record

    return event_record(kind=kind, **kwargs)
