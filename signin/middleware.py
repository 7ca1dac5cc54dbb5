"""A second factor for everyone (MFA_REQUIRED): a signed-in user without an authenticator app or a passkey /
security key is sent to set one up, and reaches no other page until it is done."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

SETUP_PAGE = "mfa_index"
# What a user may open before the second factor is set up: the setup pages themselves, the password check
# allauth asks for before a change (reauthenticate), and signing out.
SETUP_URL_NAMES = frozenset({
    "mfa_index", "mfa_activate_totp", "mfa_add_webauthn", "mfa_generate_recovery_codes",
    "mfa_view_recovery_codes", "mfa_download_recovery_codes", "account_reauthenticate", "mfa_reauthenticate",
    "logout", "account_logout",
})
FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]  # recovery codes alone are not a factor
# Once a user is seen with a factor, the session remembers it (no query on every page); removing one of the
# user's own factors forgets it (signin.signals), so the next page looks again.
HAS_FACTOR = "signin.has_second_factor"
# A single sign-on whose provider asserted its own second factor (OIDC_TRUST_PROVIDER_MFA, signin.signals): the
# portal asks for none of its own in that session. Kept in the session only, so it ends with it.
PROVIDER_FACTOR = "signin.provider_second_factor"


def has_second_factor(request: HttpRequest) -> bool:
    user = request.user
    if request.session.get(HAS_FACTOR) == user.pk:
        return True
    if request.session.get(PROVIDER_FACTOR) == user.pk and getattr(settings, "OIDC_TRUST_PROVIDER_MFA", False):
        return True
    if is_mfa_enabled(user, FACTORS):
        request.session[HAS_FACTOR] = user.pk
        return True
    return False


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (getattr(settings, "MFA_REQUIRED", False) and user is not None and user.is_authenticated
                and not self.allowed(request) and not has_second_factor(request)):
            messages.info(request, "Set up a second factor to go on: the portal holds OFFICIAL-SENSITIVE data, so "
                                   "everyone signs in with an authenticator app or a passkey / security key as well "
                                   "as a password.", fail_silently=True)
            return HttpResponseRedirect(reverse(SETUP_PAGE))
        return self.get_response(request)

    @staticmethod
    def allowed(request: HttpRequest) -> bool:
        try:
            return resolve(request.path_info).url_name in SETUP_URL_NAMES
        except Resolver404:
            return False
