"""The claims the provider puts in the ID token and the userinfo answer: e-mail address, whether it is
verified, name, and per user (from OIDC_PROVIDER_USERS) how they signed in (`amr`, RFC 8176) and Microsoft
Entra ID's `xms_edov` (the e-mail domain's owner is verified). A user whose "email_verified" is null gets no
such claim, as Entra ID sends none; "amr" and "xms_edov" are sent only for users that have them."""

import json
import os
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


def provider_users() -> dict[str, dict[str, Any]]:
    return {u["username"]: u for u in json.loads(os.environ.get("OIDC_PROVIDER_USERS", "[]"))}


class Validator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "email": "email", "email_verified": "email",
                        "name": "profile", "amr": "openid", "xms_edov": "email"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        described = provider_users().get(user.username, {})
        claims: dict[str, Any] = {"email": user.email, "name": user.get_full_name() or user.username}
        verified = described.get("email_verified", False)
        if verified is not None:
            claims["email_verified"] = bool(verified)
        for optional in ("amr", "xms_edov"):
            if optional in described:
                claims[optional] = described[optional]
        return claims
