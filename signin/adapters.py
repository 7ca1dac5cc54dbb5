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
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialLogin

log = logging.getLogger("portal.security")
STAGE = "signin.stages.AuthenticateStage"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        """allauth's, with its second-factor stage replaced by one that a provider's second factor satisfies."""
        return [STAGE if path == "allauth.mfa.stages.AuthenticateStage" else path
                for path in super().get_login_stages()]

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
        addresses = [a.email for a in sociallogin.email_addresses if a.email and address_trusted(sociallogin, a)]
        if not addresses:
            unverified = next((a.email for a in sociallogin.email_addresses if a.email), "")
            raise refuse(request, "unverified" if unverified else "no-email", unverified)
        users: Any = get_user_model().objects.filter(is_active=True, email__iexact=addresses[0])
        matches = list(users[:2])
        if len(matches) != 1:
            raise refuse(request, "unknown" if not matches else "ambiguous", addresses[0])
        # Only the user is chosen here; the link (the SocialAccount row) is saved once the sign-in is complete,
        # after the portal's second factor when one is asked for (signin.signals.link_after_sign_in): a sign-in
        # abandoned at the second factor leaves no link that a later sign-in would take as settled.
        sociallogin.user = matches[0]


def id_token_claims(sociallogin: SocialLogin) -> dict[str, Any]:
    """The claims of the signed ID token (allauth keeps it apart from the userinfo answer)."""
    extra = sociallogin.account.extra_data or {}
    claims = extra.get("id_token") if isinstance(extra, dict) else None
    return claims if isinstance(claims, dict) else {}


def address_trusted(sociallogin: SocialLogin, address: EmailAddress) -> bool:
    """An address marked email_verified; with OIDC_TRUST_EMAILS any address, except that Microsoft Entra ID must
    also say its domain is verified by the tenant (xms_edov): without it an account whose e-mail attribute was
    set to any domain by its tenant's administrator could claim a portal user's address."""
    if address.verified:
        return True
    if not getattr(settings, "OIDC_TRUST_EMAILS", False):
        return False
    if getattr(settings, "OIDC_PROVIDER_IS_ENTRA", False):
        return id_token_claims(sociallogin).get("xms_edov") in (True, 1, "1", "true", "True")
    return True


# RFC 8176 authentication methods, and Entra ID's own (fido, ngcmfa), that mean a second factor was used.
SECOND_FACTOR_METHODS = frozenset({"mfa", "mca", "otp", "hwk", "swk", "sc", "fido", "ngcmfa", "sms", "tel"})


def provider_asserted_mfa(sociallogin: SocialLogin) -> bool:
    """OIDC_TRUST_PROVIDER_MFA is on and the signed ID token's amr claim names a second factor."""
    if not getattr(settings, "OIDC_TRUST_PROVIDER_MFA", False):
        return False
    amr = id_token_claims(sociallogin).get("amr")
    if isinstance(amr, str):
        amr = [amr]
    return isinstance(amr, list) and any(str(method).lower() in SECOND_FACTOR_METHODS for method in amr)
