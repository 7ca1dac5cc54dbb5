from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from partnerships import services
from partnerships.forms import GROUP_FIELDS, GroupForm, MeetingForm
from partnerships.models import Group, GroupMember, Meeting, Membership, Person
from partnerships.periods import year_bounds, year_label, year_of
from partnerships.permissions import Forbidden, Perm, partnership_view


def home(request: HttpRequest) -> HttpResponse:
    memberships = list(Membership.objects.filter(user=request.user).select_related("partnership", "agency"))
    if len(memberships) == 1:
        # One partnership: go straight to its dashboard.
        return redirect("actions:dashboard", partnership=memberships[0].partnership.slug)
    return render(request, "partnerships/home.html", {"memberships": memberships})



# Governance groups: terms of reference, members, meetings (partnerships:groups, partnerships:group).





def _need(request: HttpRequest, perm: Perm) -> None:
    """Object pages look the object up first (another partnership's is 404 for every role), then the role."""
    if perm not in request.perms:
        raise Forbidden(perm)


def expected_meetings(group: Group, year_start: int, today: dt.date) -> int:
    """Meetings the terms of reference ask for in a financial year; pro rata to the quarters completed
    for the year in progress (the rule of Group.met_frequency, for counts already in hand)."""
    expected = group.meetings_per_year
    if year_of(today) == year_start:
        expected = expected * (((today.month - 4) % 12) // 3) // 4
    return expected


@dataclass
class GroupRow:
    group: Group
    held_this_year: int
    held_last_year: int
    last_meeting: dt.date | None
    met_this_year: bool | None
    met_last_year: bool | None


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def groups(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    this_year = year_of(today)
    this_first, _ = year_bounds(this_year)
    last_first, last_last = year_bounds(this_year - 1)
    found = (
        Group.objects.in_partnership(request.partnership)
        .select_related("accountable_to", "area")
        .prefetch_related(Prefetch("members", queryset=GroupMember.objects.select_related("person", "agency")))
        .annotate(
            held_this_year=Count("meetings", filter=Q(meetings__date__range=(this_first, today)), distinct=True),
            held_last_year=Count("meetings", filter=Q(meetings__date__range=(last_first, last_last)), distinct=True),
            last_meeting=Max("meetings__date"),
        )
    )
    rows = []
    for group in found:
        has_frequency = bool(group.meetings_per_year)
        rows.append(GroupRow(
            group, group.held_this_year, group.held_last_year, group.last_meeting,
            group.held_this_year >= expected_meetings(group, this_year, today) if has_frequency else None,
            group.held_last_year >= expected_meetings(group, this_year - 1, today) if has_frequency else None,
        ))
    return render(request, "partnerships/groups.html", {
        "rows": rows, "this_year": year_label(this_year), "last_year": year_label(this_year - 1),
    })


def _group(request: HttpRequest, group_slug: str) -> Group:
    return get_object_or_404(
        Group.objects.in_partnership(request.partnership).select_related("accountable_to", "area", "partnership"),
        slug=group_slug,
    )


@dataclass
class MeetingRow:
    meeting: Meeting
    attendees: list[Person]
    agencies: int
    quorate: bool | None


def _group_page(request: HttpRequest, group: Group, *, group_form: GroupForm | None = None,
                meeting_form: MeetingForm | None = None, editing_meeting: Meeting | None = None,
                status: int = 200) -> HttpResponse:
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
    # Counted from the meetings in hand (Group.met_frequency would ask the database once per year).
    held = {year: sum(1 for m in meetings if year_bounds(year)[0] <= m.date <= min(year_bounds(year)[1], today))
            for year in (this_year, this_year - 1)}
    frequency = [
        {"year": year_label(year), "held": held[year], "expected": expected_meetings(group, year, today),
         "met": (held[year] >= expected_meetings(group, year, today)) if group.meetings_per_year else None,
         "in_progress": year == this_year}
        for year in (this_year, this_year - 1)
    ]
    can_edit = Perm.EDIT_GROUPS in request.perms
    edit_group = can_edit and (group_form is not None or request.GET.get("edit") == "group")
    if can_edit:
        if editing_meeting is None and meeting_form is None:
            raw = request.GET.get("meeting", "")
            editing_meeting = next((m for m in meetings if raw.isdigit() and m.pk == int(raw)), None)
        if meeting_form is None:
            meeting_form = MeetingForm(group=group, instance=editing_meeting)
        if edit_group and group_form is None:
            group_form = GroupForm(instance=group)
    return render(request, "partnerships/group.html", {
        "group": group, "members": members, "meetings": rows, "frequency": frequency,
        "can_edit": can_edit, "group_form": group_form if edit_group else None,
        "meeting_form": meeting_form, "editing_meeting": editing_meeting,
    }, status=status)


@require_GET
@partnership_view(Perm.VIEW_REPORTS)
def group(request: HttpRequest, group_slug: str) -> HttpResponse:
    found = _group(request, group_slug)
    _need(request, Perm.VIEW_PLAN)
    return _group_page(request, found)


def _group_url(group: Group, anchor: str = "") -> str:
    url = reverse("partnerships:group", kwargs={"partnership": group.partnership.slug, "group_slug": group.slug})
    return f"{url}#{anchor}" if anchor else url


@require_POST
@partnership_view(Perm.VIEW_REPORTS)
def group_edit(request: HttpRequest, group_slug: str) -> HttpResponse:
    found = _group(request, group_slug)
    _need(request, Perm.EDIT_GROUPS)
    # The form works on a fresh copy so the page shown with errors keeps the group as recorded.
    form = GroupForm(request.POST, instance=Group.objects.select_related("partnership").get(pk=found.pk))
    if form.is_valid():
        try:
            services.group_change(group=found, data={n: form.cleaned_data[n] for n in GROUP_FIELDS}, user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{found} saved.")
            return HttpResponseRedirect(_group_url(found, "terms"))
    return _group_page(request, found, group_form=form)


def _meeting_data(form: MeetingForm) -> dict:
    data = form.cleaned_data
    return {"date": data["date"], "host_agency": data["host_agency"], "host_text": data["host_text"],
            "attendees": list(data["attendees"]), "minutes": data["minutes"]}


@require_POST
@partnership_view(Perm.VIEW_REPORTS)
def meeting_add(request: HttpRequest, group_slug: str) -> HttpResponse:
    found = _group(request, group_slug)
    _need(request, Perm.EDIT_GROUPS)
    form = MeetingForm(request.POST, group=found)
    if form.is_valid():
        try:
            meeting = services.meeting_record(group=found, user=request.user, **_meeting_data(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Meeting of {meeting.date:%d/%m/%Y} recorded.")
            return HttpResponseRedirect(_group_url(found, "meetings"))
    return _group_page(request, found, meeting_form=form)


@require_POST
@partnership_view(Perm.VIEW_REPORTS)
def meeting_change(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    found = _group(request, group_slug)
    meeting = get_object_or_404(found.meetings, pk=pk)
    _need(request, Perm.EDIT_GROUPS)
    form = MeetingForm(request.POST, group=found, instance=Meeting.objects.get(pk=meeting.pk))
    if form.is_valid():
        try:
            services.meeting_change(meeting=meeting, user=request.user, **_meeting_data(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Meeting of {meeting.date:%d/%m/%Y} saved.")
            return HttpResponseRedirect(_group_url(found, "meetings"))
    return _group_page(request, found, meeting_form=form, editing_meeting=meeting)
