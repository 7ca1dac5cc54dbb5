"""django-import-export resources for the flat tables admins bring in through the admin."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from import_export import fields, resources, widgets
from import_export.results import Result

from partnerships.models import Agency, Membership, Partnership


class PartnershipForeignKeyWidget(widgets.ForeignKeyWidget):
    """An indicator or area named by code / slug within the row's partnership: codes such as
    "NI 32" repeat across partnerships, so the row's partnership column says whose it is."""

    def get_queryset(self, value: Any, row: dict[str, Any] | None, *args: Any, **kwargs: Any) -> QuerySet:
        return self.model.objects.filter(partnership__slug=(row or {}).get("partnership") or "")

    def clean(self, value: Any, row: dict[str, Any] | None = None, **kwargs: Any) -> Model | None:
        if value in (None, ""):
            return None
        slug = (row or {}).get("partnership") or ""
        if not slug:
            raise ValueError("the row has no partnership (a partnership slug, such as 'bedfordshire')")
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"{self.model._meta.verbose_name} '{value}' is not one of partnership '{slug}'s") from None


class AllOrNothingResource(resources.ModelResource):
    """A file with one invalid row writes none of its rows: django-import-export rolls back on row
    errors, and here on validation errors too (its default keeps the valid rows)."""

    def import_data(self, dataset: Any, dry_run: bool = False, raise_errors: bool = False,
                    use_transactions: bool | None = None, collect_failed_rows: bool = False,
                    rollback_on_validation_errors: bool = True, **kwargs: Any) -> Result:
        return super().import_data(dataset, dry_run, raise_errors, use_transactions, collect_failed_rows,
                                   rollback_on_validation_errors, **kwargs)


class AgencyResource(resources.ModelResource):
    partnership = fields.Field(
        attribute="partnership", column_name="partnership", widget=widgets.ForeignKeyWidget(Partnership, "slug")
    )

    class Meta:
        model = Agency
        fields = ["partnership", "name", "short_name", "kind"]
        import_id_fields = ["partnership", "name"]
        skip_unchanged = True
        report_skipped = True


class MembershipResource(AllOrNothingResource):
    """Users and their place in a partnership, one row each: username, email, first_name,
    last_name, partnership (slug), role, agency (name, within the partnership). A username the
    portal does not know yet becomes a new user with no password: they set one through "forgotten
    password", so no password ever travels in a spreadsheet."""

    partnership = fields.Field(
        attribute="partnership", column_name="partnership", widget=widgets.ForeignKeyWidget(Partnership, "slug")
    )
    user = fields.Field(
        attribute="user", column_name="username", widget=widgets.ForeignKeyWidget(get_user_model(), "username")
    )
    email = fields.Field(column_name="email", readonly=True)
    first_name = fields.Field(column_name="first_name", readonly=True)
    last_name = fields.Field(column_name="last_name", readonly=True)
    agency = fields.Field(attribute="agency", column_name="agency", widget=PartnershipForeignKeyWidget(Agency, "name"))

    class Meta:
        model = Membership
        fields = ["username", "email", "first_name", "last_name", "partnership", "role", "agency"]
        import_id_fields = ["partnership", "user"]
        skip_unchanged = True
        use_transactions = True

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        username = (row.get("username") or "").strip()
        if not username:
            raise ValueError("the row has no username")
        details = {k: (row.get(k) or "").strip() for k in ("email", "first_name", "last_name")}
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = get_user_model()(username=username, **details)
            user.set_unusable_password()
            user.full_clean(exclude=["password"])
            user.save()
        else:
            changed = {k: v for k, v in details.items() if v and getattr(user, k) != v}
            if changed:
                for k, v in changed.items():
                    setattr(user, k, v)
                user.full_clean(exclude=["password"])
                user.save(update_fields=list(changed))

    def before_save_instance(self, instance: Membership, row: Any, **kwargs: Any) -> None:
        instance.full_clean(validate_unique=False)

    def dehydrate_email(self, membership: Membership) -> str:
        return membership.user.email

    def dehydrate_first_name(self, membership: Membership) -> str:
        return membership.user.first_name

    def dehydrate_last_name(self, membership: Membership) -> str:
        return membership.user.last_name
