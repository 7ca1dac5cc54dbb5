"""Coordinators edit the plan on its own pages: add an action or an objective, move an action to another
objective or place, remove an action (after asking), start a plan for an empty partnership. The writes
are the services of actions.plan_editing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from actions.models import Action, ActionPlan, Objective, objective_tree
from actions.plan_editing import action_create, action_move, action_remove, objective_create, plan_create
from actions.queries import partnership_plans
from actions.services import StaleAction
from partnerships.limits import ACTION_TEXT, TITLE
from partnerships.permissions import PartnershipRequest, Perm, action_for_user, partnership_view


def _objective_choices(plan: ActionPlan) -> list[tuple[str, str]]:
    ordered, _ = objective_tree(list(plan.objectives.all()))
    return [(str(o.pk), f"{'– ' * depth}{o.heading}: {o.title[:70]}") for o, depth in ordered]


class ObjectiveChoiceForm(forms.Form):
    objective = forms.ChoiceField(label="Objective")

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        cast(forms.ChoiceField, self.fields["objective"]).choices = _objective_choices(plan)
        self.fields["objective"].error_messages["invalid_choice"] = "there is no such objective in this plan"
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")

    def clean_objective(self) -> Objective:
        return self.plan.objectives.get(pk=int(self.cleaned_data["objective"]))


class ActionNewForm(ObjectiveChoiceForm):
    ref = forms.CharField(label="Reference", required=False, max_length=40, help_text="e.g. 1.4; may stay empty")
    description = forms.CharField(label="Action", max_length=ACTION_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    timescale = forms.CharField(required=False, max_length=300,
                                help_text="A date (September 2009) or a cadence (Ongoing, Quarterly ...)")


class ActionMoveForm(ObjectiveChoiceForm):
    position = forms.IntegerField(min_value=1, help_text="1 puts it first under the objective")
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionRemoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ObjectiveNewForm(forms.Form):
    ref = forms.CharField(label="Reference", max_length=40, help_text="e.g. 3 or 2.4")
    label = forms.CharField(required=False, max_length=40, help_text="Objective, Priority, Theme ...")
    title = forms.CharField(max_length=TITLE, widget=forms.Textarea(attrs={"rows": 2}))
    parent = forms.ChoiceField(label="Under", required=False)

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        cast(forms.ChoiceField, self.fields["parent"]).choices = [("", "At the top of the plan")] + \
            _objective_choices(plan)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")

    def clean_parent(self) -> Objective | None:
        raw = self.cleaned_data.get("parent")
        return self.plan.objectives.get(pk=int(raw)) if raw else None


class PlanNewForm(forms.Form):
    title = forms.CharField(max_length=300, initial="Action plan")
    year_start = forms.IntegerField(label="Financial year starting in", min_value=2000, max_value=2100,
                                    help_text="2026 for 2026-27")


def _plan_of(request: PartnershipRequest) -> ActionPlan:
    plans = {p.pk: p for p in partnership_plans(request.partnership)}
    try:
        plan = plans.get(int(request.GET.get("plan") or request.POST.get("plan") or 0))
    except ValueError:
        plan = None
    if plan is None:
        raise Http404("No such plan in this partnership")
    return plan


def _plan_url(request: PartnershipRequest, plan: ActionPlan) -> str:
    return reverse("actions:plan", kwargs={"partnership": request.partnership.slug}) + f"?plan={plan.pk}"


@require_http_methods(["GET", "POST"])
@partnership_view(Perm.EDIT_PLAN)
def action_new(request: PartnershipRequest) -> HttpResponse:
    plan = _plan_of(request)
    initial = {"objective": request.GET.get("objective", "")}
    form = ActionNewForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = action_create(user=request.user, plan=plan, objective=data["objective"],
                                   description=data["description"], ref=data["ref"], timescale=data["timescale"])
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, f"The action {action.ref or ''} has been added under "
                                      f"{data['objective'].heading}.".replace("  ", " "))
            return redirect(_plan_url(request, plan) + f"#a{action.pk}")
    status = 400 if request.method == "POST" else 200
    return render(request, "actions/plan_edit_form.html", {
        "plan": plan, "form": form, "title": "Add an action", "button": "Add the action",
        "post_url": reverse("actions:action_new", kwargs={"partnership": request.partnership.slug}),
    }, status=status)


@require_http_methods(["GET", "POST"])
@partnership_view(Perm.EDIT_PLAN)
def objective_new(request: PartnershipRequest) -> HttpResponse:
    plan = _plan_of(request)
    form = ObjectiveNewForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objective = objective_create(user=request.user, plan=plan, ref=data["ref"], title=data["title"],
                                         label=data["label"], parent=data["parent"])
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, f"The objective {objective.heading} has been added.")
            return redirect(_plan_url(request, plan))
    return render(request, "actions/plan_edit_form.html", {
        "plan": plan, "form": form, "title": "Add an objective", "button": "Add the objective",
        "post_url": reverse("actions:objective_new", kwargs={"partnership": request.partnership.slug}),
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@partnership_view()
def action_move_view(request: PartnershipRequest, pk: int) -> HttpResponse:
    action, _ = action_for_user(request, pk, Perm.EDIT_PLAN)
    plan = action.plan
    place = list(Action.objects.filter(objective=action.objective).order_by("order", "pk").values_list("pk", flat=True))
    initial = {"objective": str(action.objective_id), "position": place.index(action.pk) + 1,
               "version": action.version}
    form = ActionMoveForm(request.POST or None, plan=plan, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = action_move(user=request.user, action=action, version=data["version"],
                                objective=data["objective"], position=data["position"])
        except StaleAction as refused:
            stale = refused
            form.add_error(None, str(refused) + "; look at the action again before you move it")
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, f"{moved.ref or 'The action'} is now number {data['position']} under "
                                      f"{data['objective'].heading}.")
            return redirect(_plan_url(request, plan) + f"#a{moved.pk}")
    return render(request, "actions/plan_edit_form.html", {
        "plan": plan, "form": form, "action": action, "stale": stale,
        "title": f"Move {action.ref or 'the action'}", "button": "Move the action",
        "post_url": reverse("actions:action_move", kwargs={"partnership": request.partnership.slug, "pk": pk}),
    }, status=(409 if stale else 400) if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@partnership_view()
def action_remove_view(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Asks first (GET), removes on POST; the history keeps the action and its updates."""
    action, _ = action_for_user(request, pk, Perm.EDIT_PLAN)
    form = ActionRemoveForm(request.POST or None, initial={"version": action.version})
    if request.method == "POST" and form.is_valid():
        try:
            action_remove(user=request.user, action=action, version=form.cleaned_data["version"])
        except StaleAction as refused:
            form.add_error(None, str(refused) + "; look at the action again before you remove it")
        except ValidationError as refused:
            form.add_error(None, refused.messages[0])
        else:
            messages.success(request, f"The action {action.ref or ''} has been removed (the history keeps it)."
                             .replace("  ", " "))
            return redirect(_plan_url(request, action.plan))
    return render(request, "actions/action_remove.html", {
        "action": action, "plan": action.plan, "form": form, "updates": action.updates.count(),
    }, status=409 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@partnership_view(Perm.EDIT_PLAN)
def plan_new(request: PartnershipRequest) -> HttpResponse:
    """A first plan for a partnership (or another year's)."""
    today = timezone.localdate()
    form = PlanNewForm(request.POST or None, initial={"year_start": today.year if today.month >= 4 else today.year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(user=request.user, partnership=request.partnership, title=form.cleaned_data["title"],
                               year_start=form.cleaned_data["year_start"])
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, f"{plan.title} ({plan.year_label}) has been created with a first objective: "
                                      "rename it and add actions.")
            return redirect(_plan_url(request, plan))
    return render(request, "actions/plan_edit_form.html", {
        "plan": None, "form": form, "title": "Create a plan", "button": "Create the plan",
        "post_url": reverse("actions:plan_new", kwargs={"partnership": request.partnership.slug}),
    }, status=400 if request.method == "POST" else 200)
