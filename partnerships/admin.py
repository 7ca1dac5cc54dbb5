from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.admin_export import SafeExportAdmin
from partnerships.admin_scoping import PartnershipScopedAdmin, superuser_only
from partnerships.models import Agency, Area, Group, GroupMember, Meeting, Membership, Partnership, Person
from partnerships.resources import AgencyResource, MembershipResource

# Installation-wide models other apps register (apps listed before this one in INSTALLED_APPS): users
# and Django's permission groups, sign-in attempts and logs, e-mail addresses, second factors and
# single sign-on accounts, background task results. They span every partnership, so only superusers
# see them; to a partnership admin their pages are not there (404).
INSTALLATION_WIDE_APPS = {"auth", "axes", "account", "mfa", "socialaccount", "django_tasks_database"}
for model in [m for m in admin.site._registry if m._meta.app_label in INSTALLATION_WIDE_APPS]:
    superuser_only(model)


class AreaInline(PartnershipScopedAdmin, admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AreaInline]


@admin.register(Area)
class AreaAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "partnership", "population"]
    list_filter = ["partnership"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(PartnershipScopedAdmin, SafeExportAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [AgencyResource]
    list_display = ["name", "short_name", "kind", "partnership"]
    list_filter = ["partnership", "kind"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "initials", "job_title", "agency", "partnership", "user"]
    list_filter = ["partnership"]
    search_fields = ["name", "initials", "job_title"]
    autocomplete_fields = ["agency", "user"]


@admin.register(Membership)
class MembershipAdmin(PartnershipScopedAdmin, SafeExportAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [MembershipResource]
    list_display = ["user", "partnership", "role", "agency", "person"]
    list_filter = ["partnership", "role"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    autocomplete_fields = ["user", "agency", "person"]


class GroupMemberInline(PartnershipScopedAdmin, admin.TabularInline):
    model = GroupMember
    extra = 0
    autocomplete_fields = ["person", "agency"]


@admin.register(Group)
class GroupAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "partnership", "area", "accountable_to", "frequency", "review_date"]
    list_filter = ["partnership", "frequency"]
    search_fields = ["name", "short_name", "purpose"]
    inlines = [GroupMemberInline]


@admin.register(Meeting)
class MeetingAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["group", "date", "host", "quorate"]
    list_filter = ["group__partnership", "group"]
    date_hierarchy = "date"
    filter_horizontal = ["attendees"]

    @admin.display(boolean=True)
    def quorate(self, obj: Meeting) -> bool | None:
        return obj.is_quorate()
