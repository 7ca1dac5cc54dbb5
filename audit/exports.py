"""Whose data an admin-site export (django-import-export) held: the partnerships of the exported rows, so the
export is written to the audit log of each partnership whose rows left, not to every partnership of the person
who downloaded it. The rows are those the export itself took: the admin's export queryset (the change list's
filters, scoped to what the user administers) narrowed to the selected ids when the export came from the
"Export selected" action."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError, ValidationError
from django.http import HttpRequest

from partnerships.admin_scoping import GLOBAL, partnership_path_for
from partnerships.models import Partnership


def _model_admin(url_name: str) -> Any:
    for model, model_admin in admin.site._registry.items():
        if url_name == f"{model._meta.app_label}_{model._meta.model_name}_export":
            return model_admin
    return None


def exported_partnerships(request: HttpRequest) -> list[Partnership] | None:
    """The partnerships of the rows the admin export answering `request` held; None when it cannot tell (not an
    admin export, rows of no partnership): the caller then uses the downloader's partnerships."""
    match = request.resolver_match
    if match is None or match.namespace != "admin" or not str(match.url_name or "").endswith("_export"):
        return None
    model_admin = _model_admin(str(match.url_name))
    if model_admin is None or not hasattr(model_admin, "get_export_queryset"):
        return None
    try:
        queryset = model_admin.get_export_queryset(request)
        selected = request.POST.getlist("export_items")
        if selected:
            queryset = queryset.filter(pk__in=selected)
        model = queryset.model
        path = "memberships__partnership" if model is get_user_model() else partnership_path_for(model)
        if path is GLOBAL:
            return None
        ids = {pk for pk in queryset.order_by().values_list(path or "pk", flat=True).distinct() if pk is not None}
    except (IncorrectLookupParameters, FieldError, ValidationError, ValueError):
        return None  # a change-list filter the export refused as well: nothing was exported from it
    if not ids:
        return None
    return list(Partnership.objects.filter(pk__in=ids).order_by("pk"))
