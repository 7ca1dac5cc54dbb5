"""The claims the provider puts in the ID token and the userinfo answer: e-mail address, whether it is
verified (per user, from OIDC_PROVIDER_USERS), name."""

import json
import os
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


def verified_emails() -> dict[str, bool]:
    return {u["username"]: bool(u.get("email_verified", True))
            for u in json.loads(os.environ.get("OIDC_PROVIDER_USERS", "[]"))}


class Validator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "email": "email", "email_verified": "email",
                        "name": "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {"email": user.email, "email_verified": verified_emails().get(user.username, False),
                "name": user.get_full_name() or user.username}
