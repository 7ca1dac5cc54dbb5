"""Sign-in lockout with django-axes: after AXES_FAILURE_LIMIT failed sign-ins for one user name from one
address, that pair is refused for AXES_COOLOFF_TIME (AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]:
a council's proxy, behind which hundreds sign in, is not locked out as a whole, and nobody can lock a
colleague out from elsewhere). A coordinator or admin of the partnership unlocks a member early on the
partnership's lockouts page (audit.lockouts), a superuser by deleting the attempt in the admin site
(Axes > Access attempts). Each lockout and unlock is recorded in the partnership's audit log (audit app),
each failure also in Access failures, and logged."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from allauth.account.forms import LoginForm
from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone

log = logging.getLogger("portal.security")


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check before the password backend. A call to authenticate() without a request (a management
    command, the test client's login()) has no address to count and is not a sign-in from the web:
    it is left to the password backend, instead of failing as axes' own backend does."""

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(net == "*" or ip in ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person signing in. Behind the reverse proxy every request comes from the proxy;
    the client is then the last address the proxy added to X-Forwarded-For (nginx appends the address it
    saw). The header is believed only from a trusted proxy (FORWARDED_ALLOW_IPS)."""
    peer = request.META.get("REMOTE_ADDR") or ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _trusted(peer):
        last = forwarded.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            return peer or None
    return peer or None


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The sign-in page again, with the reason it refuses (axes' lockout answer, status 429)."""
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    until = formats.time_format(timezone.localtime(timezone.now() + cool_off), "H:i") if cool_off else ""
    message = (f"Sign-in as “{username}” from your address is refused for {minutes} minutes after "
               f"{settings.AXES_FAILURE_LIMIT} failed attempts. Try again after {until}, or ask an admin of your "
               "partnership to unlock it now. If you have forgotten your password, set a new one with the "
               "link below.")
    form = LoginForm(request=request, initial={"login": username})
    return render(request, "registration/login.html", {"form": form, "locked_out": message,
                                                       "next": request.POST.get("next", "")}, status=429)


@receiver(user_locked_out, dispatch_uid="ops.lockout.log_lockout")
def log_lockout(sender: Any, request: HttpRequest, username: str | None = None, ip_address: str | None = None,
                **kwargs: Any) -> None:
    log.warning("sign-in locked out: username=%r ip=%s", username, ip_address)
