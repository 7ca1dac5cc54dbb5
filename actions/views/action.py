"""The action page and what is done on it: edit, record or delete progress, evidence files, the
year-end review. Each view fetches the action through partnerships.permissions.action_for_user,
which states the permission it needs (404 for another partnership's action, 403 without it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.forms import ActionForm, MilestoneDoneForm, MilestoneForm, ProgressForm, ReviewForm
from actions.history import action_history
from actions.milestones import milestone_add, milestone_complete, milestone_edit, milestone_remove
from actions.models import EDITABLE_FIELDS, EDITABLE_M2M, Action, Milestone, QuarterLock, UpdateRound, YearEndReview
from actions.queries import PlanDirectory, reporting_quarter
from actions.services import (
    QuarterLocked,
    StaleAction,
    UpdateTakenByAnother,
    action_update,
    progress_delete,
    progress_record,
    quarter_update,
    review_record,
)
from partnerships.models import Group
from partnerships.periods import PeriodError, Quarter
from partnerships.permissions import (
    PartnershipRequest,
    Perm,
    action_for_user,
    may_change_update,
    milestone_for_user,
    partnership_view,
    progress_update_for_user,
)


def _progress_form(request: PartnershipRequest, action: Action, locked: set[Quarter]) -> ProgressForm:
    """An empty progress form for the plan's reporting quarter (the open round's, else its latest
    begun unlocked quarter), or ?quarter=<label> when the lead corrects that quarter's update. When
    the quarter already has an update the user may correct, the form opens it for editing."""
    quarter: Quarter | None = None
    asked = request.GET.get("quarter", "")
    if asked:
        try:
            quarter = Quarter.parse(asked)
        except PeriodError:
            quarter = None
        if quarter not in action.plan.quarters():
            messages.warning(request, f"“{asked}” is not a quarter of the {action.plan.year_label} plan; "
                                      "the form shows the reporting quarter.")
            quarter = None
    if quarter is None:
        open_rounds = list(UpdateRound.objects.filter(plan=action.plan, closed_at=None))
        quarter = reporting_quarter(action.plan, open_rounds, locked, timezone.localdate())
    existing = quarter_update(action, quarter)
    if existing is not None and quarter not in locked and may_change_update(request.user, existing):
        form = ProgressForm(plan=action.plan, initial={
            "quarter": quarter.label, "status": existing.status, "narrative": existing.narrative,
            "barriers": existing.barriers, "evidence": existing.evidence,
        })
        form.editing = existing
        return form
    return ProgressForm(plan=action.plan, initial={"quarter": quarter.label, "status": action.status})


def _milestone_rows(milestones: list[Milestone], can_edit: bool, bound: MilestoneForm | None,
                    today: Any) -> list[dict[str, Any]]:
    """Each milestone with whether it is overdue and, for a coordinator, its edit form (the bound one
    that failed, where there is one). The forms' ids carry the milestone's id, so they stay unique."""
    rows = []
    for m in milestones:
        form = None
        if can_edit:
            form = bound if bound is not None and bound.instance.pk == m.pk else MilestoneForm(
                instance=m, auto_id=f"id_milestone{m.pk}_%s")
        rows.append({"milestone": m, "overdue": m.is_overdue(today), "form": form})
    return rows


def _action_context(request: PartnershipRequest, action: Action, may: frozenset[Perm],
                    progress_form: ProgressForm | None = None, review_form: ReviewForm | None = None,
                    milestone_form: MilestoneForm | None = None,
                    milestone_edit_form: MilestoneForm | None = None) -> dict[str, Any]:
    can_update = Perm.RECORD_PROGRESS in may
    can_edit = Perm.EDIT_PLAN in may
    review = YearEndReview.objects.filter(action=action).select_related("decided_by").first()
    locked = sorted({
        Quarter(lock.year_start, lock.quarter)
        for lock in QuarterLock.objects.filter(plan=action.plan, reopened_at=None)
    })
    if can_update and progress_form is None:
        progress_form = _progress_form(request, action, set(locked))
    if can_edit and review_form is None:
        review_form = ReviewForm(instance=review)
    directory = PlanDirectory.load(request.partnership)
    groups = {g.pk: str(g) for g in Group.objects.in_partnership(request.partnership)}
    updates = list(action.updates.select_related("author").order_by("-year_start", "-quarter", "-recorded_at"))
    # The updates the user may correct: their own (a coordinator's: any) until the quarter is locked.
    correctable = {
        u.pk for u in updates
        if can_update and u.period not in locked and (can_edit or u.author_id == request.user.pk)
    }
    milestones = list(action.milestones.all())
    today = timezone.localdate()
    if can_edit and milestone_form is None:
        milestone_form = MilestoneForm(auto_id="id_milestone_new_%s")
    return {
        "action": action, "plan": action.plan, "updates": updates, "correctable": correctable,
        "lead_agencies": list(action.lead_agencies.all()), "lead_people": list(action.lead_people.all()),
        "groups": list(action.responsibility_groups.all()), "can_update": can_update, "can_edit": can_edit,
        "review": review, "progress_form": progress_form, "review_form": review_form,
        "history": action_history(action, directory.agency_names(), directory.person_names(), groups),
        "locked_quarters": [q.label for q in locked],
        "overdue": action.is_overdue(today, milestones=milestones), "status_label": action.get_status_display(),
        "milestones": _milestone_rows(milestones, can_edit, milestone_edit_form, today),
        "milestone_form": milestone_form,
    }


@require_GET
@partnership_view()
def action(request: PartnershipRequest, pk: int) -> HttpResponse:
    action, may = action_for_user(request, pk, Perm.VIEW_PLAN)
    return render(request, "actions/action.html", _action_context(request, action, may))


@require_http_methods(["GET", "POST"])
@partnership_view()
def action_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Coordinators edit an action; a save based on an out-of-date form is refused with what changed."""
    action, _ = action_for_user(request, pk, Perm.EDIT_PLAN)
    if request.method == "GET":
        return render(request, "actions/action_edit.html", {"action": action, "form": ActionForm(instance=action)})
    form = ActionForm(request.POST, instance=action)
    if not form.is_valid():
        return render(request, "actions/action_edit.html", {"action": action, "form": form}, status=400)
    data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS + list(EDITABLE_M2M) if name in form.cleaned_data}
    try:
        saved = action_update(action=action, user=request.user, version=form.cleaned_data["version"], data=data)
    except StaleAction as stale:
        # The form comes back holding the user's edit at the current version, so saving again is
        # deliberate; the page's own alert names who changed what (no second message above it).
        bound = request.POST.copy()
        bound["version"] = str(stale.action.version)
        form = ActionForm(bound, instance=Action.objects.get(pk=stale.action.pk))
        return render(request, "actions/action_edit.html", {"action": stale.action, "form": form, "stale": stale},
                      status=409)
    messages.success(request, "The action has been saved.")
    return redirect("actions:action", partnership=request.partnership.slug, pk=saved.pk)


@require_POST
@partnership_view()
def progress_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Record a quarter's progress: inline through htmx (returns the progress partial), or a plain POST."""
    action, may = action_for_user(request, pk, Perm.RECORD_PROGRESS)
    form = ProgressForm(request.POST, request.FILES, plan=action.plan)
    htmx = request.headers.get("HX-Request") == "true"
    if form.is_valid():
        quarter = form.cleaned_data["quarter"]
        correcting = quarter_update(action, quarter) is not None
        try:
            progress_record(
                action=action, user=request.user, quarter=quarter,
                status=form.cleaned_data["status"], narrative=form.cleaned_data["narrative"],
                barriers=form.cleaned_data["barriers"], evidence=form.cleaned_data["evidence"],
                evidence_file=form.cleaned_data.get("evidence_file"),
            )
        except (QuarterLocked, UpdateTakenByAnother) as refused:
            form.add_error("quarter", refused.messages[0])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            action.refresh_from_db()
            saved = (f"Your {quarter.label} update has been corrected (the history keeps the earlier version)."
                     if correcting else f"Your {quarter.label} progress update has been recorded.")
            if htmx:
                context = _action_context(request, action, may)
                context["progress_saved"] = saved
                return render(request, "actions/action.html#progress", context)
            messages.success(request, saved)
            return redirect("actions:action", partnership=request.partnership.slug, pk=action.pk)
    context = _action_context(request, action, may, progress_form=form)
    if htmx:
        # htmx swaps 200 responses only: the form comes back with its errors in place.
        return render(request, "actions/action.html#progress", context)
    return render(request, "actions/action.html", context, status=400)


@require_POST
@partnership_view()
def progress_remove(request: PartnershipRequest, pk: int, update_pk: int) -> HttpResponse:
    update, _ = progress_update_for_user(request, pk, update_pk, Perm.EDIT_PLAN)
    try:
        progress_delete(update=update, user=request.user)
    except QuarterLocked as locked:
        messages.error(request, locked.messages[0])
    else:
        messages.success(
            request, f"The progress update for {update.period.label} has been deleted (it stays in the history)."
        )
    return redirect("actions:action", partnership=request.partnership.slug, pk=update.action_id)


@require_GET
@partnership_view()
def evidence(request: PartnershipRequest, pk: int, update_pk: int) -> FileResponse:
    """Evidence files are served to members of the partnership only, never from a public folder."""
    update, _ = progress_update_for_user(request, pk, update_pk, Perm.VIEW_PLAN)
    if not update.evidence_file:
        raise Http404("No evidence file")
    name = str(update.evidence_file.name).rsplit("/", 1)[-1]
    return FileResponse(update.evidence_file.open("rb"), as_attachment=True, filename=name)


@require_POST
@partnership_view()
def review(request: PartnershipRequest, pk: int) -> HttpResponse:
    """A coordinator's year-end decision on the action."""
    action, may = action_for_user(request, pk, Perm.EDIT_PLAN)
    form = ReviewForm(request.POST, instance=YearEndReview.objects.filter(action=action).first())
    if form.is_valid():
        review_record(action=action, user=request.user, decision=form.cleaned_data["decision"],
                      comment=form.cleaned_data["comment"])
        messages.success(request, "The year-end review has been recorded.")
        return redirect("actions:action", partnership=request.partnership.slug, pk=action.pk)
    return render(request, "actions/action.html", _action_context(request, action, may, review_form=form), status=400)


def _to_milestones(request: PartnershipRequest, action_pk: int) -> HttpResponse:
    return redirect(reverse("actions:action", kwargs={"partnership": request.partnership.slug, "pk": action_pk})
                    + "#milestones")


@require_POST
@partnership_view()
def milestone_new(request: PartnershipRequest, pk: int) -> HttpResponse:
    """A coordinator adds a milestone at the end of the action's list."""
    action, may = action_for_user(request, pk, Perm.EDIT_PLAN)
    form = MilestoneForm(request.POST, auto_id="id_milestone_new_%s")
    if form.is_valid():
        try:
            milestone = milestone_add(user=request.user, action=action, text=form.cleaned_data["text"],
                                      timescale=form.cleaned_data["timescale"], due_on=form.cleaned_data["due_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message("added", milestone))
            return _to_milestones(request, action.pk)
    context = _action_context(request, action, may, milestone_form=form)
    return render(request, "actions/action.html", context, status=400)


@require_POST
@partnership_view()
def milestone_change(request: PartnershipRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """A coordinator changes a milestone's text, timescale or due date."""
    milestone, may = milestone_for_user(request, pk, milestone_pk, Perm.EDIT_PLAN)
    form = MilestoneForm(request.POST, instance=milestone, auto_id=f"id_milestone{milestone.pk}_%s")
    if form.is_valid():
        try:
            saved = milestone_edit(user=request.user, milestone=milestone, text=form.cleaned_data["text"],
                                   timescale=form.cleaned_data["timescale"], due_on=form.cleaned_data["due_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message("saved", saved))
            return _to_milestones(request, milestone.action_id)
    # The bound instance holds the refused input: the page shows it in the milestone's own form.
    context = _action_context(request, milestone.action, may, milestone_edit_form=form)
    return render(request, "actions/action.html", context, status=400)


@require_POST
@partnership_view()
def milestone_done(request: PartnershipRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """Mark a milestone done (on the day given, else today) or, with done off, open again."""
    milestone, _ = milestone_for_user(request, pk, milestone_pk, Perm.EDIT_PLAN)
    form = MilestoneDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
        return _to_milestones(request, milestone.action_id)
    done = form.cleaned_data["done"]
    saved = milestone_complete(user=request.user, milestone=milestone, done=done,
                               completed_on=form.cleaned_data["completed_on"])
    if done:
        messages.success(request, f"Milestone “{_short(saved)}” marked done on {saved.completed_on:%d/%m/%Y}.")
    else:
        messages.success(request, f"Milestone “{_short(saved)}” is open again.")
    return _to_milestones(request, milestone.action_id)


@require_POST
@partnership_view()
def milestone_delete(request: PartnershipRequest, pk: int, milestone_pk: int) -> HttpResponse:
    milestone, _ = milestone_for_user(request, pk, milestone_pk, Perm.EDIT_PLAN)
    milestone_remove(user=request.user, milestone=milestone)
    messages.success(request, f"Milestone “{_short(milestone)}” has been deleted (it stays in the history).")
    return _to_milestones(request, milestone.action_id)


def _short(milestone: Milestone) -> str:
    return milestone.text if len(milestone.text) <= 60 else milestone.text[:59] + "…"


def _saved_message(verb: str, milestone: Milestone) -> str:
    if milestone.due_on:
        return f"Milestone “{_short(milestone)}” {verb}, due {milestone.due_on:%d/%m/%Y}."
    if milestone.timescale:
        return (f"Milestone “{_short(milestone)}” {verb}. Its timescale “{milestone.timescale}” names no date, "
                "so it has no due date: give one if it has.")
    return f"Milestone “{_short(milestone)}” {verb}, with no due date."
