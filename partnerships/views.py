from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerships.models import Membership


def home(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related("partnership", "agency")
    return render(request, "partnerships/home.html", {"memberships": memberships})
