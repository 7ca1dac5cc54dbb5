from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from legacy.layouts import layout_choices
from legacy.layouts.mapped import FIELDS
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

    def __init__(self, *args: Any, headers: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = header_choices(headers or [])
        for name in FIELDS:
            self.fields[f"map_{name}"] = forms.ChoiceField(label=name.replace("_", " "), choices=choices,
                                                           required=False)

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"map_{name}"] for name in FIELDS if self.cleaned_data.get(f"map_{name}")}
