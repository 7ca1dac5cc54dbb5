from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from partnerships import services
from partnerships.forms import GroupForm, MeetingForm
from partnerships.models import GROUP_TERMS_FIELDS, Group, GroupMember, Meeting, Membership, Person
from partnerships.numbers import parse_whole
from partnerships.periods import year_bounds, year_label, year_of
from partnerships.permissions import (
    PartnershipRequest,
    Perm,
    group_for_user,
    meeting_for_user,
    partnership_view,
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(Membership.objects.filter(user=request.user.pk).select_related("partnership", "agency"))
    if len(memberships) == 1:
        # One partnership: go straight to its dashboard.
        return redirect("actions:dashboard", partnership=memberships[0].partnership.slug)
    return render(request, "partnerships/home.html", {"memberships": memberships})


# Governance groups: terms of reference, members, meetings (partnerships:groups, partnerships:group).


@dataclass
class GroupStanding:
    """A group on the groups list: its meetings this year and last, and whether it met its frequency."""

    group: Group
    held_this_year: int
    held_last_year: int
    last_meeting: dt.date | None
    met_this_year: bool | None
    met_last_year: bool | None


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def groups(request: PartnershipRequest) -> HttpResponse:
    today = timezone.localdate()
    this_year = year_of(today)
    this_first, _ = year_bounds(this_year)
    last_first, last_last = year_bounds(this_year - 1)
    partnership_groups = (
        Group.objects.in_partnership(request.partnership)
        .select_related("accountable_to", "area")
        .prefetch_related(Prefetch("members", queryset=GroupMember.objects.select_related("person", "agency")))
        .annotate(
            held_this_year=Count("meetings", filter=Q(meetings__date__range=(this_first, today)), distinct=True),
            held_last_year=Count("meetings", filter=Q(meetings__date__range=(last_first, last_last)), distinct=True),
            last_meeting=Max("meetings__date"),
        )
    )
    rows = [
        GroupStanding(
            group, group.held_this_year, group.held_last_year, group.last_meeting,
            group.met_frequency(this_year, today, held=group.held_this_year),
            group.met_frequency(this_year - 1, today, held=group.held_last_year),
        )
        for group in partnership_groups
    ]
    return render(request, "partnerships/groups.html", {
        "rows": rows, "this_year": year_label(this_year), "last_year": year_label(this_year - 1),
    })


@dataclass
class MeetingRow:
    meeting: Meeting
    attendees: list[Person]
    agencies: int
    quorate: bool | None


def _group_page(request: PartnershipRequest, group: Group, may: frozenset[Perm], *,
                group_form: GroupForm | None = None, meeting_form: MeetingForm | None = None,
                editing_meeting: Meeting | None = None) -> HttpResponse:
    today = timezone.localdate()
    this_year = year_of(today)
    members = list(group.members.select_related("person__agency", "agency"))
    meetings = list(
        group.meetings.select_related("host_agency")
        .prefetch_related(Prefetch("attendees", queryset=Person.objects.select_related("agency").order_by("name")))
        .order_by("-date")
    )
    rows = []
    for meeting in meetings:
        attendees = list(meeting.attendees.all())
        rows.append(MeetingRow(meeting, attendees, len({p.agency_id for p in attendees if p.agency_id}),
                               group.is_quorate(meeting)))
    # Counted from the meetings in hand (without `held`, Group.met_frequency would ask the database).
    held = {year: sum(1 for m in meetings if year_bounds(year)[0] <= m.date <= min(year_bounds(year)[1], today))
            for year in (this_year, this_year - 1)}
    frequency = [
        {"year": year_label(year), "held": held[year], "expected": group.meetings_expected(year, today),
         "met": group.met_frequency(year, today, held=held[year]), "in_progress": year == this_year}
        for year in (this_year, this_year - 1)
    ]
    can_edit = Perm.EDIT_GROUPS in may
    edit_group = can_edit and (group_form is not None or request.GET.get("edit") == "group")
    if can_edit:
        if editing_meeting is None and meeting_form is None:
            wanted = parse_whole(request.GET.get("meeting"))
            editing_meeting = next((m for m in meetings if m.pk == wanted), None)
        if meeting_form is None:
            meeting_form = MeetingForm(group=group, instance=editing_meeting)
        if edit_group and group_form is None:
            group_form = GroupForm(instance=group)
    return render(request, "partnerships/group.html", {
        "group": group, "members": members, "meetings": rows, "frequency": frequency,
        "can_edit": can_edit, "group_form": group_form if edit_group else None,
        "meeting_form": meeting_form, "editing_meeting": editing_meeting,
    })


@require_GET
@partnership_view()
def group(request: PartnershipRequest, group_slug: str) -> HttpResponse:
    group, may = group_for_user(request, group_slug, Perm.VIEW_PLAN)
    return _group_page(request, group, may)


def _group_url(group: Group, anchor: str = "") -> str:
    url = reverse("partnerships:group", kwargs={"partnership": group.partnership.slug, "group_slug": group.slug})
    return f"{url}#{anchor}" if anchor else url


@require_POST
@partnership_view()
def group_edit(request: PartnershipRequest, group_slug: str) -> HttpResponse:
    group, may = group_for_user(request, group_slug, Perm.EDIT_GROUPS)
    # The form works on a fresh copy so the page shown with errors keeps the group as recorded.
    form = GroupForm(request.POST, instance=Group.objects.select_related("partnership").get(pk=group.pk))
    if form.is_valid():
        try:
            services.group_change(group=group, data={n: form.cleaned_data[n] for n in GROUP_TERMS_FIELDS},
                                  user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{group} saved.")
            return HttpResponseRedirect(_group_url(group, "terms"))
    return _group_page(request, group, may, group_form=form)


def _meeting_data(form: MeetingForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {"date": data["date"], "host_agency": data["host_agency"], "host_text": data["host_text"],
            "attendees": list(data["attendees"]), "minutes": data["minutes"]}


@require_POST
@partnership_view()
def meeting_add(request: PartnershipRequest, group_slug: str) -> HttpResponse:
    group, may = group_for_user(request, group_slug, Perm.EDIT_GROUPS)
    form = MeetingForm(request.POST, group=group)
    if form.is_valid():
        try:
            meeting = services.meeting_record(group=group, user=request.user, **_meeting_data(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Meeting of {meeting.date:%d/%m/%Y} recorded.")
            return HttpResponseRedirect(_group_url(group, "meetings"))
    return _group_page(request, group, may, meeting_form=form)


@require_POST
@partnership_view()
def meeting_change(request: PartnershipRequest, group_slug: str, pk: int) -> HttpResponse:
    # Another partnership's group, or a meeting not of this group, is 404 before any 403.
    group, _ = group_for_user(request, group_slug, need=None)
    meeting, may = meeting_for_user(request, group, pk, Perm.EDIT_GROUPS)
    form = MeetingForm(request.POST, group=group, instance=Meeting.objects.get(pk=meeting.pk))
    if form.is_valid():
        try:
            services.meeting_change(meeting=meeting, user=request.user, **_meeting_data(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Meeting of {meeting.date:%d/%m/%Y} saved.")
            return HttpResponseRedirect(_group_url(group, "meetings"))
    return _group_page(request, group, may, meeting_form=form, editing_meeting=meeting)
