"""django-import-export resources for the flat tables superusers bring in through the admin."""

from typing import Any

from django.core.exceptions import ValidationError
from import_export import fields

from indicators.models import Indicator, Value
from partnerships.models import Area
from partnerships.resources import AllOrNothingResource, PartnershipForeignKeyWidget


class ValueResource(AllOrNothingResource):
    """Indicator values as a flat table: partnership, indicator (code), area (slug, empty for all
    areas), year_start, quarter (empty for the whole year), value, note."""

    partnership = fields.Field(column_name="partnership", readonly=True)
    indicator = fields.Field(attribute="indicator", column_name="indicator",
                             widget=PartnershipForeignKeyWidget(Indicator, "code"))
    area = fields.Field(attribute="area", column_name="area", widget=PartnershipForeignKeyWidget(Area, "slug"))

    class Meta:
        model = Value
        fields = ["partnership", "indicator", "area", "year_start", "quarter", "value", "note"]
        import_id_fields = ["indicator", "area", "year_start", "quarter"]
        skip_unchanged = True
        use_transactions = True

    def dehydrate_partnership(self, value: Value) -> str:
        return value.indicator.partnership.slug

    def before_save_instance(self, instance: Value, row: Any, **kwargs: Any) -> None:
        # The model's rules (a quarter 1..4, no negative figure, ...) and the entry form's (a
        # percentage within 0..100) apply to imports too.
        instance.full_clean(exclude=["recorded_by"], validate_unique=False)
        if instance.indicator.unit == Indicator.Unit.PERCENT and instance.value > 100:
            raise ValidationError(
                {"value": f"{instance.value}% is over 100% for {instance.indicator.code}, a percentage"}
            )
