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
