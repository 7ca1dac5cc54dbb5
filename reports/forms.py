from __future__ import annotations

from typing import Any, cast

from django import forms

from actions.models import ActionPlan
from partnerships.models import Group, Partnership
from partnerships.periods import Quarter


def quarter_choices(plans: list[ActionPlan]) -> list[tuple[str, str]]:
    """One choice per quarter of each plan: value "<plan id>:<quarter number>"."""
    return [
        (f"{plan.pk}:{n}", f"{Quarter(plan.year_start, n).label} ({Quarter(plan.year_start, n).months}) - {plan.title}")
        for plan in plans for n in (1, 2, 3, 4)
    ]


class PlanQuarterForm(forms.Form):
    """Which plan and quarter; cleaned_data gives plan and quarter."""

    period = forms.ChoiceField(label="Plan and quarter")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plans = list(
            ActionPlan.objects.in_partnership(partnership).select_related("strategy__partnership")
            .order_by("-year_start", "strategy__title")
        )
        cast(forms.ChoiceField, self.fields["period"]).choices = quarter_choices(self.plans)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        value = cleaned.get("period")
        if value:
            plan_id, number = value.split(":")
            plan = next(p for p in self.plans if str(p.pk) == plan_id)
            cleaned["plan"] = plan
            cleaned["quarter"] = Quarter(plan.year_start, int(number))
        return cleaned


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return obj.name + (f" ({obj.area})" if obj.area_id else " (all areas)")


WHOLE_PARTNERSHIP = "The whole partnership (the whole plan, all areas)"


class ReturnChoiceForm(PlanQuarterForm):
    """Plan, quarter and group; with whole_partnership, the group may be left empty (cleaned_data's
    group is then None: the whole partnership's return)."""

    group = GroupChoiceField(queryset=Group.objects.none(), label="For the group", to_field_name="slug",
                             empty_label=None, widget=forms.Select(attrs={"class": "form-select"}))

    annex = forms.BooleanField(
        required=False, label="Add the action plan in full as an annex",
        help_text="Each action's full text and latest update after the return; without it the plan is one line "
                  "per action (a board pack).",
    )

    def __init__(self, *args: Any, partnership: Partnership, groups: list[Group], whole_partnership: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["group"])
        field.queryset = Group.objects.filter(pk__in=[g.pk for g in groups]).select_related("area")
        if whole_partnership:
            field.required = False
            field.empty_label = WHOLE_PARTNERSHIP


class ReopenForm(PlanQuarterForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
        help_text="Why progress in this quarter must change after the return was issued; printed in the next return.",
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for reopening the quarter.")
        return reason
