"""The web server's timeout agrees with the render's: gunicorn's worker timeout is read from
REPORT_RENDER_TIMEOUT (as portal/settings.py reads it) and a shorter WEB_TIMEOUT is refused."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def gunicorn_config(**env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"WEB_TIMEOUT", "REPORT_RENDER_TIMEOUT"}}
    environ.update({"DEBUG": "0", "SECRET_KEY": "test-" + "x" * 50, "ALLOWED_HOSTS": "localhost", **env})
    return subprocess.run([str(GUNICORN), "--config", "portal/gunicorn_config.py", "--print-config",
                           "portal.wsgi:application"], cwd=ROOT, env=environ, capture_output=True, text=True,
                          timeout=120)


def timeout_of(result: subprocess.CompletedProcess[str]) -> int:
    match = re.search(r"^timeout\s*=\s*(\d+)$", result.stdout, re.MULTILINE)
    assert match, result.stdout + result.stderr
    return int(match.group(1))


def test_worker_timeout_follows_the_render_timeout():
    assert timeout_of(gunicorn_config()) == 150  # the default render limit, 120 s, plus 30
    assert timeout_of(gunicorn_config(REPORT_RENDER_TIMEOUT="300")) == 330


def test_a_web_timeout_shorter_than_the_render_is_refused():
    result = gunicorn_config(REPORT_RENDER_TIMEOUT="150", WEB_TIMEOUT="100")
    assert result.returncode != 0
    assert "WEB_TIMEOUT=100 must be longer than REPORT_RENDER_TIMEOUT=150" in result.stdout + result.stderr
    assert timeout_of(gunicorn_config(REPORT_RENDER_TIMEOUT="150", WEB_TIMEOUT="200")) == 200
