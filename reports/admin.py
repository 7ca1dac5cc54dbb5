from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from reports.models import IssuedReturn, ReturnBatch


@admin.register(IssuedReturn)
class IssuedReturnAdmin(admin.ModelAdmin):
    list_display = ["partnership", "plan", "year_start", "quarter", "group", "issued_at", "issued_by", "size"]
    list_filter = ["partnership"]
    readonly_fields = ["partnership", "plan", "year_start", "quarter", "group", "sha256", "size", "filename",
                       "issued_by", "issued_at"]
    exclude = ["pdf"]

    def has_add_permission(self, request: HttpRequest) -> bool:  # issued only through the reports page or its service
        return False

    def has_change_permission(self, request: HttpRequest, obj: IssuedReturn | None = None) -> bool:
        return False


@admin.register(ReturnBatch)
class ReturnBatchAdmin(admin.ModelAdmin):
    list_display = ["partnership", "plan", "year_start", "quarter", "status", "done", "total", "requested_at"]
    list_filter = ["status"]
