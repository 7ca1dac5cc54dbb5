"""The reporting calendar's form: days as numbers, reminders as comma-separated lists of days."""

from __future__ import annotations

from typing import Any

from django import forms

from partnerships.numbers import parse_whole
from schedules.models import ReportingCalendar


class DaysField(forms.CharField):
    """"7" or "1, 5": whole days from 1 to 90, each once."""

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        text = super().to_python(value) or ""
        days: list[int] = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            day = parse_whole(part)
            if day is None or not 1 <= day <= 90:
                raise forms.ValidationError(f"'{part}' is not a number of days from 1 to 90; write them as 1, 5")
            days.append(day)
        return sorted(set(days))

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value or "")


class CalendarForm(forms.ModelForm):
    reminders_before = DaysField(required=False, label="Reminders before the deadline (days)",
                                 help_text="e.g. 7, or 14, 7; empty for none. A reminder already sent is not "
                                           "sent again; a new number of days is a new reminder")
    reminders_after = DaysField(required=False, label="Reminders after the deadline (days)",
                                help_text="e.g. 1, 5; empty for none")

    class Meta:
        model = ReportingCalendar
        fields = ["active", "opens_days_after_quarter", "deadline_days", "reminders_before", "reminders_after",
                  "escalate_days_after", "escalate_to_chairs"]
        labels = {"active": "Run this calendar (rounds open and reminders go by themselves)",
                  "opens_days_after_quarter": "The round opens (days after the quarter ends)",
                  "deadline_days": "Deadline (days after the round opens)",
                  "escalate_days_after": "Digest of who is outstanding (days after the deadline)",
                  "escalate_to_chairs": "Send the digest to the responsible groups' chairs too"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        deadline, before = cleaned.get("deadline_days"), cleaned.get("reminders_before") or []
        if deadline and before and max(before) >= deadline:
            self.add_error("reminders_before", f"A reminder {max(before)} days before the deadline would go before "
                                               f"the round opens ({deadline} days before it).")
        return cleaned
