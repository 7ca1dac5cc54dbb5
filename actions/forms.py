"""Forms of the actions pages. Each owns its validation and says plainly what is wrong."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from actions.models import Action, ActionPlan, Milestone, Objective, ProgressUpdate, Status, YearEndReview
from actions.timescale import Cadence, parse_timescale
from partnerships.limits import LONG_TEXT
from partnerships.models import Agency, Group, Person
from partnerships.periods import PeriodError, Quarter

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlainSelect(forms.Select):
    """A select rendered in one template (no template per option): the plan page draws the filter,
    with every objective, agency and person of the plan, on every view."""

    template_name = "actions/widgets/plain_select.html"


class PlanFilterForm(forms.Form):
    """The plan page's filter. It sits in the URL (GET) so a filtered view can be bookmarked."""

    q = forms.CharField(label="Search", required=False, max_length=200,
                        help_text="Words in the action, expected outcomes, by whom or reference")
    objective = forms.ChoiceField(required=False, widget=PlainSelect)
    agency = forms.ChoiceField(label="Lead agency", required=False, widget=PlainSelect)
    person = forms.ChoiceField(label="Lead person", required=False, widget=PlainSelect)
    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices], required=False, widget=PlainSelect)
    cadence = forms.ChoiceField(
        label="Timescale", required=False, widget=PlainSelect,
        choices=[("", "Any timescale"), ("dated", "A due date"),
                 *[(value, label) for value, label in Cadence.choices if value]],
    )
    due_from = forms.DateField(label="Due from", required=False, widget=DATE_WIDGET)
    due_to = forms.DateField(label="Due by", required=False, widget=DATE_WIDGET)
    overdue = forms.BooleanField(label="Overdue only", required=False)
    mine = forms.BooleanField(label="My actions only", required=False)

    def __init__(self, *args: Any, objectives: list[Objective], agencies: list[Agency], people: list[Person],
                 **kwargs: Any) -> None:
        """The choices come from lists the page has already read, so the form costs no queries."""
        super().__init__(*args, **kwargs)
        self.choices_by_id: dict[str, dict[str, Model]] = {
            "objective": {str(o.pk): o for o in objectives},
            "agency": {str(a.pk): a for a in agencies},
            "person": {str(p.pk): p for p in people},
        }
        self._choices("objective", [("", "Any objective")] + [
            (str(o.pk), f"{'– ' * o.level}{o.heading}: {o.title[:60]}") for o in objectives
        ])
        self._choices("agency", [("", "Any agency")] + [(str(a.pk), a.name) for a in agencies])
        self._choices("person", [("", "Anyone")] + [(str(p.pk), p.name) for p in people])
        for name in ("status", "cadence"):
            self.fields[name].error_messages["invalid_choice"] = "there is no such choice"
        for name in ("objective", "agency", "person"):
            # An id that is not a number, or belongs to another partnership, gets one plain message.
            self.fields[name].error_messages["invalid_choice"] = "there is no such choice in this plan"
        # Rendered field by field in plain markup (the page is already heavy; crispy costs ~5 ms a field).
        for f in self.fields.values():
            css = {"select": "form-select", "checkbox": "form-check-input"}.get(f.widget.input_type, "form-control") \
                if hasattr(f.widget, "input_type") else "form-select"
            f.widget.attrs["class"] = css

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def _clean_object(self, name: str) -> Any:
        raw = self.cleaned_data.get(name)
        return self.choices_by_id[name].get(raw) if raw else None

    def clean_objective(self) -> Objective | None:
        return self._clean_object("objective")

    def clean_agency(self) -> Agency | None:
        return self._clean_object("agency")

    def clean_person(self) -> Person | None:
        return self._clean_object("person")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        due_from, due_to = data.get("due_from"), data.get("due_to")
        if due_from and due_to and due_from > due_to:
            self.add_error("due_to", "the end of the due range is before its start")
            data.pop("due_to", None)
        return data

    def active(self) -> bool:
        return any(v not in (None, "", False) for v in getattr(self, "cleaned_data", {}).values())


def quarter_choices(plan: ActionPlan) -> list[tuple[str, str]]:
    return [(q.label, f"{q.label} ({q.months})") for q in plan.quarters()]


# Evidence files: what the extension claims must match what the bytes are.
EVIDENCE_TYPES = {
    ".pdf": "PDF", ".docx": "Word document", ".xlsx": "Excel workbook", ".png": "PNG image",
    ".jpg": "JPEG image", ".jpeg": "JPEG image", ".txt": "text file",
}


def _looks_like(extension: str, upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension in (".docx", ".xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        return ("word/document.xml" if extension == ".docx" else "xl/workbook.xml") in names
    if extension == ".txt":
        content = upload.read()
        upload.seek(0)
        if b"\x00" in content:
            return False
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            try:
                content.decode("cp1252")
            except UnicodeDecodeError:
                return False
        return True
    return False


def validate_evidence_file(upload: UploadedFile) -> None:
    allowed = ", ".join(sorted({e.lstrip(".") for e in EVIDENCE_TYPES}))
    extension = Path(upload.name or "").suffix.lower()
    if extension not in EVIDENCE_TYPES:
        raise forms.ValidationError(
            f"“{upload.name}” is not a file type the portal keeps as evidence. Allowed: {allowed}."
        )
    size = upload.size or 0
    if size > settings.EVIDENCE_MAX_BYTES:
        raise forms.ValidationError(
            f"“{upload.name}” is {filesizeformat(size)}; evidence files may be at most "
            f"{filesizeformat(settings.EVIDENCE_MAX_BYTES)}."
        )
    if not _looks_like(extension, upload):
        raise forms.ValidationError(
            f"“{upload.name}” is not a real {EVIDENCE_TYPES[extension]}: its content does not match its name."
        )


class ProgressForm(forms.Form):
    quarter = forms.ChoiceField()
    status = forms.ChoiceField(choices=Status.choices)
    narrative = forms.CharField(label="Progress this quarter", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                max_length=LONG_TEXT)
    barriers = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=LONG_TEXT)
    evidence = forms.CharField(label="Backed up by", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                               help_text="What the evidence is, e.g. a copy of the minutes", max_length=LONG_TEXT)
    evidence_file = forms.FileField(
        required=False,
        help_text=f"PDF, Word, Excel, PNG, JPEG or text; at most {filesizeformat(settings.EVIDENCE_MAX_BYTES)}",
    )

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.editing: ProgressUpdate | None = None  # the quarter's update this form corrects, if any
        cast(forms.ChoiceField, self.fields["quarter"]).choices = quarter_choices(plan)
        self.fields["evidence_file"].widget.attrs["accept"] = ",".join(EVIDENCE_TYPES)

    def clean_quarter(self) -> Quarter:
        try:
            quarter = Quarter.parse(self.cleaned_data["quarter"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if quarter not in self.plan.quarters():
            raise forms.ValidationError(f"{quarter.label} is not a quarter of the {self.plan.year_label} plan")
        return quarter

    def clean_evidence_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_evidence_file(upload)
        return upload


class ActionForm(forms.ModelForm):
    """A coordinator's edit of an action. `version` is the version the form was loaded at: the save is
    refused when the action has moved on since."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Action
        fields = [
            "ref", "objective", "aim", "description", "outcome", "responsibility", "responsibility_groups",
            "by_whom", "lead_agencies", "lead_people", "resources", "cost", "funding_source", "timescale",
            "baseline", "performance_measures", "outputs", "comments",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("aim", "outcome", "responsibility", "by_whom", "resources", "funding_source", "baseline",
                         "performance_measures", "outputs", "comments")
        } | {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"timescale": "A date (September 2009) or a cadence (Ongoing, Quarterly, 6 monthly ...)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action: Action = self.instance
        partnership = action.plan.strategy.partnership
        querysets = {
            "objective": action.plan.objectives.all(),
            "lead_agencies": Agency.objects.in_partnership(partnership),
            "lead_people": Person.objects.in_partnership(partnership),
            "responsibility_groups": Group.objects.in_partnership(partnership),
        }
        for name, queryset in querysets.items():
            cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset
        for name in ("lead_agencies", "lead_people", "responsibility_groups"):
            self.fields[name].widget.attrs["size"] = 6
        if not self.is_bound:
            self.initial["version"] = action.version
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save changes"))

    def clean_ref(self) -> str:
        ref = self.cleaned_data["ref"].strip()
        if ref and Action.objects.filter(plan=self.instance.plan, ref=ref).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"Another action of this plan already has the reference {ref}")
        return ref


class ReviewForm(forms.ModelForm):
    class Meta:
        model = YearEndReview
        fields = ["decision", "comment"]
        labels = {"decision": "Year-end decision", "comment": "Comments for next year's plan"}
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}


class RoundOpenForm(forms.Form):
    period = forms.ChoiceField(label="Plan and quarter")
    due_on = forms.DateField(label="Updates due by", required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, plans: list[ActionPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plans = {p.pk: p for p in plans}
        cast(forms.ChoiceField, self.fields["period"]).choices = [
            (f"{p.pk}:{q.label}", f"{p.title} — {q.label} ({q.months})") for p in plans for q in p.quarters()
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        raw = data.get("period")
        if raw:
            plan_id, label = raw.split(":", 1)
            data["plan"] = self.plans[int(plan_id)]
            data["quarter"] = Quarter.parse(label)
        due_on = data.get("due_on")
        if due_on and due_on < timezone.localdate() - dt.timedelta(days=1):
            self.add_error("due_on", "The due date is in the past")
        return data


class MilestoneForm(forms.ModelForm):
    """A milestone of an action: what, and when as the plan writes it. The due date is read from the
    timescale; a coordinator gives one only where the timescale names none they can use."""

    class Meta:
        model = Milestone
        fields = ["text", "timescale", "due_on"]
        labels = {"due_on": "Due date (optional)"}
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_on": DATE_WIDGET}
        help_texts = {
            "timescale": "A date (September 2009, 30/09/2024, Q3 2024/25); an unreadable one is kept as written",
            "due_on": "Leave blank to read it from the timescale",
        }
        error_messages = {"text": {"required": "Say what the milestone is."}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        milestone: Milestone = self.instance
        # A due date read from the timescale is not shown as given: a new timescale is read again.
        if milestone.pk and milestone.due_on == parse_timescale(milestone.timescale).due_date:
            self.initial["due_on"] = None

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Say what the milestone is.")
        return text


class MilestoneDoneForm(forms.Form):
    """Mark a milestone done (on a day, today by default) or open again."""

    done = forms.BooleanField(required=False)
    completed_on = forms.DateField(label="Done on", required=False, widget=DATE_WIDGET)

    def clean_completed_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("completed_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError("A milestone cannot be done on a day still to come.")
        return day
