"""The strategy page: vision, its plans, the draft and approval history, changes to the record."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actions.models import Strategy, StrategyApproval
from partnerships.permissions import PartnershipRequest, Perm, partnership_view, strategy_for_user


@require_GET
@partnership_view()
def strategy(request: PartnershipRequest, strategy_slug: str) -> HttpResponse:
    strategy, _ = strategy_for_user(request, strategy_slug, Perm.VIEW_PLAN, queryset=Strategy.objects.prefetch_related(
        "revisions", Prefetch("revisions__approvals", queryset=StrategyApproval.objects.select_related("group")),
    ))
    plans = list(strategy.plans.annotate(action_count=Count("actions")).order_by("-year_start"))
    history = list(strategy.history.select_related("history_user").order_by("-history_date")[:50])
    return render(request, "actions/strategy.html", {"strategy": strategy, "plans": plans, "history": history})
