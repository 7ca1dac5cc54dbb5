#!/usr/bin/env bash
# Second command of the README: the whole test suite (unit, view, browser), with the 25 slowest
# tests listed at the end. Uses DATABASE_URL when set (CI runs it on SQLite and on PostgreSQL).
# Arguments go to pytest: `bash scripts/test.sh -m "not browser"` is the fast run without Chromium,
# `bash scripts/test.sh tests/indicators -x` one app. The tests run with DEBUG on
# (portal/settings_test.py, which pytest reads as configured in pyproject.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
export DEBUG=1
export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's event loop runs in the test thread
exec .venv/bin/python -m pytest --durations=25 "$@"
