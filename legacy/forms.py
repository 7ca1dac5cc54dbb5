from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from actions.models import Status
from legacy.diff.plan import CREATE_AGENCY
from legacy.layouts import layout_choices
from legacy.layouts.base import MAP_WORD_CHARS, MAP_WORDS
from legacy.layouts.mapped import FIELDS
from partnerships.models import Agency
from partnerships.periods import PeriodError, parse_year


class YearField(forms.CharField):
    def clean(self, value: Any) -> int:
        value = super().clean(value)
        try:
            return parse_year(value)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class UploadForm(forms.Form):
    file = forms.FileField(help_text="Excel (.xlsx, .xls), Word (.docx) or CSV/TSV, up to the upload limit")
    year = YearField(label="Plan year", max_length=9, help_text="The financial year of the plan, e.g. 2009-10")
    layout = forms.ChoiceField(choices=[("", "Detect from the headers")] + layout_choices(), required=False)

    def clean_file(self) -> UploadedFile:
        f = self.cleaned_data["file"]
        if f.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {f.size / 1024 / 1024:.1f} MB; "
                f"the limit is {settings.IMPORT_MAX_BYTES / 1024 / 1024:.0f} MB."
            )
        return f


# The header choices offered for each mapped field: no more than this many columns, and no cell
# longer than a header could be (a paragraph of text in the header row is no header). Each of the
# ~20 mapping fields offers the same choices, so the page grows with their product.
HEADER_CHOICES = 200
LEAD_PARTS = 100  # lead parts matching no agency offered a choice on the preview
LEAD_PART_CHARS = 200
HEADER_CHARS = 200


def header_choices(headers: list[str]) -> list[tuple[str, str]]:
    """The file's headers as choices: blank, repeated and overlong ones left out, the first
    settings.IMPORT_HEADER_CHOICES (default 200) kept."""
    limit = getattr(settings, "IMPORT_HEADER_CHOICES", HEADER_CHOICES)
    choices: list[tuple[str, str]] = [("", "(not in this file)")]
    seen: set[str] = set()
    for header in headers:
        if len(choices) > limit:
            break
        if header and len(header) <= HEADER_CHARS and header not in seen:
            seen.add(header)
            choices.append((header, header))
    return choices


class PreviewForm(forms.Form):
    """Carries the pending upload between preview and confirm; the mapping fields are optional and
    offer the file's headers (header_choices: capped, whatever the file holds)."""

    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    file_name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    year = YearField(widget=forms.HiddenInput, max_length=9)
    layout = forms.ChoiceField(choices=layout_choices())

    def __init__(self, *args: Any, headers: list[str] | None = None, status_words: list[str] | None = None,
                 lead_parts: list[tuple[str, str, list[Agency]]] | None = None, agencies: list[Agency] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = header_choices(headers or [])
        for name in FIELDS:
            self.fields[f"map_{name}"] = forms.ChoiceField(label=name.replace("_", " "), choices=choices,
                                                           required=False)
        # The status value map: a hidden word (status_key) and the status chosen for it, a pair per
        # distinct status word of the file; posted back, the words come with the answers.
        if self.is_bound:
            count = next((i for i in range(MAP_WORDS + 1) if f"status_word_{i}" not in self.data), MAP_WORDS)
            words = [str(self.data.get(f"status_word_{i}", "")) for i in range(count)]
        else:
            words = list(status_words or [])[:MAP_WORDS]
        statuses = [("", "No status (kept in the comments)"), *Status.choices]
        for i, word in enumerate(words):
            self.fields[f"status_word_{i}"] = forms.CharField(widget=forms.HiddenInput, max_length=MAP_WORD_CHARS,
                                                              initial=word)
            self.fields[f"status_{i}"] = forms.ChoiceField(label=word, choices=statuses, required=False)
        self.status_count = len(words)
        # The lead parts matching no agency: a hidden part and the choice for it (keep as text,
        # create an agency, or one of the partnership's agencies, the closest first).
        everyone = [(str(a.pk), a.name) for a in agencies or []]
        if self.is_bound:
            count = next((i for i in range(LEAD_PARTS + 1) if f"lead_part_{i}" not in self.data), LEAD_PARTS)
            parts: list[tuple[str, str, list[Agency]]] = [(str(self.data.get(f"lead_part_{i}", "")), "", [])
                                                          for i in range(count)]
        else:
            parts = list(lead_parts or [])[:LEAD_PARTS]
        for i, (part, text, candidates) in enumerate(parts):
            first = [(str(a.pk), f"{a.name} (close)") for a in candidates]
            offered = {pk for pk, _ in first}
            self.fields[f"lead_part_{i}"] = forms.CharField(widget=forms.HiddenInput, max_length=LEAD_PART_CHARS,
                                                            initial=part)
            self.fields[f"lead_{i}"] = forms.ChoiceField(
                label=text or part, required=False,
                choices=[("", "Keep as text"), (CREATE_AGENCY, f"Create agency '{text or part}'"), *first,
                         *(c for c in everyone if c[0] not in offered)])
        self.lead_count = len(parts)

    def lead_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(hidden part, choice) for each lead part matching no agency."""
        return [(self[f"lead_part_{i}"], self[f"lead_{i}"]) for i in range(self.lead_count)]

    def lead_map(self) -> dict[str, str]:
        """lead part -> an agency's id, "create" or "" (kept as text), as the services take it."""
        return {self.cleaned_data[f"lead_part_{i}"]: self.cleaned_data.get(f"lead_{i}") or ""
                for i in range(self.lead_count) if self.cleaned_data.get(f"lead_part_{i}")}

    def status_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(hidden word, status choice) for each word of the value map."""
        return [(self[f"status_word_{i}"], self[f"status_{i}"]) for i in range(self.status_count)]

    def status_map(self) -> dict[str, str]:
        """status word -> the status chosen ("" for none), as the services take it."""
        return {self.cleaned_data[f"status_word_{i}"]: self.cleaned_data.get(f"status_{i}") or ""
                for i in range(self.status_count) if self.cleaned_data.get(f"status_word_{i}")}

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"map_{name}"] for name in FIELDS if self.cleaned_data.get(f"map_{name}")}
