from __future__ import annotations

from typing import Any

from django import forms

from marac.services import MAX_ROWS
from partnerships.models import Area, Partnership

MAX_UPLOAD_BYTES = 512 * 1024


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
        field.widget.attrs.setdefault("class", css)


class MaracForm(forms.Form):
    name = forms.CharField(max_length=200)
    area = forms.ModelChoiceField(queryset=Area.objects.none(), empty_label=None,
                                  help_text="The area whose figures the MARAC's are")
    adult_female_population = forms.IntegerField(min_value=1, max_value=20_000_000,
                                                 label="Adult female population (16 and over)")
    population_source = forms.CharField(max_length=200, required=False, help_text="e.g. Census 2021, ONS")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "marac-%s")
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = Area.objects.in_partnership(partnership).filter(marac__isnull=True)
        _styled(self)


class ImportForm(forms.Form):
    csv_file = forms.FileField(label="CSV file of a quarter's figures",
                               help_text=f"One row per MARAC and quarter, at most {MAX_ROWS} rows")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "import-%s")
        super().__init__(*args, **kwargs)
        _styled(self)

    def clean_csv_file(self) -> str:
        upload = self.cleaned_data["csv_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is {upload.size:,} bytes; at most {MAX_UPLOAD_BYTES:,}.")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                "The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8."
            ) from exc
