"""The action page and what is done on it: edit, record or delete progress, evidence files, the
year-end review. Each view fetches the action through partnerships.permissions.action_for_user,
which states the permission it needs (404 for another partnership's action, 403 without it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.forms import ActionForm, ProgressForm, ReviewForm
from actions.history import action_history
from actions.models import EDITABLE_FIELDS, EDITABLE_M2M, Action, QuarterLock, UpdateRound, YearEndReview
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


def _action_context(request: PartnershipRequest, action: Action, may: frozenset[Perm],
                    progress_form: ProgressForm | None = None, review_form: ReviewForm | None = None) -> dict[str, Any]:
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
    return {
        "action": action, "plan": action.plan, "updates": updates, "correctable": correctable,
        "lead_agencies": list(action.lead_agencies.all()), "lead_people": list(action.lead_people.all()),
        "groups": list(action.responsibility_groups.all()), "can_update": can_update, "can_edit": can_edit,
        "review": review, "progress_form": progress_form, "review_form": review_form,
        "history": action_history(action, directory.agency_names(), directory.person_names(), groups),
        "locked_quarters": [q.label for q in locked],
        "overdue": action.is_overdue(), "status_label": action.get_status_display(),
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
