"""Starts the test OpenID Connect provider on 127.0.0.1:OIDC_PROVIDER_PORT, after making its database
(OIDC_PROVIDER_DB), its users (OIDC_PROVIDER_USERS: a JSON list of {username, password, email,
email_verified}) and the portal's client registration (OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
OIDC_REDIRECT_URI). Run from the project's folder: python -m tests.oidc_provider.serve"""

import json
import os

import django
from django.core.management import call_command


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    django.setup()
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for spec in json.loads(os.environ.get("OIDC_PROVIDER_USERS", "[]")):
        user = User.objects.create_user(spec["username"], spec["email"], spec["password"])
        user.first_name = spec.get("first_name", "")
        user.save()
    Application.objects.create(
        name="Partnership portal", client_id=os.environ["OIDC_CLIENT_ID"],
        client_secret=os.environ["OIDC_CLIENT_SECRET"], client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OIDC_REDIRECT_URI"], algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True)
    call_command("runserver", f"127.0.0.1:{os.environ['OIDC_PROVIDER_PORT']}", use_reloader=False, verbosity=0)


if __name__ == "__main__":
    main()
