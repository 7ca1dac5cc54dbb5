from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from actions.models import QuarterLock
from partnerships.models import Group, GroupMember, Role
from partnerships.permissions import Forbidden, Perm, can_read_return, partnership_view
from reports.forms import PlanQuarterForm, ReopenForm, ReturnChoiceForm
from reports.gather import gather_return
from reports.models import IssuedReturn, ReturnBatch
from reports.render import RenderError, render_html, render_pdf
from reports.services import quarter_reopen, return_batch_start, return_filename, return_issue


def _groups_for_drafts(request: HttpRequest) -> list[Group]:
    """Groups whose draft returns the user may read: all for coordinators and admins, the groups
    they sit on for members and leads, none for viewers (published returns only)."""
    groups = Group.objects.in_partnership(request.partnership).select_related("area").order_by("name")
    if Perm.ISSUE_RETURNS in request.perms:
        return list(groups)
    if request.membership.role == Role.VIEWER:
        return []
    sits = Q(person__user=request.user)
    if request.membership.person_id:
        sits |= Q(person_id=request.membership.person_id)
    return list(groups.filter(pk__in=GroupMember.objects.filter(sits).values("group_id")))


def _issued_for_user(request: HttpRequest):
    issued = IssuedReturn.objects.in_partnership(request.partnership).without_pdf().select_related(
        "group", "plan", "issued_by")
    if Perm.ISSUE_RETURNS in request.perms or request.membership.role == Role.VIEWER:
        return issued
    return issued.filter(group__in=_groups_for_drafts(request))


def _chosen(request: HttpRequest) -> tuple[ReturnChoiceForm, list[Group]]:
    groups = _groups_for_drafts(request)
    form = ReturnChoiceForm(request.GET or None, partnership=request.partnership, groups=groups)
    return form, groups


def _valid_choice(request: HttpRequest) -> dict:
    form, groups = _chosen(request)
    if not groups:
        raise Forbidden(Perm.VIEW_REPORTS)
    if not form.is_valid():
        raise Http404("No such plan, quarter or group")
    return form.cleaned_data


@partnership_view(Perm.VIEW_REPORTS)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form, groups = _chosen(request)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else None
    can_issue = Perm.ISSUE_RETURNS in request.perms
    locks = []
    batches = []
    if can_issue:
        locks = list(QuarterLock.objects.in_partnership(request.partnership).select_related(
            "plan", "locked_by", "reopened_by").order_by("-year_start", "-quarter", "-locked_at")[:20])
        batches = list(ReturnBatch.objects.in_partnership(request.partnership).select_related("plan")[:5])
    return render(request, "reports/index.html", {
        "form": form, "groups": groups, "chosen": chosen,
        "query": request.GET.urlencode() if chosen else "",
        "issued": list(_issued_for_user(request)[:50]),
        "can_issue": can_issue, "locks": locks, "batches": batches,
        "reopen_form": ReopenForm(partnership=request.partnership) if can_issue else None,
        "batch_form": PlanQuarterForm(partnership=request.partnership, initial={
            "period": request.GET.get("period")}) if can_issue else None,
    })


def _plan_quarter_group(request: HttpRequest) -> tuple:
    data = _valid_choice(request)
    group: Group = data["group"]
    if not can_read_return(request.user, request.partnership, group, issued=False):
        raise Forbidden(Perm.VIEW_REPORTS)
    return data["plan"], data["quarter"], group


@partnership_view(Perm.VIEW_REPORTS)
@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    plan, quarter, group = _plan_quarter_group(request)
    data = gather_return(plan=plan, quarter=quarter, group=group)
    body = render_html(data, template="reports/_return_body.html")
    return render(request, "reports/preview.html", {
        "body": body, "r": data, "query": request.GET.urlencode(),
        "can_issue": Perm.ISSUE_RETURNS in request.perms,
    })


@partnership_view(Perm.VIEW_REPORTS)
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    """A draft PDF of the return, rendered now (never stored)."""
    plan, quarter, group = _plan_quarter_group(request)
    data = gather_return(plan=plan, quarter=quarter, group=group)
    try:
        pdf = render_pdf(render_html(data)).pdf
    except RenderError as exc:
        messages.error(request, f"The PDF could not be produced: {exc}")
        return redirect(f"{reverse('reports:index', args=[request.partnership.slug])}?{request.GET.urlencode()}")
    name = return_filename(plan=plan, quarter=quarter, group=group).replace("-return.pdf", "-draft.pdf")
    return _pdf_response(pdf, name)


def _pdf_response(pdf: bytes, filename: str, sha256: str = "") -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(pdf))
    response["Cache-Control"] = "private, no-store"
    if sha256:
        response["X-Content-SHA256"] = sha256
    return response


@partnership_view(Perm.ISSUE_RETURNS)
@require_POST
def issue(request: HttpRequest) -> HttpResponse:
    form = ReturnChoiceForm(request.POST, partnership=request.partnership, groups=_groups_for_drafts(request))
    index_url = reverse("reports:index", args=[request.partnership.slug])
    if not form.is_valid():
        messages.error(request, "Choose a plan, quarter and group to issue.")
        return redirect(index_url)
    data = form.cleaned_data
    try:
        issued = return_issue(plan=data["plan"], quarter=data["quarter"], group=data["group"], user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except RenderError as exc:
        messages.error(request, f"The PDF could not be produced: {exc}")
    else:
        messages.success(request, f"Issued the {issued.period} return for {issued.group} "
                                  f"(SHA-256 {issued.sha256[:12]}…); {issued.period} is now locked.")
    query = urlencode({"period": request.POST.get("period", ""), "group": request.POST.get("group", "")})
    return redirect(f"{index_url}?{query}")


@partnership_view(Perm.VIEW_REPORTS)
@require_GET
def issued_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored bytes of an issued return, exactly as issued."""
    issued = get_object_or_404(IssuedReturn.objects.in_partnership(request.partnership).select_related("group"), pk=pk)
    if not can_read_return(request.user, request.partnership, issued.group, issued=True):
        raise Forbidden(Perm.VIEW_REPORTS)
    return _pdf_response(bytes(issued.pdf), issued.filename, issued.sha256)


@partnership_view(Perm.ISSUE_RETURNS)
@require_POST
def reopen(request: HttpRequest) -> HttpResponse:
    form = ReopenForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            quarter_reopen(plan=form.cleaned_data["plan"], quarter=form.cleaned_data["quarter"],
                           user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{form.cleaned_data['quarter']} reopened; the next return will say so.")
    return redirect("reports:index", partnership=request.partnership.slug)


@partnership_view(Perm.ISSUE_RETURNS)
@require_POST
def batch_start(request: HttpRequest) -> HttpResponse:
    form = PlanQuarterForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        messages.error(request, "Choose the plan and quarter whose returns to issue.")
        return redirect("reports:index", partnership=request.partnership.slug)
    try:
        batch = return_batch_start(plan=form.cleaned_data["plan"], quarter=form.cleaned_data["quarter"],
                                   user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:index", partnership=request.partnership.slug)
    messages.info(request, f"Issuing the {batch.period} returns of {batch.total} group(s).")
    return redirect(f"{reverse('reports:index', args=[request.partnership.slug])}#batch-{batch.pk}")


@partnership_view(Perm.ISSUE_RETURNS)
@require_GET
def batch_status(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ReturnBatch.objects.in_partnership(request.partnership).select_related("plan"), pk=pk)
    return render(request, "reports/index.html#batch-progress", {"batch": batch})
