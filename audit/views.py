"""The partnership's audit log (its admins) and its members' sign-in lockouts (coordinators and admins)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from audit.forms import EventFilterForm, UnlockForm
from audit.lockouts import is_member_name, lockout_release, member_lockouts
from audit.models import AuditEvent
from partnerships.permissions import PartnershipRequest, Perm, partnership_view

EVENTS_PER_PAGE = 50


@require_GET
@partnership_view(Perm.MANAGE_USERS)
def log(request: PartnershipRequest) -> HttpResponse:
    """The partnership's events, newest first, a page at a time (a count and one page of rows)."""
    form = EventFilterForm(request.GET)
    events = AuditEvent.objects.in_partnership(request.partnership)
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@partnership_view(Perm.UNLOCK_SIGN_IN)
def lockouts(request: PartnershipRequest) -> HttpResponse:
    return render(request, "audit/lockouts.html", {
        "lockouts": member_lockouts(request.partnership), "limit": settings.AXES_FAILURE_LIMIT,
        "can_read_log": Perm.MANAGE_USERS in request.perms,
    })


@require_POST
@partnership_view(Perm.UNLOCK_SIGN_IN)
def unlock(request: PartnershipRequest) -> HttpResponse:
    """Lifts one lockout of a member's user name from one address. Another partnership's user name is
    not found here."""
    back = redirect("audit:lockouts", partnership=request.partnership.slug)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a lockout on the list to unlock.")
        return back
    username, address = form.cleaned_data["username"], form.cleaned_data["ip_address"] or None
    if not is_member_name(request.partnership, username, unlocked_by=request.user):
        raise Http404("No such member")
    lockout = next((lock for lock in member_lockouts(request.partnership)
                    if lock.username == username and lock.ip_address == address), None)
    if lockout is None:
        messages.info(request, f"{username} is not locked out from {address or 'that address'} (any more).")
        return back
    lockout_release(user=request.user, partnership=request.partnership, lockout=lockout, request=request)
    messages.success(request, f"{username} can sign in again from {address or 'every address'}.")
    return back
