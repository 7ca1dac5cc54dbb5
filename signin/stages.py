"""The second-factor step of allauth's sign-in, satisfied by the provider's own second factor when a single
sign-on's ID token says it was used and the installation trusts it (OIDC_TRUST_PROVIDER_MFA)."""

from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage
from django.http import HttpRequest

from signin.adapters import provider_asserted_mfa


class AuthenticateStage(AllauthAuthenticateStage):
    def _should_handle(self, request: HttpRequest) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and provider_asserted_mfa(sociallogin):
            return False
        return super()._should_handle(request)
