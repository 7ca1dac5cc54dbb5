"""One log line per record: Django's loggers print through the root handler only (their default
console handler, on while DEBUG is on, printed every record twice)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.portal.support import ROOT, production_env

PROBE = ("import logging; logging.getLogger('django.request').warning('Not Found: /probe-%s'); "
         "logging.getLogger('django.request').info('below the level')")


@pytest.mark.parametrize("debug", ["1", "0"])
def test_each_record_is_printed_once(tmp_path: Path, debug: str) -> None:
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", PROBE % debug], cwd=ROOT,
                            env=production_env(tmp_path, DEBUG=debug), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(f"Not Found: /probe-{debug}") == 1, result.stderr
    assert "WARNING django.request: Not Found" in result.stderr
    assert "below the level" not in result.stderr


def test_a_bad_log_level_is_named(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT,
                            env=production_env(tmp_path, LOG_LEVEL="loud"), capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "LOG_LEVEL='LOUD': choose DEBUG, INFO, WARNING, ERROR or CRITICAL" in result.stderr
