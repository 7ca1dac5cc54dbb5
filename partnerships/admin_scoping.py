"""The Django admin for partnership admins: each sees and edits only the partnerships they administer.

A user whose Membership role is "admin" in a partnership (and who is_staff, as load_demo makes
demo-admin) may use the admin for that partnership's rows: lists, change pages, related-object
choices, filters and history are all limited to those partnerships. Superusers see everything.
Access is granted here, by the has_*_permission methods, rather than through Django's model
permissions: the partnership role is what decides, as everywhere else in the portal.

Models that belong to no partnership (the BVPI 225 questions) are read-only for partnership admins.
Spreadsheet import through the admin is for superusers only: its lookups (an indicator by code, an
agency by name) are not scoped to a partnership.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect

from partnerships.models import Membership, Partnership, Role

if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]  # for the type checker: the admin methods this mixin extends
else:
    _AdminBase = object

GLOBAL = None  # a model that belongs to no partnership


@cache
def partnership_path_for(model: type[models.Model], depth: int = 0) -> str | None:
    """The lookup from a model to its partnership: "" for Partnership, "partnership",
    "indicator__partnership", "answer__assessment__partnership" ...; None for a model that belongs to
    none. Found by following the model's required foreign keys, so new models need no entry here."""
    if model is Partnership:
        return ""
    try:
        field = model._meta.get_field("partnership")
        if field.is_relation and field.related_model is Partnership:
            return "partnership"
    except FieldDoesNotExist:
        pass
    if depth >= 4:
        return None
    fks = [f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey) and f.related_model is not model]
    # A required key first: an optional one (a meeting's host agency) may be empty.
    for fk in sorted(fks, key=lambda f: f.null):
        if fk.null:
            continue
        parent = partnership_path_for(fk.related_model, depth + 1)
        if parent is not None:
            return f"{fk.name}__{parent}" if parent else fk.name
    return None


def administered(request: HttpRequest) -> frozenset[int] | None:
    """Ids of the partnerships the user administers; None for a superuser (no limit)."""
    user = request.user
    if user.is_superuser:
        return None
    cached = getattr(request, "_administered_partnerships", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user, role=Role.ADMIN).values_list("partnership_id", flat=True)
        ) if user.is_active and user.is_staff else frozenset()
        request._administered_partnerships = cached  # type: ignore[attr-defined]  # once per request
    return cached


def scope(queryset: QuerySet, request: HttpRequest) -> QuerySet:
    """Limit any queryset to the partnerships the user administers (users: theirs and the unattached)."""
    ids = administered(request)
    if ids is None:
        return queryset
    model: type[models.Model] = queryset.model
    if model is get_user_model():
        return queryset.filter(Q(memberships__partnership__in=ids) | Q(memberships__isnull=True)).distinct()
    path = partnership_path_for(model)
    if path is None:
        return queryset
    if path == "":
        return queryset.filter(pk__in=ids)
    return queryset.filter(**{f"{path}__in": ids})


def in_scope(obj: models.Model, request: HttpRequest) -> bool:
    ids = administered(request)
    if ids is None:
        return True
    path = partnership_path_for(type(obj))
    if path is None:
        return True
    if path == "":
        return obj.pk in ids
    current: Any = obj
    *steps, last = path.split("__")
    for step in steps:
        current = getattr(current, step, None)
        if current is None:
            return False
    return getattr(current, f"{last}_id", None) in ids


class PartnershipScopedAdmin(_AdminBase):
    """Mixin for ModelAdmin and inline classes (put it first among the bases)."""

    def _is_global(self) -> bool:
        model: type[models.Model] = self.model
        return partnership_path_for(model) is GLOBAL

    def _administers_any(self, request: HttpRequest) -> bool:
        ids = administered(request)
        return ids is None or bool(ids)

    # Rows

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope(super().get_queryset(request), request)

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest,
                                 **kwargs: Any) -> forms.ModelChoiceField | None:
        if administered(request) is not None and "queryset" not in kwargs:
            kwargs["queryset"] = scope(db_field.related_model._default_manager.all(), request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: models.ManyToManyField, request: HttpRequest,
                                 **kwargs: Any) -> forms.ModelMultipleChoiceField | None:
        if administered(request) is not None and "queryset" not in kwargs:
            kwargs["queryset"] = scope(db_field.related_model._default_manager.all(), request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request: HttpRequest) -> list[str] | tuple[str, ...]:
        fields = super().get_autocomplete_fields(request)
        if administered(request) is None:
            return fields
        # The user admin is not open to partnership admins: a plain (scoped) select instead.
        user_model = get_user_model()
        return [f for f in fields if self.model._meta.get_field(f).related_model is not user_model]

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = super().get_list_filter(request)
        if administered(request) is None:
            return filters
        # A related-field filter would list every partnership's rows: offer only those in the scoped list.
        scoped: list[Any] = []
        for entry in filters:
            if isinstance(entry, str):
                try:
                    field = get_fields_from_path(self.model, entry)[-1]
                except (FieldDoesNotExist, NotRelationField):
                    field = None
                if field is not None and field.is_relation:
                    entry = (entry, admin.RelatedOnlyFieldListFilter)
            scoped.append(entry)
        return scoped

    # Permissions: the partnership role decides, not Django's model permissions.

    def has_module_permission(self, request: HttpRequest) -> bool:
        if request.user.is_superuser:
            return super().has_module_permission(request)
        return self._administers_any(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return self._administers_any(request) and (obj is None or in_scope(obj, request))

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        return not self._is_global() and self.has_view_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if request.user.is_superuser:
            return super().has_delete_permission(request, obj)
        if self.model is Partnership:
            return False
        return not self._is_global() and self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # ModelAdmin passes (request); inlines pass (request, obj) with the parent object.
        if request.user.is_superuser:
            return super().has_add_permission(request, *args)
        if self.model is Partnership or self._is_global():
            return False
        return self._administers_any(request)

    def has_import_permission(self, request: HttpRequest) -> bool:
        if not request.user.is_superuser:
            return False
        parent = getattr(super(), "has_import_permission", None)
        return parent(request) if parent else True

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any,
                                         object_id: str) -> HttpResponseRedirect:
        # Another partnership's row must look exactly like one that does not exist: 404, no message.
        # (A private ModelAdmin method, so not in django-stubs.)
        if administered(request) is not None:
            raise Http404("No such object")
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)  # type: ignore[misc]
