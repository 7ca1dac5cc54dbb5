"""Update rounds: a coordinator asks every lead for the quarter's progress, chases and closes it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from actions.forms import RoundOpenForm
from actions.models import UpdateRound
from actions.queries import partnership_plans
from actions.services import quarter_lock, round_close, round_open, round_progress, round_remind
from actions.views.plan import action_base_url
from ops.mail import MailProblems, mail_problems
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


@require_GET
@partnership_view()
def round_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    round_, _ = round_for_user(request, pk, Perm.RUN_ROUNDS)
    progress = round_progress(round_.plan, round_.period)
    locked = quarter_lock(round_.plan, round_.period)
    # Who each e-mail that did not go was for, by the leads' addresses (the outbox keeps only addresses).
    names = {lead.membership.user.email.casefold(): lead.name for lead in progress.leads}
    problems = mail_problems(round_)
    return render(request, "actions/round.html", {
        "locked": locked, "mail": problems,
        "mail_failed": [(", ".join(names.get(a.casefold(), a) for a in m.to), m) for m in problems.failed],
        "round": round_, "progress": progress, "leads": progress.leads, "base_url": action_base_url(request),
        "outstanding_leads": len(progress.outstanding_leads), "nobody_to_chase": progress.nobody_to_chase,
    })


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
    round_, _ = round_for_user(request, pk, Perm.RUN_ROUNDS)
    round_close(round_=round_, user=request.user)
    messages.success(request, f"The {round_.period.label} round is closed.")
    return redirect("actions:round", partnership=request.partnership.slug, pk=round_.pk)
