from django.contrib import admin
from django.core.exceptions import ValidationError
from import_export import fields
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
from partnerships.admin_scoping import PartnershipScopedAdmin
from partnerships.models import Area
from partnerships.resources import AllOrNothingResource, PartnershipForeignKeyWidget


class ValueResource(AllOrNothingResource):
    """Indicator values as a flat table: partnership, indicator (code), area (slug, empty for all
    areas), year_start, quarter (empty for the whole year), value, note."""

    partnership = fields.Field(column_name="partnership", readonly=True)
    indicator = fields.Field(attribute="indicator", column_name="indicator", widget=PartnershipForeignKeyWidget(Indicator, "code"))
    area = fields.Field(attribute="area", column_name="area", widget=PartnershipForeignKeyWidget(Area, "slug"))

    class Meta:
        model = Value
        fields = ["partnership", "indicator", "area", "year_start", "quarter", "value", "note"]
        import_id_fields = ["indicator", "area", "year_start", "quarter"]
        skip_unchanged = True
        use_transactions = True

    def dehydrate_partnership(self, value: Value) -> str:
        return value.indicator.partnership.slug

    def before_save_instance(self, instance: Value, row, **kwargs) -> None:
        # The model's rules (a quarter 1..4, no negative figure, ...) and the entry form's (a
        # percentage within 0..100) apply to imports too.
        instance.full_clean(exclude=["recorded_by"], validate_unique=False)
        if instance.indicator.unit == Indicator.Unit.PERCENT and instance.value > 100:
            raise ValidationError({"value": f"{instance.value}% is over 100% for {instance.indicator.code}, a percentage"})


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
class ValueAdmin(PartnershipScopedAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
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
