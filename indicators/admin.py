from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import (
    Bvpi225Answer,
    Bvpi225Assessment,
    Bvpi225MonitoringEntry,
    Bvpi225Question,
    Indicator,
    Target,
    Value,
)
from indicators.resources import ValueResource
from partnerships.admin_export import SafeExportAdmin
from partnerships.admin_scoping import PartnershipScopedAdmin


class TargetInline(PartnershipScopedAdmin, admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "polarity", "partnership", "source_agency"]
    list_filter = ["partnership", "unit", "polarity"]
    search_fields = ["code", "name", "definition"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["indicator", "kind", "area", "period_label", "value", "note"]
    list_filter = ["indicator__partnership", "kind", "year_start"]
    list_select_related = ["indicator", "area"]


@admin.register(Value)
class ValueAdmin(PartnershipScopedAdmin, SafeExportAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ValueResource]
    list_display = ["indicator", "area", "period_label", "value", "note"]
    list_filter = ["indicator__partnership", "indicator", "area", "year_start"]
    search_fields = ["indicator__code", "indicator__name", "note"]
    list_select_related = ["indicator", "area"]


@admin.register(Bvpi225Question)
class QuestionAdmin(PartnershipScopedAdmin, admin.ModelAdmin):
    list_display = ["number", "text"]
    search_fields = ["text", "definition"]


class AnswerInline(PartnershipScopedAdmin, admin.StackedInline):
    model = Bvpi225Answer
    extra = 0
    show_change_link = True


@admin.register(Bvpi225Assessment)
class AssessmentAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["area", "year_label", "partnership", "score_display"]
    list_filter = ["partnership", "year_start"]
    inlines = [AnswerInline]


class MonitoringInline(PartnershipScopedAdmin, admin.TabularInline):
    model = Bvpi225MonitoringEntry
    extra = 0


@admin.register(Bvpi225Answer)
class AnswerAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["assessment", "question", "year_end_answer", "progress", "signed_off_by"]
    list_filter = ["assessment__partnership", "assessment", "year_end_answer"]
    search_fields = ["notes", "backed_up_by"]
    list_select_related = ["assessment__area", "question"]
    inlines = [MonitoringInline]
