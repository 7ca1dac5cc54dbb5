"""allauth adapters: nobody signs up (partnership admins make the accounts), and single sign-on signs in only
the existing portal user whose e-mail address the provider vouches for."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import render

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialLogin

log = logging.getLogger("portal.security")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Wrong passwords are counted by django-axes, by user name and address together. allauth's own count
        here is by user name alone (anyone anywhere could lock a colleague out): skipped for passwords, kept
        for second-factor codes (allauth.mfa counts those under the same "login_failed" limit)."""
        self._login_failed_rl_usage = None


def refuse(request: HttpRequest, reason: str, email: str = "") -> ImmediateHttpResponse:
    log.warning("single sign-on refused: %s email=%r", reason, email)
    return ImmediateHttpResponse(render(request, "socialaccount/refused.html", {"reason": reason, "email": email},
                                        status=403))


class SingleSignOnAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """The provider's account is linked to the one active portal user with its verified e-mail address, the
        first time; a later sign-in finds the link. No address, an unverified one, or one no portal user has (or
        several have) is refused with the reason: the portal never makes a user or a membership here."""
        if sociallogin.is_existing:
            if not sociallogin.user.is_active:
                raise refuse(request, "inactive")
            return
        trust_all = getattr(settings, "OIDC_TRUST_EMAILS", False)
        addresses = [a.email for a in sociallogin.email_addresses if a.email and (a.verified or trust_all)]
        if not addresses:
            unverified = next((a.email for a in sociallogin.email_addresses if a.email), "")
            raise refuse(request, "unverified" if unverified else "no-email", unverified)
        users: Any = get_user_model().objects.filter(is_active=True, email__iexact=addresses[0])
        matches = list(users[:2])
        if len(matches) != 1:
            raise refuse(request, "unknown" if not matches else "ambiguous", addresses[0])
        sociallogin.connect(request, matches[0])
        log.info("single sign-on linked: user=%s provider=%s", matches[0].pk, sociallogin.account.provider)
