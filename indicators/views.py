from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from indicators import services
from indicators.forms import AnswerForm, MonitoringForm, StartAssessmentForm, TargetForm, ValueForm
from indicators.models import (
    ANSWER_FIELDS,
    QUESTION_COUNT,
    Bvpi225Answer,
    Bvpi225Assessment,
    Bvpi225MonitoringEntry,
    Bvpi225Question,
    Indicator,
    Target,
    Value,
)
from indicators.queries import indicator_detail, indicator_summaries
from partnerships.models import Area
from partnerships.numbers import parse_whole
from partnerships.periods import PeriodError, parse_year, year_label, year_of
from partnerships.permissions import (
    PartnershipRequest,
    Perm,
    bvpi_answer_for_user,
    indicator_for_user,
    may_sign_off_bvpi,
    partnership_view,
    target_for_user,
    value_for_user,
)


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def indicator_list(request: PartnershipRequest) -> HttpResponse:
    return render(request, "indicators/list.html", {
        "summaries": indicator_summaries(request.partnership),
        "can_edit": Perm.EDIT_INDICATORS in request.perms,
    })


def _detail_page(request: PartnershipRequest, indicator: Indicator, may: frozenset[Perm], *,
                 value_form: ValueForm | None = None, target_form: TargetForm | None = None) -> HttpResponse:
    can_edit = Perm.EDIT_INDICATORS in may
    editing_value: Value | Target | None = None
    editing_target: Value | Target | None = None
    if can_edit:
        form_args = {"indicator": indicator, "partnership": request.partnership}
        if value_form is None:
            editing_value = _edit_param(request, "value", indicator.values.all())
            value_form = ValueForm(instance=editing_value, **form_args)
        else:
            editing_value = value_form.instance
        if target_form is None:
            editing_target = _edit_param(request, "target", indicator.targets.all())
            target_form = TargetForm(instance=editing_target, **form_args)
        else:
            editing_target = target_form.instance
    return render(request, "indicators/detail.html", {
        "indicator": indicator,
        "detail": indicator_detail(indicator),
        "can_edit": can_edit,
        "value_form": value_form,
        "target_form": target_form,
        "editing_value": editing_value,
        "editing_target": editing_target,
    })


def _edit_param[Figure: (Value, Target)](request: PartnershipRequest, name: str,
                                         queryset: QuerySet[Figure]) -> Figure | None:
    """?value=<pk> / ?target=<pk>: the figure to edit, when it belongs to this indicator."""
    pk = parse_whole(request.GET.get(name))
    if pk is None:
        return None
    return queryset.filter(pk=pk).select_related("area").first()


@require_GET
@partnership_view()
def detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    indicator, may = indicator_for_user(request, pk, Perm.VIEW_PLAN)
    return _detail_page(request, indicator, may)


def _detail_url(indicator: Indicator, anchor: str = "") -> str:
    url = reverse("indicators:detail", kwargs={"partnership": indicator.partnership.slug, "pk": indicator.pk})
    return f"{url}#{anchor}" if anchor else url


def _save_figure(request: PartnershipRequest, indicator: Indicator, may: frozenset[Perm],
                 form: ValueForm | TargetForm, save: Callable[[dict[str, Any]], object], what: str,
                 anchor: str) -> HttpResponse:
    """Validate, call the service, redirect; on a problem show the page again with the form's messages."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, what)
            return HttpResponseRedirect(_detail_url(indicator, anchor))
    if isinstance(form, ValueForm):
        return _detail_page(request, indicator, may, value_form=form)
    return _detail_page(request, indicator, may, target_form=form)


@require_POST
@partnership_view()
def value_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    indicator, may = indicator_for_user(request, pk, Perm.EDIT_INDICATORS)
    form = ValueForm(request.POST, indicator=indicator, partnership=request.partnership)

    def save(data: dict[str, Any]) -> Value:
        return services.value_record(indicator=indicator, area=data["area"], period=data["period"],
                                     value=data["value"], note=data["note"], user=request.user,
                                     year_to_date=data["year_to_date"])

    return _save_figure(request, indicator, may, form, save, "Value recorded.", "values")


@require_POST
@partnership_view()
def value_change(request: PartnershipRequest, pk: int, value_pk: int) -> HttpResponse:
    # Another partnership's indicator, or a value not of this indicator, is 404 before any 403.
    indicator, _ = indicator_for_user(request, pk, need=None)
    value, may = value_for_user(request, indicator, value_pk, Perm.EDIT_INDICATORS)
    value.indicator = indicator
    form = ValueForm(request.POST, indicator=indicator, partnership=request.partnership, instance=value)

    def save(data: dict[str, Any]) -> Value:
        return services.value_change(value=value, area=data["area"], period=data["period"],
                                     new_value=data["value"], note=data["note"], user=request.user,
                                     year_to_date=data["year_to_date"])

    return _save_figure(request, indicator, may, form, save, "Value changed.", "values")


@require_POST
@partnership_view()
def target_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    indicator, may = indicator_for_user(request, pk, Perm.EDIT_INDICATORS)
    form = TargetForm(request.POST, indicator=indicator, partnership=request.partnership)

    def save(data: dict[str, Any]) -> Target:
        return services.target_record(indicator=indicator, kind=data["kind"], area=data["area"],
                                      period=data["period"], value=data["value"], note=data["note"],
                                      user=request.user)

    return _save_figure(request, indicator, may, form, save, "Target added.", "targets")


@require_POST
@partnership_view()
def target_change(request: PartnershipRequest, pk: int, target_pk: int) -> HttpResponse:
    indicator, _ = indicator_for_user(request, pk, need=None)
    target, may = target_for_user(request, indicator, target_pk, Perm.EDIT_INDICATORS)
    target.indicator = indicator
    form = TargetForm(request.POST, indicator=indicator, partnership=request.partnership, instance=target)

    def save(data: dict[str, Any]) -> Target:
        return services.target_change(target=target, kind=data["kind"], area=data["area"], period=data["period"],
                                      value=data["value"], note=data["note"], user=request.user)

    return _save_figure(request, indicator, may, form, save, "Target changed.", "targets")


# BVPI 225


@dataclass
class AnswerItem:
    question: Bvpi225Question
    answer: Bvpi225Answer | None
    form: AnswerForm | None = None
    monitoring_form: MonitoringForm | None = None


@dataclass
class HistoryRow:
    question: Bvpi225Question
    cells: list[bool | None]


def _bvpi_url(partnership_slug: str, area: Area | None, year_start: int | None, anchor: str = "") -> str:
    url = reverse("indicators:bvpi", kwargs={"partnership": partnership_slug})
    params = {}
    if area is not None:
        params["area"] = area.slug
    if year_start is not None:
        params["year"] = year_label(year_start)
    query = f"?{urlencode(params)}" if params else ""
    return f"{url}{query}{'#' + anchor if anchor else ''}"


def _bvpi_context(request: PartnershipRequest, area_slug: str | None, year_text: str | None, *,
                  edit_number: int | None = None, bound: dict[int, dict[str, Any]] | None = None,
                  start_form: StartAssessmentForm | None = None) -> dict[str, Any]:
    """Everything the BVPI 225 page shows for one area and year, in a fixed number of queries.

    bound: forms already filled in by a POST that failed validation, by question number
    ({"answer": AnswerForm} or {"monitoring": MonitoringForm})."""
    partnership = request.partnership
    bound = bound or {}
    areas = list(Area.objects.in_partnership(partnership))
    assessments_all = list(
        Bvpi225Assessment.objects.in_partnership(partnership).order_by("area__name", "year_start")
        .values_list("area_id", "year_start")
    )
    area = next((a for a in areas if a.slug == area_slug), None)
    if area is None:
        with_assessment = {area_id for area_id, _ in assessments_all}
        area = next((a for a in areas if a.pk in with_assessment), areas[0] if areas else None)
    assessments: list[Bvpi225Assessment] = []
    if area is not None:
        assessments = list(
            Bvpi225Assessment.objects.filter(area=area).order_by("year_start").prefetch_related(
                Prefetch("answers", queryset=Bvpi225Answer.objects.select_related("question").prefetch_related(
                    Prefetch("monitoring", queryset=Bvpi225MonitoringEntry.objects.order_by("date"))
                ))
            )
        )
    year_start = None
    if year_text:
        try:
            year_start = parse_year(year_text)
        except PeriodError:
            year_start = None
    current = next((a for a in assessments if a.year_start == year_start), None)
    if current is None and assessments:
        current = assessments[-1]
    questions = list(Bvpi225Question.objects.order_by("number"))
    can_edit = Perm.EDIT_BVPI in request.perms
    items = []
    answers = {a.question.number: a for a in current.answers.all()} if current else {}
    for question in questions:
        answer = answers.get(question.number)
        item = AnswerItem(question, answer)
        if answer is not None and can_edit:
            given = bound.get(question.number, {})
            item.monitoring_form = given.get("monitoring") or MonitoringForm(answer=answer)
            if "answer" in given:
                item.form = given["answer"]
            elif edit_number == question.number:
                item.form = AnswerForm(instance=answer)
        items.append(item)
    history = [
        HistoryRow(q, [next((a.year_end_answer for a in s.answers.all() if a.question_id == q.pk), None)
                       for s in assessments])
        for q in questions
    ]
    next_year = (assessments[-1].year_start + 1) if assessments else year_of(timezone.localdate())
    return {
        "areas": areas,
        "area": area,
        "assessment": current,
        "assessments": assessments,
        "items": items,
        "history": history,
        "question_count": QUESTION_COUNT,
        "can_edit": can_edit,
        "can_sign_off": may_sign_off_bvpi(request.user, partnership),
        "start_form": start_form or StartAssessmentForm(
            partnership=partnership, initial={"area": area, "year": year_label(next_year)}
        ),
        "page_url": _bvpi_url(partnership.slug, area, current.year_start if current else None),
    }


def _edit_number(request: PartnershipRequest) -> int | None:
    return parse_whole(request.GET.get("edit"))


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def bvpi(request: PartnershipRequest) -> HttpResponse:
    edit_number = _edit_number(request)
    context = _bvpi_context(request, request.GET.get("area"), request.GET.get("year"), edit_number=edit_number)
    if request.headers.get("HX-Request") and edit_number:
        # htmx asks for one answer's inline form (or its read-only card again, on cancel).
        item = next((i for i in context["items"] if i.question.number == edit_number), None)
        if item is None:
            return HttpResponse(status=404)
        if request.GET.get("cancel"):
            item.form = None
        return render(request, "indicators/bvpi.html#answer", {**context, "item": item})
    return render(request, "indicators/bvpi.html", context)


@require_POST
@partnership_view()
def bvpi_answer_change(request: PartnershipRequest, pk: int) -> HttpResponse:
    answer, _ = bvpi_answer_for_user(request, pk, Perm.EDIT_BVPI)
    assessment = answer.assessment
    number = answer.question.number
    # The form works on a copy: validating a ModelForm writes into its instance, and the service
    # compares the new answer with the one on record.
    form = AnswerForm(request.POST, instance=copy.copy(answer))
    is_htmx = bool(request.headers.get("HX-Request"))
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ANSWER_FIELDS}
        try:
            withdrawn = services.bvpi_answer_change(answer=answer, user=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            note = (" The earlier sign-off was withdrawn because the answer or its evidence changed."
                    if withdrawn else "")
            if not is_htmx:
                messages.success(request, f"Question {number} saved.{note}")
                return HttpResponseRedirect(
                    _bvpi_url(request.partnership.slug, assessment.area, assessment.year_start, f"q-{number}")
                )
            context = _bvpi_context(request, assessment.area.slug, assessment.year_label)
            item = next(i for i in context["items"] if i.question.number == number)
            context.update(item=item, saved_message=f"Question {number} saved.{note}")
            # The answer card in place, and the score and the years table refreshed out of band.
            body = render_to_string("indicators/bvpi.html#answer", context, request)
            body += render_to_string("indicators/bvpi.html#score", {**context, "oob": True}, request)
            body += render_to_string("indicators/bvpi.html#history", {**context, "oob": True}, request)
            return HttpResponse(body)
    context = _bvpi_context(request, assessment.area.slug, assessment.year_label, bound={number: {"answer": form}})
    if is_htmx:
        item = next(i for i in context["items"] if i.question.number == number)
        return render(request, "indicators/bvpi.html#answer", {**context, "item": item})
    return render(request, "indicators/bvpi.html", context)


@require_POST
@partnership_view()
def bvpi_monitoring_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    answer, _ = bvpi_answer_for_user(request, pk, Perm.EDIT_BVPI)
    assessment = answer.assessment
    number = answer.question.number
    form = MonitoringForm(request.POST, answer=answer)
    if form.is_valid():
        try:
            services.bvpi_monitoring_add(answer=answer, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Monitoring entry added to question {number}.")
            return HttpResponseRedirect(
                _bvpi_url(request.partnership.slug, assessment.area, assessment.year_start, f"q-{number}")
            )
    context = _bvpi_context(request, assessment.area.slug, assessment.year_label, bound={number: {"monitoring": form}})
    return render(request, "indicators/bvpi.html", context)


@require_POST
@partnership_view()
def bvpi_sign_off(request: PartnershipRequest, pk: int) -> HttpResponse:
    # Forbidden (403) unless a coordinator or a group chair (permissions.may_sign_off_bvpi).
    answer, _ = bvpi_answer_for_user(request, pk, Perm.SIGN_OFF_BVPI)
    assessment = answer.assessment
    number = answer.question.number
    try:
        services.bvpi_sign_off(answer=answer, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Question {number} signed off.")
    return HttpResponseRedirect(
        _bvpi_url(request.partnership.slug, assessment.area, assessment.year_start, f"q-{number}")
    )


@require_POST
@partnership_view(Perm.EDIT_BVPI)
def bvpi_start(request: PartnershipRequest) -> HttpResponse:
    form = StartAssessmentForm(request.POST, partnership=request.partnership)
    if form.is_valid():
        area = form.cleaned_data["area"]
        try:
            assessment = services.bvpi_assessment_start(
                partnership=request.partnership, area=area, year_start=form.cleaned_data["year"], user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"BVPI 225 {assessment.year_label} started for {area.name}: answer each question below."
            )
            return HttpResponseRedirect(_bvpi_url(request.partnership.slug, area, assessment.year_start))
    area = form.cleaned_data.get("area") if hasattr(form, "cleaned_data") else None
    context = _bvpi_context(request, area.slug if area else None, None, start_form=form)
    return render(request, "indicators/bvpi.html", context)
