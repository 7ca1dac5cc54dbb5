from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent
from partnerships.admin_scoping import SuperuserOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(SuperuserOnlyAdmin, admin.ModelAdmin):  # spans every partnership: superusers only
    """Read-only: the log of every partnership, and the events that belong to none (unknown user names,
    staff without a membership)."""

    list_display = ["at", "kind", "username", "subject", "partnership", "ip_address", "path"]
    list_filter = ["kind", "partnership"]
    search_fields = ["username", "subject", "ip_address", "path"]
    date_hierarchy = "at"
    list_select_related = ["partnership"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
