"""`manage.py check --deploy` with the production settings (DEBUG off, as an IT team sets them) finds
nothing, and the settings behind it do what they say: plain HTTP redirected to HTTPS, HSTS, cookies
marked Secure and HttpOnly, the proxy's X-Forwarded-Proto trusted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.portal.support import ROOT, production_env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_finds_nothing_with_production_settings(tmp_path: Path) -> None:
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_hsts_is_turned_off(tmp_path: Path) -> None:
    # The same command the test above relies on does fail on a weaker setting.
    result = manage(production_env(tmp_path, SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="0"),
                    "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
    assert "security.W008" in result.stderr + result.stdout


PROBE = """
import json
from django.test import Client
c = Client(HTTP_HOST="localhost")
plain = c.get("/accounts/login/")
tls = c.get("/accounts/login/", headers={"x-forwarded-proto": "https"})
csrf = tls.cookies["csrftoken"]
health = c.get("/healthz")
print(json.dumps({
    "healthz": health.status_code,
    "plain": [plain.status_code, plain.get("Location", "")],
    "tls": [tls.status_code, tls.get("Strict-Transport-Security", "")],
    "csrf": [bool(csrf["secure"]), bool(csrf["httponly"]), csrf["samesite"]],
}))
"""


def test_production_settings_redirect_to_https_and_mark_cookies(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    assert manage(env, "collectstatic", "--noinput", "-v", "0").returncode == 0
    assert manage(env, "migrate", "--noinput", "-v", "0").returncode == 0  # as scripts/serve.sh does first
    result = manage(env, "shell", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://localhost/accounts/login/"]
    assert seen["tls"] == [200, "max-age=31536000; includeSubDomains; preload"]
    assert seen["csrf"] == [True, True, "Lax"]
    assert seen["healthz"] == 200  # the load balancer's plain-HTTP check is not redirected


SHOW_DB = ("from django.conf import settings; d = settings.DATABASES['default']; "
           "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])")


def test_production_keeps_database_connections(tmp_path: Path) -> None:
    production = manage(production_env(tmp_path), "shell", "-c", SHOW_DB)
    assert production.stdout.strip().splitlines()[-1] == "60 True", production.stderr
    development = manage(production_env(tmp_path, DEBUG="1"), "shell", "-c", SHOW_DB)
    assert development.stdout.strip().splitlines()[-1] == "0 True", development.stderr
    chosen = manage(production_env(tmp_path, DB_CONN_MAX_AGE="5"), "shell", "-c", SHOW_DB)
    assert chosen.stdout.strip().splitlines()[-1] == "5 True", chosen.stderr


SHOW_SIGN_IN = ("from django.conf import settings; "
                "print(settings.MFA_REQUIRED, [a['settings']['server_url'] for a in "
                "settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS']])")
OIDC = {"OIDC_PROVIDER_URL": "https://login.microsoftonline.com/a-tenant/v2.0/", "OIDC_CLIENT_ID": "portal",
        "OIDC_CLIENT_SECRET": "a-secret"}


def test_production_requires_a_second_factor_and_single_sign_on_is_off_unless_configured(tmp_path: Path) -> None:
    plain = manage(production_env(tmp_path), "shell", "-c", SHOW_SIGN_IN)
    assert plain.stdout.strip().splitlines()[-1] == "True []", plain.stderr
    demo = manage(production_env(tmp_path, MFA_REQUIRED="0"), "shell", "-c", SHOW_SIGN_IN)
    assert demo.stdout.strip().splitlines()[-1] == "False []", demo.stderr
    sso = manage(production_env(tmp_path, **OIDC), "shell", "-c", SHOW_SIGN_IN)
    assert sso.stdout.strip().splitlines()[-1] == "True ['https://login.microsoftonline.com/a-tenant/v2.0']"


def test_check_deploy_finds_nothing_with_single_sign_on_configured(tmp_path: Path) -> None:
    result = manage(production_env(tmp_path, **OIDC), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_single_sign_on_without_its_client_stops_start_up(tmp_path: Path) -> None:
    result = manage(production_env(tmp_path, OIDC_PROVIDER_URL=OIDC["OIDC_PROVIDER_URL"]), "check")
    assert result.returncode != 0
    assert "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set" in result.stderr
