"""deploy/ holds what an IT team needs, and it agrees with the settings: the environment template names
every variable the portal reads (and is itself a configuration `check --deploy` passes), the reverse
proxy passes X-Forwarded-Proto, allows the uploads the portal allows and has no route to the media, and
the systemd units run commands that exist."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from tests.portal.support import ROOT, production_env

DEPLOY = ROOT / "deploy"
READ = re.compile(r'(?:os\.environ\.get|env_bool|env_int|_int)\(\s*"([A-Z][A-Z0-9_]*)"')


def variables_read() -> set[str]:
    names: set[str] = set()
    for source in ("portal/settings.py", "portal/gunicorn_config.py"):
        names |= set(READ.findall((ROOT / source).read_text()))
    return names


def template() -> str:
    return (DEPLOY / "portal.env.example").read_text()


def test_env_template_explains_every_variable_the_settings_read() -> None:
    names = variables_read()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_BACKEND", "PORTAL_BIND", "SECURE_HSTS_SECONDS"} <= names
    text = template()
    missing = sorted(n for n in names if not re.search(rf"^#?{n}=", text, re.MULTILINE))
    assert not missing, f"deploy/portal.env.example does not list {missing}"
    # Each variable comes with an explanation: a comment in the paragraph above it.
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^#?[A-Z][A-Z0-9_]*=", line):
            start = i
            while start > 0 and lines[start - 1].strip():
                start -= 1
            assert any(x.startswith("# ") for x in lines[start:i]), f"no explanation above {line!r}"


def test_env_template_is_a_configuration_check_deploy_passes(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    for line in template().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    env["SECRET_KEY"] = "filled-in-by-the-it-team-" + "x" * 40
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"  # the template's PostgreSQL is not here
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    env["STATIC_ROOT"] = str(tmp_path / "static")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def nginx() -> str:
    return (DEPLOY / "nginx-portal.conf").read_text()


def test_proxy_passes_the_scheme_and_allows_the_portal_uploads() -> None:
    conf = nginx()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    size = re.search(r"client_max_body_size (\d+)m;", conf)
    assert size
    largest_upload = max(settings.IMPORT_MAX_BYTES, settings.EVIDENCE_MAX_BYTES)
    assert int(size.group(1)) * 1024 * 1024 > largest_upload
    assert int(size.group(1)) * 1024 * 1024 <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    hsts = re.search(r'Strict-Transport-Security "max-age=(\d+); includeSubDomains; preload" always', conf)
    assert hsts and int(hsts.group(1)) == 365 * 24 * 3600  # the portal's production default
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in conf


def test_proxy_has_no_route_to_the_media() -> None:
    directives = [line for line in nginx().splitlines() if not line.strip().startswith("#")]
    assert not [line for line in directives if "media" in line or "alias" in line or re.search(r"\broot\b", line)]


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def test_systemd_units_run_commands_that_exist() -> None:
    commands = get_commands()
    web = unit("portal-web.service")
    assert web["Service"]["ExecStart"].endswith("/scripts/serve.sh")
    assert web["Service"]["EnvironmentFile"] == "/etc/portal/portal.env"
    worker = unit("portal-worker.service")
    assert "manage.py db_worker" in worker["Service"]["ExecStart"]
    maintenance = (DEPLOY / "systemd" / "portal-maintenance.service").read_text()
    ran = re.findall(r"^ExecStart=\S+ manage\.py (\S+)", maintenance, re.MULTILINE)
    assert ran == ["clearsessions", "prune_db_task_results", "purge_uploads", "prune_audit", "prune_mail"]
    for command in ["db_worker", *ran]:
        assert command in commands, command
    timer = unit("portal-maintenance.timer")
    assert timer["Timer"]["OnCalendar"]
    assert (DEPLOY / "systemd" / "portal-maintenance.service").exists()


def test_backup_unit_runs_the_backup_command_nightly() -> None:
    service = (DEPLOY / "systemd" / "portal-backup.service").read_text()
    assert re.search(r"^ExecStart=.*manage\.py backup_portal /var/backups/portal/", service, re.MULTILINE)
    assert "backup_portal" in get_commands()
    assert "UMask=0077" in service  # the backup holds OFFICIAL-SENSITIVE data
    assert unit("portal-backup.timer")["Timer"]["OnCalendar"]


def test_schedule_unit_runs_the_reporting_calendars_every_quarter_hour() -> None:
    service = unit("portal-schedule.service")["Service"]
    assert re.fullmatch(r"\S+/\.venv/bin/python manage\.py run_schedule", service["ExecStart"])
    assert "run_schedule" in get_commands()
    assert service["EnvironmentFile"] == "/etc/portal/portal.env" and service["User"] == "portal"
    timer = unit("portal-schedule.timer")["Timer"]
    assert timer["OnCalendar"] == "*:0/15"
    # systemd's own parser agrees where it is installed: the next runs are 15 minutes apart
    analyze = subprocess.run(["systemd-analyze", "calendar", "--iterations=3", timer["OnCalendar"]],
                             capture_output=True, text=True) if shutil.which("systemd-analyze") else None
    if analyze is not None and analyze.returncode == 0:
        minutes = [int(m) for m in re.findall(r"\d\d:(\d\d):00", analyze.stdout)]
        assert len(minutes) >= 3 and all(m % 15 == 0 for m in minutes), analyze.stdout
    # the README's cron line for machines without systemd runs the same command every 15 minutes
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"^\s*\*/15 \* \* \* \* .*manage\.py run_schedule$", readme, re.MULTILINE)
