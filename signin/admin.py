"""The user admin, with an action to reset a user's second factor."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

import audit
from signin.services import second_factor_reset

User = get_user_model()


@admin.action(description="Reset the second factor (the user sets up a new one at the next sign-in)")
def reset_second_factor(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    for target in queryset:
        removed = second_factor_reset(user=request.user, target=target)  # type: ignore[arg-type]
        modeladmin.log_change(request, target, f"Reset the second factor ({removed} removed)")
        audit.record("mfa_reset", request=request, subject=target, details={"removed": removed})
    messages.success(request, f"Second factor reset for {queryset.count()} user(s).")


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    actions = [reset_second_factor]
