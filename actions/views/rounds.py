"""Update rounds: a coordinator asks every lead for the quarter's progress, chases and closes it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from actions.forms import RoundOpenForm
from actions.models import UpdateRound
from actions.queries import partnership_plans
from actions.services import (
    lead_contact_set,
    lead_invite,
    quarter_lock,
    round_close,
    round_open,
    round_progress,
    round_recommendations,
    round_remind,
    round_resend,
)
from actions.views.plan import action_base_url
from ops.mail import MailProblems, mail_problems
from ops.models import OutgoingMail
from partnerships.forms import LeadInviteForm
from partnerships.permissions import PartnershipRequest, Perm, partnership_view, round_for_user


def _leads_count(n: int) -> str:
    return f"{n} lead{'s' if n != 1 else ''}"


def _mail_said(problems: MailProblems) -> str:
    """The failed e-mails in the message after sending (the round page lists who)."""
    return f" {problems.summary} (listed below)." if problems.failed else ""


def _rounds(request: PartnershipRequest) -> list[UpdateRound]:
    return list(
        UpdateRound.objects.in_partnership(request.partnership)
        .select_related("plan", "opened_by").order_by("-opened_at")
    )


@require_GET
@partnership_view(Perm.RUN_ROUNDS)
def rounds(request: PartnershipRequest) -> HttpResponse:
    form = RoundOpenForm(plans=partnership_plans(request.partnership))
    return render(request, "actions/rounds.html", {"rounds": _rounds(request), "form": form})


@require_POST
@partnership_view(Perm.RUN_ROUNDS)
def round_start(request: PartnershipRequest) -> HttpResponse:
    form = RoundOpenForm(request.POST, plans=partnership_plans(request.partnership))
    if form.is_valid():
        try:
            round_, sent = round_open(plan=form.cleaned_data["plan"], quarter=form.cleaned_data["quarter"],
                                      user=request.user, due_on=form.cleaned_data.get("due_on"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            nobody = len(round_progress(round_.plan, round_.period).nobody_to_chase)
            unchased = (f" {nobody} outstanding action{'s have' if nobody != 1 else ' has'} nobody to chase "
                        "(listed below)." if nobody else "")
            problems = mail_problems(round_)
            if problems.failed:
                messages.warning(request, f"The {round_.period.label} round is open, but{_mail_said(problems)}"
                                          f"{unchased}")
            else:
                messages.success(request,
                                 f"The {round_.period.label} round is open; {_leads_count(sent)} e-mailed.{unchased}")
            return redirect("actions:round", partnership=request.partnership.slug, pk=round_.pk)
    return render(request, "actions/rounds.html", {"rounds": _rounds(request), "form": form}, status=400)


def _last_reminders(round_: UpdateRound) -> dict[str, dt.datetime]:
    """When each address was last sent the round's reminder (one query)."""
    last: dict[str, dt.datetime] = {}
    for to, at in (OutgoingMail.objects.about(round_).filter(template="round_reminder")
                   .values_list("to", "created_at").order_by("created_at")):
        for address in to:
            last[address.casefold()] = at
    return last


def _round_page(request: PartnershipRequest, round_: UpdateRound, *, invite: LeadInviteForm | None = None,
                confirm_close: bool = False, status: int = 200) -> HttpResponse:
    progress = round_progress(round_.plan, round_.period)
    locked = quarter_lock(round_.plan, round_.period)
    reminded = _last_reminders(round_)
    for lead in progress.leads:
        lead.last_reminder_at = reminded.get(lead.email.casefold()) if lead.email else None
    # Who each e-mail that did not go was for, by the leads' addresses (the outbox keeps only addresses).
    names = {lead.email.casefold(): lead.name for lead in progress.leads if lead.email}
    problems = mail_problems(round_)
    choices = progress.lead_choices()
    if invite is None:
        wanted = request.GET.get("invite", "")
        invite = LeadInviteForm(leads=choices, initial={"lead": wanted} if wanted in dict(choices) else {})
    return render(request, "actions/round.html", {
        "locked": locked, "mail": problems,
        "mail_failed": [(", ".join(names.get(a.casefold(), a) for a in m.to), m) for m in problems.failed],
        "round": round_, "progress": progress, "leads": progress.leads, "base_url": action_base_url(request),
        "outstanding_leads": len(progress.outstanding_leads), "nobody_to_chase": progress.nobody_to_chase,
        "invite": invite, "confirm_close": confirm_close and round_.is_open,
        "recommendations": round_recommendations(user=request.user, partnership=request.partnership,
                                                 today=timezone.localdate()),
        "outstanding_actions": [(lead.name, a) for lead in progress.leads for a in lead.outstanding]
        + [(item.led_by or "nobody named", item.action) for item in progress.nobody_to_chase],
    }, status=status)


@require_GET
@partnership_view()
def round_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    round_, _ = round_for_user(request, pk, Perm.RUN_ROUNDS)
    return _round_page(request, round_)


@require_GET
@partnership_view()
def round_close_confirm(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Before closing: what is still outstanding, and a button that confirms."""
    round_, _ = round_for_user(request, pk, Perm.RUN_ROUNDS)
    return _round_page(request, round_, confirm_close=True)


@require_POST
@partnership_view()
def round_invite(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Invite a lead found under "nobody to chase", or give a named lead an e-mail contact."""
    round_, _ = round_for_user(request, pk, Perm.RUN_ROUNDS)
    progress = round_progress(round_.plan, round_.period)
    form = LeadInviteForm(request.POST, leads=progress.lead_choices())
    if form.is_valid():
        data = form.cleaned_data
        was = len(progress.nobody_to_chase)
        try:
            if data["give"] == LeadInviteForm.CONTACT:
                person = lead_contact_set(user=request.user, partnership=request.partnership,
                                          person_id=data["lead"][1], email=data["email"])
                said = f"{person.name} will get the round's e-mails at {data['email']}."
            else:
                invited = lead_invite(user=request.user, partnership=request.partnership, lead=data["lead"],
                                      full_name=data["full_name"], email=data["email"])
                said = (f"{invited.get_full_name()} is invited: a link to set a password has gone to "
                        f"{invited.email}.")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            now = len(round_progress(round_.plan, round_.period).nobody_to_chase)
            fixed = was - now
            messages.success(request, f"{said} {fixed} outstanding action{'s' if fixed != 1 else ''} "
                                      f"now {'have' if fixed != 1 else 'has'} someone to chase.")
            return redirect("actions:round", partnership=request.partnership.slug, pk=round_.pk)
    return _round_page(request, round_, invite=form, status=400)


@require_POST
@partnership_view()
def round_send_again(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Send again the round's e-mails that failed (once the mail server works again)."""
    round_, _ = round_for_user(request, pk, Perm.RUN_ROUNDS)
    try:
        sent = round_resend(round_=round_, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        # The new e-mails go once the change commits (or a worker takes them): the page lists any that fail.
        if sent:
            messages.success(request, f"{sent} e-mail{'s' if sent != 1 else ''} sent again.")
        else:
            messages.info(request, "No e-mail of this round has failed: nothing to send again.")
    return redirect("actions:round", partnership=request.partnership.slug, pk=round_.pk)


@require_POST
@partnership_view()
def round_reminder(request: PartnershipRequest, pk: int) -> HttpResponse:
    round_, _ = round_for_user(request, pk, Perm.RUN_ROUNDS)
    try:
        sent = round_remind(round_=round_, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        problems = mail_problems(round_)
        if sent and problems.failed:
            messages.warning(request, f"Reminder queued for {_leads_count(sent)}, but{_mail_said(problems)}")
        elif sent:
            messages.success(request, f"Reminder sent to {_leads_count(sent)} with outstanding updates.")
        else:
            messages.info(request, "Nobody is outstanding: no reminder sent.")
    return redirect("actions:round", partnership=request.partnership.slug, pk=round_.pk)


@require_POST
@partnership_view()
def round_finish(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Close the round; with actions outstanding, only after the confirmation page (else sent there)."""
    round_, _ = round_for_user(request, pk, Perm.RUN_ROUNDS)
    try:
        round_close(round_=round_, user=request.user, confirmed=request.POST.get("confirm") == "yes")
    except ValidationError:
        return redirect("actions:round_close_confirm", partnership=request.partnership.slug, pk=round_.pk)
    messages.success(request, f"The {round_.period.label} round is closed.")
    return redirect("actions:round", partnership=request.partnership.slug, pk=round_.pk)
