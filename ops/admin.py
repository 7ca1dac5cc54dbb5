from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ops.models import OutgoingMail
from partnerships.admin_scoping import SuperuserOnlyAdmin


@admin.register(OutgoingMail)
class OutgoingMailAdmin(SuperuserOnlyAdmin, admin.ModelAdmin):  # every partnership's e-mails: superusers only
    """Read-only: the outbox, for IT to see what the mail server refused and when it was last tried."""

    list_display = ["created_at", "template", "recipients", "subject", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject", "last_error"]
    date_hierarchy = "created_at"
    exclude = ["body_text", "body_html"]  # a password link stays out of the admin

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
