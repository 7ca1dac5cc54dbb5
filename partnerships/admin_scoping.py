"""The Django admin for partnership admins: each sees and edits only the partnerships they administer.

A user whose Membership role is "admin" in a partnership (and who is_staff, as load_demo makes
demo-admin) may use the admin for that partnership's rows: lists, change pages, related-object
choices, filters and history are all limited to those partnerships. Superusers see everything.
Access is granted here, by the has_*_permission methods, rather than through Django's model
permissions: the partnership role is what decides, as everywhere else in the portal.

Models that belong to no partnership (the BVPI 225 questions) are read-only for partnership admins.
Spreadsheet import through the admin is for superusers only: its lookups (an indicator by code, an
agency by name) are not scoped to a partnership.

Every object URL (change, delete, history, a history record) answers 404 for another partnership's
object exactly as for an id that does not exist, whatever the method, so ids cannot be enumerated.
Installation-wide models (users, Django's groups, sign-in records, task results) are superuser-only
(SuperuserOnlyAdmin): to anyone else they are not there, every page of theirs a 404.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

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

    # Object pages. Django checks some permissions before it looks the object up (a delete page, a POST
    # to a read-only model's change page) and simple_history shows a deleted object's history and answers
    # 403 for one outside the user's scope: each would tell an existing id from a missing one.

    def _not_found_unless_visible(self, request: HttpRequest, object_id: str) -> None:
        if administered(request) is not None and self.get_object(request, unquote(object_id)) is None:
            raise Http404("No such object")

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        self._not_found_unless_visible(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request: HttpRequest, object_id: str,
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        self._not_found_unless_visible(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def _history_model(self) -> type[models.Model] | None:
        attribute = getattr(self.model._meta, "simple_history_manager_attribute", None)
        return getattr(self.model, attribute).model if attribute else None

    def _last_recorded(self, object_id: str, **lookup: Any) -> models.Model | None:
        """The object as its history last recorded it (for an object deleted since), or None."""
        history = self._history_model()
        if history is None:
            return None
        try:
            record = history._default_manager.filter(
                **{self.model._meta.pk.attname: unquote(object_id)}, **lookup).order_by("-history_date").first()
        except (ValidationError, ValueError):
            return None
        return record.instance if record is not None else None  # type: ignore[attr-defined]

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if self.get_object(request, unquote(object_id)) is None:
            # Gone, or not the user's: the history of a deleted object is shown when its last state
            # was in the user's scope (and the object is not now someone else's).
            last = self._last_recorded(object_id)
            if last is None or not in_scope(last, request) or self._exists_elsewhere(object_id):
                raise Http404("No such object")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str,
                          extra_context: dict[str, Any] | None = None) -> HttpResponse:
        try:
            int(version_id)
        except ValueError:
            raise Http404("No such record") from None
        recorded = self._last_recorded(object_id, history_id=version_id)
        if recorded is None or not in_scope(recorded, request) or (
                self.get_object(request, unquote(object_id)) is None and self._exists_elsewhere(object_id)):
            raise Http404("No such record")
        return super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]

    def _exists_elsewhere(self, object_id: str) -> bool:
        try:
            return self.model._default_manager.filter(pk=unquote(object_id)).exists()
        except (ValidationError, ValueError):
            return False


class SuperuserOnlyAdmin(_AdminBase):
    """Mixin for the admin of an installation-wide model (users, Django's groups, sign-in records, task
    results; put it first among the bases): superusers only. For anyone else the model is not there:
    left off the index and every page answers 404, Django model permissions or not (these rows span
    every partnership, and the partnership role, not a model permission, is what opens the admin)."""

    def _superuser_or_404(self, request: HttpRequest) -> None:
        if not request.user.is_superuser:
            raise Http404("No such page")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        self._superuser_or_404(request)
        return super().changelist_view(request, extra_context)

    def add_view(self, request: HttpRequest, form_url: str = "",
                 extra_context: dict[str, Any] | None = None) -> HttpResponse:
        self._superuser_or_404(request)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        self._superuser_or_404(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request: HttpRequest, object_id: str,
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        self._superuser_or_404(request)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict[str, Any] | None = None) -> HttpResponse:
        self._superuser_or_404(request)
        return super().history_view(request, object_id, extra_context)


def superuser_only(model: type[models.Model], site: admin.AdminSite = admin.site) -> None:
    """Put SuperuserOnlyAdmin in front of the admin another app registered for `model`."""
    registered = type(site.get_model_admin(model))
    if issubclass(registered, SuperuserOnlyAdmin):
        return
    site.unregister(model)
    site.register(model, type(registered.__name__, (SuperuserOnlyAdmin, registered), {
        "__module__": __name__, "__doc__": registered.__doc__}))
