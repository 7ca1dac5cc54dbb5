"""Issued returns and return batches in the admin: a partnership admin sees their partnership's, read-only
(a return is issued, and a batch requested, only through the reports page or its service)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from partnerships.admin_scoping import PartnershipScopedAdmin
from reports.models import IssuedReturn, ReturnBatch


@admin.register(IssuedReturn)
class IssuedReturnAdmin(PartnershipScopedAdmin, admin.ModelAdmin):
    list_display = ["partnership", "plan", "year_start", "quarter", "group", "issued_at", "issued_by", "size"]
    list_filter = ["partnership"]
    readonly_fields = ["partnership", "plan", "year_start", "quarter", "group", "sha256", "size", "filename",
                       "issued_by", "issued_at"]
    exclude = ["pdf"]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # An issued return is the record of what a group was given: only a superuser may remove one.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(ReturnBatch)
class ReturnBatchAdmin(PartnershipScopedAdmin, admin.ModelAdmin):
    list_display = ["partnership", "plan", "year_start", "quarter", "status", "done", "total", "requested_at"]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)
