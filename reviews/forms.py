from __future__ import annotations

from typing import Any, cast

from django import forms

from partnerships.limits import LONG_TEXT
from partnerships.models import Agency, Partnership, Person
from reviews.models import (
    RECOMMENDATION_FIELDS,
    REVIEW_FIELDS,
    ManagementReview,
    PanelMember,
    Recommendation,
    Review,
    Theme,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")



def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class ReviewForm(forms.ModelForm):
    """A review and its dated stages (Review.clean: no stage dated before the stage it follows)."""

    class Meta:
        model = Review
        fields = REVIEW_FIELDS
        widgets = {name: DATE for name in REVIEW_FIELDS if name.endswith("_on")} | {
            "decision_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        _choices(self, "notified_by").queryset = Agency.objects.in_partnership(partnership)
        self.fields["notified_by"].error_messages["invalid_choice"] = "Choose one of this partnership's agencies."

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        clash = Review.objects.in_partnership(self.partnership).filter(reference__iexact=reference)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"This partnership already has a review {reference}.")
        return reference


class RecommendationForm(forms.ModelForm):
    new_themes = forms.CharField(
        label="New themes", required=False,
        help_text="Themes not in the list yet, separated by commas (e.g. 'risk assessment, information sharing')",
    )

    class Meta:
        model = Recommendation
        fields = RECOMMENDATION_FIELDS
        widgets = {
            "target_date": DATE,
            "text": forms.Textarea(attrs={"rows": 3}),
            "action_agreed": forms.Textarea(attrs={"rows": 3}),
            "milestones": forms.Textarea(attrs={"rows": 2}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review = review
        partnership = review.partnership
        _choices(self, "agency").queryset = Agency.objects.in_partnership(partnership)
        _choices(self, "themes").queryset = Theme.objects.in_partnership(partnership)
        for name in ("agency", "themes"):
            self.fields[name].error_messages["invalid_choice"] = "Choose one of this partnership's own."
            self.fields[name].error_messages["invalid_pk_value"] = "Choose one of this partnership's own."

    def clean_ref(self) -> str:
        ref = self.cleaned_data["ref"].strip()
        clash = self.review.recommendations.filter(ref__iexact=ref)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"{self.review.reference} already has a recommendation {ref}.")
        return ref

    def clean_new_themes(self) -> list[str]:
        names = [" ".join(n.split()) for n in self.cleaned_data["new_themes"].split(",")]
        names = [n for n in names if n]
        too_long = [n for n in names if len(n) > 80]
        if too_long:
            raise forms.ValidationError(f"A theme has at most 80 characters: \"{too_long[0][:40]}...\" is longer.")
        return list(dict.fromkeys(names))

class RecommendationStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Recommendation.Status.choices)
    evidence = forms.CharField(label="Evidence of completion", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="Needed to accept the recommendation as completed", max_length=LONG_TEXT)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == Recommendation.Status.COMPLETED and not cleaned.get("evidence", "").strip():
            self.add_error("evidence", "Give the evidence of completion before accepting it as completed.")
        return cleaned


class PanelMemberForm(forms.ModelForm):
    class Meta:
        model = PanelMember
        fields = ["person", "agency", "role"]

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "panel-%s")
        super().__init__(*args, **kwargs)
        self.review = review
        _choices(self, "person").queryset = Person.objects.in_partnership(review.partnership)
        _choices(self, "agency").queryset = Agency.objects.in_partnership(review.partnership)
        for name in ("person", "agency"):
            self.fields[name].error_messages["invalid_choice"] = "Choose one of this partnership's own."
        self.fields["agency"].help_text = "Leave blank for the person's own agency"

    def clean_person(self) -> Person:
        person = self.cleaned_data["person"]
        if self.review.panel.filter(person=person).exists():
            raise forms.ValidationError(f"{person} is on the panel already.")
        return person


class ManagementReviewForm(forms.ModelForm):
    """An IMR asked of an agency; asking the same agency again records when it was received."""

    class Meta:
        model = ManagementReview
        fields = ["agency", "requested_on", "received_on"]
        widgets = {"requested_on": DATE, "received_on": DATE}
        labels = {"requested_on": "Requested", "received_on": "Received"}

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "imr-%s")
        super().__init__(*args, **kwargs)
        self.review = review
        _choices(self, "agency").queryset = Agency.objects.in_partnership(review.partnership)
        self.fields["agency"].error_messages["invalid_choice"] = "Choose one of this partnership's agencies."

    def validate_unique(self) -> None:
        pass  # the service records a second request of one agency as a change to the first

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        requested, received = cleaned.get("requested_on"), cleaned.get("received_on")
        if requested and received and received < requested:
            self.add_error("received_on", f"Received ({received:%d/%m/%Y}) cannot be before requested "
                                          f"({requested:%d/%m/%Y}).")
        return cleaned


class PanelMeetingForm(forms.Form):
    date = forms.DateField(widget=DATE)
    note = forms.CharField(max_length=200, required=False)

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "meeting-%s")
        super().__init__(*args, **kwargs)
        self.review = review

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        if self.review.meetings.filter(date=date).exists():
            raise forms.ValidationError(f"A panel meeting on {date:%d/%m/%Y} is recorded already.")
        if date < self.review.notified_on:
            raise forms.ValidationError(f"The review was notified on {self.review.notified_on:%d/%m/%Y}: "
                                        "a panel meeting cannot be before that.")
        return date
