from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet

from audit.models import AuditEvent


class EventFilterForm(forms.Form):
    """The audit log's filter: one kind of event, and a user name (part of it) of who did it or whose
    account it concerned."""

    kind = forms.ChoiceField(required=False, choices=[("", "All events"), *AuditEvent.Kind.choices], label="Event",
                             widget=forms.Select(attrs={"class": "form-select"}))
    user = forms.CharField(required=False, max_length=150, label="User name",
                           widget=forms.TextInput(attrs={"class": "form-control"}))

    def filter(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if name := data["user"].strip():
            events = events.filter(Q(username__icontains=name) | Q(subject__icontains=name))
        return events


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=150)
    ip_address = forms.GenericIPAddressField(required=False)
