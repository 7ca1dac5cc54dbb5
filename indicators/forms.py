from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.html import format_html

from indicators.models import (
    ANSWER_FIELDS,
    YES_NEEDS_EVIDENCE,
    Bvpi225Answer,
    Bvpi225MonitoringEntry,
    Indicator,
    Target,
    Value,
)
from indicators.queries import describe_years, partnership_years
from partnerships.models import Area, Partnership
from partnerships.periods import Period, PeriodError, Quarter, parse_period, parse_year, split_period, year_label

AREA_ERRORS = {"invalid_choice": "That area is not part of this partnership: choose one of its areas."}


def _area_choices(form: forms.BaseForm, partnership: Partnership) -> None:
    """The area field offers the partnership's own areas only."""
    cast(forms.ModelChoiceField, form.fields["area"]).queryset = Area.objects.in_partnership(partnership)


class PeriodFigureForm(forms.Form):
    """Shared by values and targets: area, period, value, note, checked against the partnership."""

    id_prefix = "figure"
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False, empty_label="All areas",
                                  error_messages=AREA_ERRORS)
    period = forms.CharField(max_length=20,
                             help_text="A quarter such as 2009-10 Q3, or a financial year such as 2009-10")
    value = forms.DecimalField(max_digits=14, decimal_places=3, min_value=Decimal(0))
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, indicator: Indicator, partnership: Partnership,
                 instance: Value | Target | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"area": instance.area_id, "period": instance.period_label,
                                 "value": instance.value.normalize(), "note": instance.note}
        # Both forms sit on the indicator page: distinct ids keep every label tied to its own field.
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.partnership = partnership
        self.instance = instance
        _area_choices(self, partnership)
        if indicator.unit == Indicator.Unit.PERCENT:
            self.fields["value"].help_text = "A percentage, 0 to 100"

    def clean_period(self) -> Period:
        text = self.cleaned_data["period"]
        try:
            period = parse_period(text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        year = period.year_start if isinstance(period, Quarter) else period
        years = partnership_years(self.partnership)
        if year not in years:
            label = period.label if isinstance(period, Quarter) else year_label(period)
            raise forms.ValidationError(
                f"{label} is outside the partnership's plans: its strategies and plans cover {describe_years(years)}."
            )
        return period

    def clean_value(self) -> Decimal:
        value = self.cleaned_data["value"]
        if self.indicator.unit == Indicator.Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
            raise forms.ValidationError(
                f"{self.indicator.code} is a percentage: enter a figure from 0 to 100, not {value.normalize():f}."
            )
        return value

    def year_and_quarter(self) -> tuple[int, int | None]:
        return split_period(self.cleaned_data["period"])


class ValueForm(PeriodFigureForm):
    """A value of the indicator; a second value for the same area and period is refused, pointing at the first."""

    id_prefix = "value"
    year_to_date = forms.BooleanField(
        required=False, label="A year-to-date figure",
        help_text="For a quarter: the figure counts from April to the quarter's end (e.g. '3,395 to the end of "
                  "December'), not the quarter alone. A count is annualised before it is compared with a year's.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"area": instance.area_id, "period": instance.period_label,
                                 "value": instance.value.normalize(), "note": instance.note,
                                 "year_to_date": instance.year_to_date}
        super().__init__(*args, **kwargs)
        self.existing: Value | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = self._clean_clash()
        if cleaned.get("year_to_date") and "period" in cleaned and self.year_and_quarter()[1] is None:
            self.add_error("year_to_date", "A whole year's figure is the whole year: only a quarter's can be the "
                                           "year to date.")
        return cleaned

    def _clean_clash(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "period" not in cleaned or "area" not in cleaned:
            return cleaned
        year_start, quarter = self.year_and_quarter()
        area = cleaned["area"]
        clash = Value.objects.filter(indicator=self.indicator, area=area, year_start=year_start, quarter=quarter)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        self.existing = clash.first()
        if self.existing is not None:
            place = area.name if area else "all areas"
            raise forms.ValidationError(format_html(
                "There is already a value for {} in {}: {}. Change the existing value instead of adding another.",
                place, self.existing.period_label, self.indicator.format(self.existing.value),
            ))
        return cleaned


class TargetForm(PeriodFigureForm):
    id_prefix = "target"
    kind = forms.ChoiceField(choices=Target.Kind.choices, initial=Target.Kind.LOCAL)
    field_order = ["kind", "area", "period", "value", "note"]

    def __init__(self, *args: Any, instance: Target | None = None, **kwargs: Any) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None and not self.is_bound:
            self.initial["kind"] = instance.kind

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not {"period", "area", "kind"} <= cleaned.keys():
            return cleaned
        year_start, quarter = self.year_and_quarter()
        clash = Target.objects.filter(indicator=self.indicator, kind=cleaned["kind"], area=cleaned["area"],
                                      year_start=year_start, quarter=quarter)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                "There is already a target of that kind for that area and period: change it instead."
            )
        return cleaned


# BVPI 225

ANSWER_CHOICES = [("", "Not answered yet"), ("yes", "Yes"), ("no", "No")]


class AnswerForm(forms.ModelForm):
    year_end_answer = forms.TypedChoiceField(
        label="Year-end answer", choices=ANSWER_CHOICES, required=False,
        coerce=lambda v: {"yes": True, "no": False}.get(v), empty_value=None,
        help_text="Yes only when the goal is fully achieved, not while it is being worked towards.",
    )

    class Meta:
        model = Bvpi225Answer
        fields = ANSWER_FIELDS
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "milestones": forms.Textarea(attrs={"rows": 2}),
            "backed_up_by": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["year_end_answer"] = {True: "yes", False: "no"}.get(self.instance.year_end_answer, "")
        # Field ids must be unique on a page that may show several answers' forms.
        self.auto_id = f"id_q{self.instance.question.number}_%s" if self.instance.pk else "id_%s"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("year_end_answer") and not cleaned.get("backed_up_by", "").strip():
            self.add_error("backed_up_by", YES_NEEDS_EVIDENCE)
        return cleaned


class MonitoringForm(forms.ModelForm):
    class Meta:
        model = Bvpi225MonitoringEntry
        fields = ["label", "date", "text"]
        labels = {"label": "Heading", "text": "Monitoring note"}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, answer: Bvpi225Answer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer = answer
        self.auto_id = f"id_m{answer.question.number}_%s"
        self.fields["label"].help_text = "As the monitoring sheet heads its column, e.g. Oct-05"

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if Bvpi225MonitoringEntry.objects.filter(answer=self.answer, date=date).exists():
            raise forms.ValidationError("This answer already has a monitoring entry on that date.")
        return date


class StartAssessmentForm(forms.Form):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), error_messages=AREA_ERRORS, empty_label=None)
    year = forms.CharField(max_length=9, help_text="The financial year, e.g. 2006-07", label="Financial year")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _area_choices(self, partnership)

    def clean_year(self) -> int:
        try:
            return parse_year(self.cleaned_data["year"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
