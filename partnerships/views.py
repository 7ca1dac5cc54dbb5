from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partnerships.models import Membership


def home(request: HttpRequest) -> HttpResponse:
    memberships = list(Membership.objects.filter(user=request.user).select_related("partnership", "agency"))
    if len(memberships) == 1:
        # One partnership: go straight to its dashboard.
        return redirect("actions:dashboard", partnership=memberships[0].partnership.slug)
    return render(request, "partnerships/home.html", {"memberships": memberships})
