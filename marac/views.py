"""Pages of the marac app."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partnerships.permissions import PartnershipRequest, Perm, partnership_view


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def index(request: PartnershipRequest) -> HttpResponse:
    return render(request, "marac/index.html", {})
