from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.admin_scoping import PartnershipScopedAdmin
from reviews.models import ManagementReview, PanelMeeting, PanelMember, Recommendation, Review, Theme


class PanelMemberInline(PartnershipScopedAdmin, admin.TabularInline):
    model = PanelMember
    extra = 0


class PanelMeetingInline(PartnershipScopedAdmin, admin.TabularInline):
    model = PanelMeeting
    extra = 0


class ManagementReviewInline(PartnershipScopedAdmin, admin.TabularInline):
    model = ManagementReview
    extra = 0


@admin.register(Review)
class ReviewAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["reference", "pseudonym", "kind", "partnership", "notified_on", "decision", "published_on"]
    list_filter = ["partnership", "kind", "decision"]
    search_fields = ["reference", "pseudonym"]
    inlines = [PanelMemberInline, PanelMeetingInline, ManagementReviewInline]


@admin.register(Recommendation)
class RecommendationAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["review", "ref", "scope", "agency", "addressed_to", "status", "target_date"]
    list_filter = ["review__partnership", "scope", "status"]
    search_fields = ["ref", "text", "action_agreed"]


@admin.register(Theme)
class ThemeAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["name"]
