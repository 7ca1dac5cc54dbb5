"""Pages of the quarterly returns: choose, preview and download a draft; issue, reopen a quarter,
issue every group's return in a batch; download an issued return exactly as issued.

A draft PDF is never laid out in a web request (with a queue behind TASKS): the draft page asks for
it and shows its progress, polling draft_status; the PDF is kept until the plan's data changes
(reports.drafts), so the download is the kept file.

Who may read which return is partnerships.permissions' rule (return_groups_for, may_read_return);
these views only ask it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from actions.models import ActionPlan, QuarterLock
from partnerships.models import Group
from partnerships.periods import Quarter
from partnerships.permissions import (
    Forbidden,
    PartnershipRequest,
    Perm,
    issued_return_for_user,
    partnership_view,
    return_batch_for_user,
    return_groups_for,
)
from reports.drafts import Draft, draft_for, draft_request
from reports.forms import PlanQuarterForm, ReopenForm, ReturnChoiceForm
from reports.gather import gather_return
from reports.models import IssuedReturn, ReturnBatch
from reports.render import render_html
from reports.services import quarter_reopen, return_batch_start, return_filename


def _draft_groups(request: PartnershipRequest) -> QuerySet[Group]:
    return return_groups_for(request.user, request.partnership).select_related("area").order_by("name")


def _draft_return_for_user(request: PartnershipRequest) -> tuple[ActionPlan, Quarter, Group | None, bool]:
    """The draft return chosen in the query string (no group: the whole partnership's, for those who
    issue returns): 403 for a user who may read no group's draft, 404 for a plan, quarter or group
    that is not among theirs."""
    groups = list(_draft_groups(request))
    if not groups:
        raise Forbidden(Perm.READ_DRAFT_RETURNS)
    form = ReturnChoiceForm(request.GET or None, partnership=request.partnership, groups=groups,
                            whole_partnership=Perm.ISSUE_RETURNS in request.perms)
    if not form.is_valid():
        raise Http404("No such plan, quarter or group")
    data = form.cleaned_data
    return data["plan"], data["quarter"], data["group"], bool(data.get("annex"))


def _index_url(request: PartnershipRequest, query: str = "") -> str:
    url = reverse("reports:index", args=[request.partnership.slug])
    return f"{url}?{query}" if query else url


@require_GET
@partnership_view(Perm.VIEW_REPORTS)
def index(request: PartnershipRequest) -> HttpResponse:
    groups = list(_draft_groups(request))
    form = ReturnChoiceForm(request.GET or None, partnership=request.partnership, groups=groups,
                            whole_partnership=Perm.ISSUE_RETURNS in request.perms)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else None
    can_issue = Perm.ISSUE_RETURNS in request.perms
    issued = (IssuedReturn.objects.without_pdf().in_partnership(request.partnership)
              .filter(group__in=return_groups_for(request.user, request.partnership, issued=True))
              .select_related("group", "plan", "issued_by"))
    context = {
        "form": form, "groups": groups, "chosen": chosen, "query": request.GET.urlencode() if chosen else "",
        "issued": list(issued[:50]), "can_issue": can_issue, "locks": [], "batches": [],
        "reopen_form": None, "batch_form": None,
    }
    if can_issue:
        context["locks"] = list(
            QuarterLock.objects.in_partnership(request.partnership).select_related("plan", "locked_by", "reopened_by")
            .order_by("-year_start", "-quarter", "-locked_at")[:20])
        context["batches"] = list(ReturnBatch.objects.in_partnership(request.partnership)
                                  .select_related("plan", "group")[:5])
        context["reopen_form"] = ReopenForm(partnership=request.partnership)
        context["batch_form"] = PlanQuarterForm(partnership=request.partnership,
                                                initial={"period": request.GET.get("period")})
    return render(request, "reports/index.html", context)


@require_GET
@partnership_view()
def preview(request: PartnershipRequest) -> HttpResponse:
    plan, quarter, group, annex = _draft_return_for_user(request)
    data = gather_return(plan=plan, quarter=quarter, group=group)
    return render(request, "reports/preview.html", {
        "body": render_html(data, template="reports/_return_body.html", annex=annex), "r": data,
        "query": request.GET.urlencode(), "can_issue": Perm.ISSUE_RETURNS in request.perms,
    })


def _chosen_draft(request: PartnershipRequest) -> Draft:
    plan, quarter, group, annex = _draft_return_for_user(request)
    return draft_for(plan=plan, quarter=quarter, group=group, user=request.user, annex=annex)


def _draft_context(request: PartnershipRequest, draft: Draft, state: str) -> dict[str, object]:
    note = draft.note() if state != "ready" else {}
    return {
        "draft": draft, "state": state, "error": note.get("error", ""), "since": note.get("since", ""),
        "query": urlencode({"period": request.GET.get("period", ""), "group": request.GET.get("group", ""),
                            **({"annex": "on"} if draft.annex else {})}),
        "filename": return_filename(plan=draft.plan, quarter=draft.quarter, group=draft.group, draft=True),
    }


@require_GET
@partnership_view()
def draft(request: PartnershipRequest) -> HttpResponse:
    """Ask for the draft PDF and show how its making goes (the page polls draft_status)."""
    chosen = _chosen_draft(request)
    state = draft_request(chosen)
    return render(request, "reports/draft.html", _draft_context(request, chosen, state))


@require_GET
@partnership_view()
def draft_status(request: PartnershipRequest) -> HttpResponse:
    """The progress of the draft page, for its poll (asks for nothing)."""
    chosen = _chosen_draft(request)
    return render(request, "reports/draft.html#draft-progress", _draft_context(request, chosen, chosen.state()))


@require_GET
@partnership_view()
def download(request: PartnershipRequest) -> HttpResponse:
    """The draft PDF of the return as the data stands, kept from an earlier request when the data has
    not changed since; else it is asked for and the draft page shows its progress."""
    chosen = _chosen_draft(request)
    state = draft_request(chosen)
    if state == "ready":
        return _pdf_response(chosen.read_pdf(), return_filename(plan=chosen.plan, quarter=chosen.quarter,
                                                                group=chosen.group, draft=True))
    if state == "failed":
        messages.error(request, f"The PDF could not be produced: {chosen.note().get('error', '')}")
        return redirect(_index_url(request, request.GET.urlencode()))
    return redirect(f"{reverse('reports:draft', args=[request.partnership.slug])}?{request.GET.urlencode()}")


def _pdf_response(pdf: bytes, filename: str, sha256: str = "") -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(pdf))
    response["Cache-Control"] = "private, no-store"
    if sha256:
        response["X-Content-SHA256"] = sha256
    return response


@require_POST
@partnership_view(Perm.ISSUE_RETURNS)
def issue(request: PartnershipRequest) -> HttpResponse:
    form = ReturnChoiceForm(request.POST, partnership=request.partnership, groups=list(_draft_groups(request)))
    if not form.is_valid():
        messages.error(request, "Choose a plan, quarter and group to issue.")
        return redirect(_index_url(request))
    data = form.cleaned_data
    if data["group"] is None:
        messages.error(request, "Choose the group to issue the return to: the whole partnership's return is "
                                "a draft to download, not issued.")
        return redirect(_index_url(request))
    query = urlencode({"period": request.POST.get("period", ""), "group": request.POST.get("group", "")})
    # The PDF is laid out in the background, as the drafts are: the page polls the batch's progress.
    try:
        batch = return_batch_start(plan=data["plan"], quarter=data["quarter"], user=request.user,
                                   group=data["group"], annex=bool(data.get("annex")))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_index_url(request, query))
    messages.info(request, f"Issuing the {batch.period} return for {data['group']}: {batch.period} is locked "
                           "first; the progress is below.")
    return redirect(f"{_index_url(request, query)}#batch-{batch.pk}")


@require_GET
@partnership_view()
def issued_download(request: PartnershipRequest, pk: int) -> HttpResponse:
    """The stored bytes of an issued return, exactly as issued."""
    issued, _ = issued_return_for_user(request, pk)
    return _pdf_response(bytes(issued.pdf), issued.filename, issued.sha256)


@require_POST
@partnership_view(Perm.ISSUE_RETURNS)
def reopen(request: PartnershipRequest) -> HttpResponse:
    form = ReopenForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_index_url(request))
    data = form.cleaned_data
    try:
        quarter_reopen(plan=data["plan"], quarter=data["quarter"], user=request.user, reason=data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{data['quarter']} reopened; the next return will say so.")
    return redirect(_index_url(request))


@require_POST
@partnership_view(Perm.ISSUE_RETURNS)
def batch_start(request: PartnershipRequest) -> HttpResponse:
    form = PlanQuarterForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        messages.error(request, "Choose the plan and quarter whose returns to issue.")
        return redirect(_index_url(request))
    try:
        batch = return_batch_start(plan=form.cleaned_data["plan"], quarter=form.cleaned_data["quarter"],
                                   user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_index_url(request))
    messages.info(request, f"Issuing the {batch.period} returns of {batch.total} group(s).")
    return redirect(f"{_index_url(request)}#batch-{batch.pk}")


@require_GET
@partnership_view()
def batch_status(request: PartnershipRequest, pk: int) -> HttpResponse:
    batch, _ = return_batch_for_user(request, pk)
    return render(request, "reports/index.html#batch-progress", {"batch": batch})
