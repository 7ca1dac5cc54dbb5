from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.models import (
    Action,
    ActionPlan,
    Milestone,
    Objective,
    ProgressUpdate,
    QuarterLock,
    Strategy,
    StrategyApproval,
    StrategyRevision,
    UpdateRound,
    YearEndReview,
)
from partnerships.admin_scoping import PartnershipScopedAdmin


class RevisionInline(PartnershipScopedAdmin, admin.StackedInline):
    model = StrategyRevision
    extra = 0
    show_change_link = True


@admin.register(Strategy)
class StrategyAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "partnership", "period_start", "period_end", "status"]
    list_filter = ["partnership", "status"]
    search_fields = ["title", "vision"]
    inlines = [RevisionInline]


class ApprovalInline(PartnershipScopedAdmin, admin.TabularInline):
    model = StrategyApproval
    extra = 0


@admin.register(StrategyRevision)
class StrategyRevisionAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["label", "strategy", "drafted_on", "consultation_ends"]
    list_filter = ["strategy__partnership"]
    inlines = [ApprovalInline]


@admin.register(ActionPlan)
class ActionPlanAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "strategy", "year_label", "action_label"]
    list_filter = ["strategy__partnership"]
    search_fields = ["title"]


@admin.register(Objective)
class ObjectiveAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["heading", "short_title", "plan", "parent", "level"]
    list_filter = ["plan__strategy__partnership", "plan", "level"]
    search_fields = ["ref", "title", "description"]
    list_select_related = ["plan", "parent"]

    @admin.display(description="title")
    def short_title(self, obj: Objective) -> str:
        return obj.title[:100]


class ProgressUpdateInline(PartnershipScopedAdmin, admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = ["year_start", "quarter", "status", "narrative", "barriers", "evidence", "evidence_file", "author",
              "author_name", "recorded_at"]


class MilestoneInline(PartnershipScopedAdmin, admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["order", "text", "timescale", "due_on", "completed_on"]


class ReviewInline(PartnershipScopedAdmin, admin.StackedInline):
    model = YearEndReview
    extra = 0


@admin.register(Action)
class ActionAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["ref", "short_description", "objective", "status", "timescale", "due_date", "cost", "plan"]
    list_filter = ["plan__strategy__partnership", "plan", "status", "cadence"]
    search_fields = ["ref", "description", "by_whom", "responsibility", "outcome"]
    list_select_related = ["objective", "plan"]
    filter_horizontal = ["lead_agencies", "lead_people", "responsibility_groups"]
    inlines = [MilestoneInline, ProgressUpdateInline, ReviewInline]

    @admin.display(description="action")
    def short_description(self, obj: Action) -> str:
        return obj.description[:100]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["action", "year_start", "quarter", "status", "author_display", "recorded_at"]
    list_filter = ["action__plan__strategy__partnership", "status", "year_start", "quarter"]
    search_fields = ["narrative", "barriers", "evidence", "action__ref", "action__description"]
    list_select_related = ["action", "author"]


@admin.register(YearEndReview)
class YearEndReviewAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["action", "decision", "decided_at"]
    list_filter = ["decision", "action__plan"]
    search_fields = ["comment", "action__description"]


@admin.register(UpdateRound)
class UpdateRoundAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["plan", "year_start", "quarter", "opened_by", "opened_at", "due_on", "closed_at"]
    list_filter = ["plan__strategy__partnership"]


@admin.register(QuarterLock)
class QuarterLockAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["plan", "year_start", "quarter", "locked_at", "locked_by", "reopened_at", "reopened_by"]
    list_filter = ["plan__strategy__partnership"]
