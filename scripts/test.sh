#!/usr/bin/env bash
# Second command of the README: the whole test suite (unit, view, browser). Uses DATABASE_URL when
# set (CI runs it on SQLite and on PostgreSQL); extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
export DJANGO_ALLOW_ASYNC_UNSAFE=true
exec .venv/bin/python -m pytest "$@"
