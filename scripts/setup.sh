#!/usr/bin/env bash
# Installs everything the portal needs on a fresh machine: system packages (Chromium for the
# browser tests, poppler for PDF checks, Pango for WeasyPrint), a Python >= 3.12 virtualenv in
# .venv with the pinned dependencies, migrations. Safe to re-run.
# SETUP_MODE=production (scripts/serve.sh sets it): only what the running portal needs (Pango and fonts
# for WeasyPrint, the dependencies without the test extras); no migrations or static files, serve.sh
# does those next with DEBUG off.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${SETUP_MODE:-development}"
case "$mode" in
    development|production) ;;
    *) echo "setup: ERROR: SETUP_MODE=$mode: use development (the default) or production" >&2; exit 2 ;;
esac

find_python() {
    local candidates=()
    if command -v pyenv >/dev/null 2>&1; then
        local root; root=$(pyenv root)
        candidates+=("$root/versions/$(cat .python-version)/bin/python")
        for v in "$root"/versions/3.1[2-9]*/bin/python; do candidates+=("$v"); done
    fi
    candidates+=(python3.13 python3.12 python3.14 python3)
    for c in "${candidates[@]}"; do
        if command -v "$c" >/dev/null 2>&1 || [ -x "$c" ]; then
            if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
                echo "$c"; return 0
            fi
        fi
    done
    return 1
}

need_apt=()
if [ "$mode" = development ]; then
    command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
    command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
fi
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || need_apt+=(fonts-dejavu-core)
# pg_dump / pg_restore: manage.py backup_portal and restore_portal on PostgreSQL (and their tests)
command -v pg_dump >/dev/null 2>&1 || need_apt+=(postgresql-client)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    PY=$(find_python) || {
        echo "setup: ERROR: no Python 3.12 or newer found (tried pyenv $(cat .python-version), python3.13, python3.12, python3)." >&2
        echo "setup: install Python 3.13 (for example 'pyenv install 3.13.0') and run this again." >&2
        exit 1
    }
    echo "setup: creating .venv with $PY ($("$PY" --version))"
    rm -rf .venv
    "$PY" -m venv .venv
fi
# A development install (with the test extras) serves production too; a production one lacks the tests'.
hash=$(sha256sum pyproject.toml | cut -c1-16)
stamp=.venv/.installed-$hash
target=".[test]"
if [ "$mode" = production ]; then
    target="."
    [ -f "$stamp" ] || stamp=.venv/.installed-production-$hash
fi
if [ ! -f "$stamp" ]; then
    echo "setup: installing Python dependencies (log: .venv/pip.log)"
    if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e "$target"; } > .venv/pip.log 2>&1; then
        tail -n 40 .venv/pip.log >&2
        echo "setup: ERROR: pip could not install the dependencies (full log: .venv/pip.log)" >&2
        exit 1
    fi
    rm -f .venv/.installed-*; touch "$stamp"
fi
if [ "$mode" = production ]; then
    echo "setup: dependencies ready ($(.venv/bin/python --version))"
    exit 0
fi
# The development database and static files: with the development settings (DEBUG on) unless the
# caller chose otherwise (production sets DEBUG=0 with SECRET_KEY and ALLOWED_HOSTS).
DEBUG="${DEBUG:-1}" .venv/bin/python manage.py migrate --noinput -v 0
DEBUG="${DEBUG:-1}" .venv/bin/python manage.py collectstatic --noinput -v 0
echo "setup: ready ($(.venv/bin/python --version))"
