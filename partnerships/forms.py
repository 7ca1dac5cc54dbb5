from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.template.loader import render_to_string

from ops.mail import mail_queue
from partnerships.models import GROUP_TERMS_FIELDS, Agency, Area, Group, Meeting, Person


class GroupForm(forms.ModelForm):
    """A group's terms of reference. Choices come from the group's own partnership only."""

    class Meta:
        model = Group
        fields = GROUP_TERMS_FIELDS
        widgets = {
            "accountability": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "duties": forms.Textarea(attrs={"rows": 6}),
            "membership_rules": forms.Textarea(attrs={"rows": 2}),
            "minutes_rules": forms.Textarea(attrs={"rows": 2}),
            "approved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"duties": "Duties (terms of reference)",
                  "minutes_to_chair_days": "Minutes to the chair within (days)",
                  "minutes_circulated_days": "Minutes circulated within (days)",
                  "agenda_days_before": "Agenda sent (days before)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partnership = self.instance.partnership
        _choices(self, "area").queryset = Area.objects.in_partnership(partnership)
        _choices(self, "accountable_to").queryset = (
            Group.objects.in_partnership(partnership).exclude(pk=self.instance.pk)
        )
        for name in ("area", "accountable_to"):
            self.fields[name].error_messages["invalid_choice"] = "Choose one of this partnership's own."

    def clean_accountable_to(self) -> Group | None:
        parent = self.cleaned_data.get("accountable_to")
        # Walk up the chain: a group cannot end up accountable to itself.
        seen, node = set(), parent
        while node is not None and node.pk not in seen:
            if node.pk == self.instance.pk:
                raise forms.ValidationError(f"{parent} is accountable to this group already: that would make a loop.")
            seen.add(node.pk)
            node = node.accountable_to
        return parent

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        members, agencies = cleaned.get("quorum_members"), cleaned.get("quorum_agencies")
        if members is not None and agencies is not None and agencies > members:
            self.add_error("quorum_agencies", f"A quorum of {members} members cannot come from {agencies} agencies.")
        return cleaned


class AttendeeField(forms.ModelMultipleChoiceField):
    """People named with their agency, so two of the same name can be told apart."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.agency})" if obj.agency_id else obj.name


class MeetingForm(forms.ModelForm):
    """A meeting of the group with who attended (the partnership's people)."""

    class Meta:
        model = Meeting
        fields = ["date", "host_agency", "host_text", "attendees", "minutes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendees": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"host_agency": "Host agency", "host_text": "Host (when not an agency listed)",
                  "attendees": "Attendance"}
        field_classes = {"attendees": AttendeeField}

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        # Several meeting forms may share a page: distinct ids keep each label tied to its own field.
        kwargs.setdefault("auto_id", f"meeting-{instance.pk if instance and instance.pk else 'new'}-%s")
        super().__init__(*args, **kwargs)
        self.group = group
        partnership = group.partnership
        _choices(self, "host_agency").queryset = Agency.objects.in_partnership(partnership)
        _choices(self, "attendees").queryset = Person.objects.in_partnership(partnership).select_related("agency")
        for name in ("host_agency", "attendees"):
            self.fields[name].error_messages["invalid_choice"] = (
                "Choose from this partnership's own agencies and people."
            )
            self.fields[name].error_messages["invalid_pk_value"] = "Choose from this partnership's own people."

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        clash = Meeting.objects.filter(group=self.group, date=date)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                f"{self.group} already has a meeting on {date:%d/%m/%Y}: change that one instead."
            )
        return date


class PasswordLinkForm(PasswordResetForm):
    """Django's reset form, also for users who have no password yet (imported in the admin: they
    choose their first one through the same e-mailed link). Inactive users still get nothing."""

    def get_users(self, email: str) -> Iterator[User]:
        User = get_user_model()
        email_field = User.get_email_field_name()
        users = User._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
        return (u for u in users if _same_email(email, getattr(u, email_field)))

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
                  from_email: str | None, to_email: str, html_email_template_name: str | None = None) -> None:
        """Through the portal's outbox (queued, sent by a task with retries, kept on the user's record
        when the mail server fails) instead of Django's direct send."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html = render_to_string(html_email_template_name, context) if html_email_template_name else ""
        mail_queue(template="password_link", to=[to_email], subject=subject, body_text=body, body_html=html,
                   about=context.get("user"), after_commit=False)


class LeadInviteForm(forms.Form):
    """Whom a coordinator invites from an update round's "nobody to chase" list: one of the people or
    agencies named as leads there, the person's name and e-mail; an account with a set-a-password link,
    or (for a named person) only an e-mail contact for the round's e-mails."""

    ACCOUNT, CONTACT = "account", "contact"

    lead = forms.ChoiceField(label="Lead (as the plan names them)")
    full_name = forms.CharField(label="Name of the person", max_length=300, required=False)
    email = forms.EmailField(label="Their e-mail address")
    give = forms.ChoiceField(
        label="Give them", initial=ACCOUNT, widget=forms.RadioSelect,
        choices=[(ACCOUNT, "A portal account (e-mailed a link to set a password)"),
                 (CONTACT, "Only the round's e-mails and reminders (a named person, no account)")],
    )

    def __init__(self, *args: Any, leads: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "invite-%s")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["lead"]).choices = [("", "Choose…"), *leads]
        self.fields["lead"].error_messages["invalid_choice"] = (
            "Choose one of the leads of the actions with nobody to chase."
        )

    def clean_lead(self) -> tuple[str, int]:
        kind, _, pk = self.cleaned_data["lead"].partition(":")
        return kind, int(pk)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lead, give = cleaned.get("lead"), cleaned.get("give")
        if lead and give == self.CONTACT and lead[0] != "person":
            self.add_error("give", "An agency cannot be an e-mail contact: invite a person of it with an account.")
        if give == self.ACCOUNT and not cleaned.get("full_name", "").strip():
            self.add_error("full_name", "Give the name of the person who will have the account.")
        return cleaned


def _same_email(a: str, b: str) -> bool:
    """Case-insensitive, Unicode-normalised (as Django's own form compares them)."""
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b or "").casefold()


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's choice field, to narrow its choices (to the partnership's own rows)."""
    return cast(forms.ModelChoiceField, form.fields[name])
