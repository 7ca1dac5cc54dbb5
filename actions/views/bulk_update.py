"""The lead's one page to update every outstanding action of the open rounds in one go.

Each action has its own small form (prefixed a<pk>-) inside one page form; each is saved through
actions.services.progress_record in its own transaction, so an action's update is either written whole or
refused with its message, and a refused one never stops the others. An action left as it was (its status
unchanged, nothing written) is left for later, not refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from actions.models import STATUS_LABELS, Action, ProgressUpdate, Status, UpdateRound
from actions.queries import latest_updates, locked_quarters, shorten
from actions.services import progress_record
from actions.views.plan import action_base_url
from partnerships.limits import LONG_TEXT
from partnerships.periods import Quarter
from partnerships.permissions import PartnershipRequest, Perm, partnership_view

STATUSES = list(Status.choices)


class QuickProgressForm(forms.Form):
    """One action's update on the one-page form (the quarter is the round's, never chosen here)."""

    status = forms.ChoiceField(choices=Status.choices)
    narrative = forms.CharField(label="Progress this quarter", required=False, max_length=LONG_TEXT)
    barriers = forms.CharField(required=False, max_length=LONG_TEXT)
    evidence = forms.CharField(label="Backed up by", required=False, max_length=LONG_TEXT)

    def touched(self, current_status: str) -> bool:
        """Whether the lead gave this action anything: a new status or some text."""
        data = self.cleaned_data
        return data.get("status", current_status) != current_status or any(
            (data.get(name) or "").strip() for name in ("narrative", "barriers", "evidence")
        )


@dataclass
class Entry:
    """One outstanding action as the page shows it, with what the lead typed and what was wrong."""

    pk: int
    ref: str
    description: str
    url: str
    status: str
    status_label: str
    overdue: bool
    due_date: Any
    latest: str
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    options: str = ""  # the status select's options, the entry's status selected (rendered once per status)

    @property
    def prefix(self) -> str:
        return f"a{self.pk}"

    @property
    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, the field's own message first."""
        return [(f"{self.prefix}-{name if name in ('narrative', 'barriers', 'evidence') else 'status'}", message)
                for name, found in self.errors.items() for message in found]


@dataclass
class RoundBlock:
    round: UpdateRound
    quarter: Quarter
    entries: list[Entry]
    locked: bool = False


@dataclass
class Outcome:
    saved: list[str] = field(default_factory=list)  # refs of the actions saved
    errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    values: dict[int, dict[str, str]] = field(default_factory=dict)


def _open_rounds(request: PartnershipRequest) -> tuple[list[UpdateRound], set[int]]:
    """The latest open round of each plan (it asks for the update; an older one still open does not ask
    again), and those whose quarter a return has locked (no update can go in)."""
    latest: dict[int, UpdateRound] = {}
    for round_ in (UpdateRound.objects.in_partnership(request.partnership).filter(closed_at=None)
                   .select_related("plan__strategy").order_by("-year_start", "-quarter", "pk")):
        latest.setdefault(round_.plan_id, round_)
    rounds = list(latest.values())
    locked = locked_quarters([r.plan for r in rounds])
    return rounds, {r.pk for r in rounds if r.period in locked[r.plan_id]}


def _my_actions(request: PartnershipRequest, rounds: list[UpdateRound]) -> list[Action]:
    """My actions of the rounds' plans, in plan order (one query)."""
    if not rounds:
        return []
    fields = ("pk", "ref", "description", "status", "due_date", "plan_id", "order")
    return list(Action.objects.filter(plan_id__in={r.plan_id for r in rounds}).led_by(request.membership)
                .only(*fields).order_by("plan_id", "order", "pk"))


def _updated(rounds: list[UpdateRound], actions: list[Action]) -> set[tuple[int, int]]:
    """(round id, action id) of my actions already updated for their round's quarter (one query)."""
    by_period = {(r.plan_id, r.year_start, r.quarter): r.pk for r in rounds}
    found = ProgressUpdate.objects.filter(
        action_id__in=[a.pk for a in actions], year_start__in={r.year_start for r in rounds},
        quarter__in={r.quarter for r in rounds},
    ).values_list("action__plan_id", "year_start", "quarter", "action_id")
    return {(by_period[(p, y, q)], a) for p, y, q, a in found if (p, y, q) in by_period}


def outstanding_blocks(request: PartnershipRequest, outcome: Outcome | None = None) -> list[RoundBlock]:
    """Per open round of a plan I lead actions in, my actions without an update for its quarter. A fixed
    number of queries whatever the size of the plan (rounds, locks, actions, updates, latest updates)."""
    rounds, locked = _open_rounds(request)
    actions = _my_actions(request, rounds)
    if not actions:
        return []
    done = _updated(rounds, actions)
    mine = Action.objects.filter(pk__in=[a.pk for a in actions])
    latest = latest_updates(mine)
    today = timezone.localdate()
    overdue = set(mine.overdue(today).values_list("pk", flat=True))  # by the plan's own rule (milestones)
    base = action_base_url(request)
    outcome = outcome or Outcome()
    blocks = []
    for round_ in rounds:
        of_round = [a for a in actions if a.plan_id == round_.plan_id]
        if not of_round:
            continue
        entries = []
        for a in of_round:
            if (round_.pk, a.pk) in done and a.pk not in outcome.errors:
                continue  # updated (a refused one stays, with its message, whoever updated it since)
            year, number, text = latest.get(a.pk, (0, 0, ""))
            entries.append(Entry(
                pk=a.pk, ref=a.ref, description=a.description, url=f"{base}{a.pk}/", status=a.status,
                status_label=STATUS_LABELS.get(a.status, a.status), overdue=a.pk in overdue,
                due_date=a.due_date,
                latest=f"{Quarter(year, number).label}: {shorten(text, 160)}" if year else "",
                values=outcome.values.get(a.pk, {"status": a.status}),
                errors=outcome.errors.get(a.pk, {}),
            ))
        blocks.append(RoundBlock(round=round_, quarter=round_.period, entries=entries, locked=round_.pk in locked))
    return blocks


def _save(request: PartnershipRequest) -> Outcome:
    """Save each touched action's update through progress_record (each in its own transaction)."""
    rounds, locked = _open_rounds(request)
    rounds = [r for r in rounds if r.pk not in locked]
    outcome = Outcome()
    posted = {key.split("-", 1)[0] for key in request.POST if key.startswith("a") and "-" in key}
    if not posted:
        return outcome
    round_of = {round_.plan_id: round_ for round_ in rounds}
    candidates = (
        Action.objects.filter(plan_id__in=list(round_of)).led_by(request.membership)
        .select_related("plan__strategy__partnership").prefetch_related("lead_agencies", "lead_people")
        .order_by("plan_id", "order", "pk")
    )
    for action in candidates:
        prefix = f"a{action.pk}"
        if prefix not in posted:
            continue
        form = QuickProgressForm(request.POST, prefix=prefix)
        outcome.values[action.pk] = {name: request.POST.get(f"{prefix}-{name}", "")
                                     for name in ("status", "narrative", "barriers", "evidence")}
        if not form.is_valid():
            outcome.errors[action.pk] = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            continue
        if not form.touched(action.status):
            continue
        data = form.cleaned_data
        try:
            progress_record(action=action, user=request.user, quarter=round_of[action.plan_id].period,
                            status=data["status"], narrative=data["narrative"], barriers=data["barriers"],
                            evidence=data["evidence"])
        except PermissionDenied as refused:
            outcome.errors[action.pk] = {"service": [str(refused) or "You may not record progress on this action"]}
        except ValidationError as refused:
            outcome.errors[action.pk] = {"service": list(refused.messages)}
        else:
            outcome.saved.append(action.ref or f"#{action.pk}")
            outcome.values.pop(action.pk, None)
    return outcome


@require_http_methods(["GET", "POST"])
@partnership_view(Perm.RECORD_PROGRESS)
def bulk_update(request: PartnershipRequest) -> HttpResponse:
    """GET: my outstanding actions of the open rounds, each with its form. POST: save those given
    something; back to the page (its remaining actions) when all went in, else the refused ones with
    their messages and what was typed."""
    outcome: Outcome | None = None
    status = 200
    if request.method == "POST":
        outcome = _save(request)
        saved = len(outcome.saved)
        if saved:
            messages.success(request, f"{saved} update{'s' if saved != 1 else ''} saved: {', '.join(outcome.saved)}.")
        if not outcome.errors:
            if not saved:
                messages.info(request, "Nothing was saved: give an action a new status, the progress made or a "
                                       "barrier, then save.")
            return redirect("actions:bulk_update", partnership=request.partnership.slug)
        status = 400
    blocks = outstanding_blocks(request, outcome)
    # A thousand selects of six options each: each status's options are rendered once, from their template.
    options = {value: render_to_string("actions/_status_options.html", {"statuses": STATUSES, "selected": value})
               for value, _ in STATUSES}
    for block in blocks:
        for entry in block.entries:
            entry.options = options.get(entry.values.get("status", ""), options[Status.NOT_STARTED])
    problems = [(entry, field_id, message) for block in blocks for entry in block.entries
                for field_id, message in entry.error_list]
    return render(request, "actions/bulk_update.html", {
        "blocks": blocks, "statuses": STATUSES, "problems": problems,
        "outstanding": sum(len(b.entries) for b in blocks if not b.locked),
        "leads_actions": bool(request.membership.agency_id or request.membership.person_id),
    }, status=status)
