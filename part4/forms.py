from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from part4.models import VERSION_FIELDS, Board, Document, Version
from part4.returns import ITEMS, SECTIONS, consistency_errors
from partnerships.limits import LONG_TEXT
from partnerships.models import Group, GroupMember, Partnership
from partnerships.periods import parse_year, year_label, year_of

FIRST_YEAR = 2021  # the duties came into force on 1 October 2021


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BoardForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = ["group", "council", "has_districts", "appointed_on"]
        widgets = {"appointed_on": DateInput()}
        labels = {"group": "Governance group"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Group.objects.in_partnership(partnership).filter(part4_board__isnull=True)
        field.help_text = "The group that acts as the council's Local Partnership Board (s58)"

    def validate_unique(self) -> None:
        """The service reports a clash by name."""


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.name} ({obj.agency})" if obj.agency_id else obj.person.name


class SeatForm(forms.Form):
    member = MemberChoiceField(queryset=GroupMember.objects.none(), label="Member of the board")
    category = forms.ChoiceField(choices=[], label="Represents")

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ModelChoiceField)
        member.queryset = board.group.members.select_related("person", "agency")
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "---------"), *[(c.value, c.label) for c in board.required_categories()]]


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title"]


class VersionForm(forms.ModelForm):
    class Meta:
        model = Version
        fields = VERSION_FIELDS
        widgets = {name: DateInput() for name in ("consulted_on", "published_on", "reviewed_on")} | {
            "consultation_outcome": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}

    def validate_unique(self) -> None:
        """The service reports a clash by name."""


class ReturnYearForm(forms.Form):
    year = forms.CharField(label="Year (April to March)", max_length=9, help_text="e.g. 2024-25")

    def clean_year(self) -> int:
        try:
            year = parse_year(self.cleaned_data["year"].strip())
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if year < FIRST_YEAR:
            raise forms.ValidationError(
                f"The Part 4 duty began in October 2021: the first return is for {year_label(FIRST_YEAR)}.")
        if year > year_of(timezone.localdate()):
            raise forms.ValidationError(f"{year_label(year)} has not begun yet.")
        return year


class AnnualReturnForm(forms.Form):
    """One field per item of the return (a whole number, 0 or more; empty: not given), grouped by section;
    totals are checked against their parts (part4.returns)."""

    submitted_on = forms.DateField(label="Submitted to the department", required=False, widget=DateInput(),
                                   help_text="Every mandatory item must be given before the return is submitted")
    notes = forms.CharField(required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item.code] = forms.IntegerField(
                label=item.label, required=False, min_value=0,
                help_text="Mandatory" if item.mandatory else "Voluntary",
                error_messages={"invalid": f"{item.label}: enter a whole number (0 or more).",
                                "min_value": f"{item.label} cannot be negative."},
                widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
            )

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(section, [self[item.code] for item in ITEMS if item.section == section.key]) for section in SECTIONS]

    def figures(self) -> dict[str, int | None]:
        return {item.code: self.cleaned_data.get(item.code) for item in ITEMS}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(self.has_error(item.code) for item in ITEMS):
            for code, message in consistency_errors(self.figures(), complete=bool(cleaned.get("submitted_on"))).items():
                self.add_error(code, message)
        return cleaned
