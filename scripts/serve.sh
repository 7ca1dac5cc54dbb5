#!/usr/bin/env bash
# Third command of the README: the portal in production, DEBUG off. Installs the Python dependencies
# when pyproject.toml has changed (scripts/setup.sh with SETUP_MODE=production: no browser-test
# packages), applies migrations, collects the static files into STATIC_ROOT with their hashed names
# (WhiteNoise serves them), then starts gunicorn (portal/gunicorn_config.py: PORTAL_BIND, default
# 127.0.0.1:8000; WEB_CONCURRENCY workers, default 2 x cores + 1). Every setting comes from the
# environment (deploy/portal.env.example lists them); SECRET_KEY and ALLOWED_HOSTS are required.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${DEBUG:-0}" in
    0|false|False|no|off) ;;
    *) echo "serve: ERROR: DEBUG=$DEBUG: scripts/serve.sh runs the portal with DEBUG off (scripts/dev.sh is for development)" >&2
       exit 2 ;;
esac
export DEBUG=0
missing=()
[ -n "${SECRET_KEY:-}" ] || missing+=(SECRET_KEY)
[ -n "${ALLOWED_HOSTS:-}" ] || missing+=(ALLOWED_HOSTS)
if [ ${#missing[@]} -gt 0 ]; then
    echo "serve: ERROR: ${missing[*]} not set. In production set SECRET_KEY (a long random string, for example" >&2
    echo "serve:   the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))') and ALLOWED_HOSTS" >&2
    echo "serve:   (the portal's host names, comma-separated), as deploy/portal.env.example explains." >&2
    exit 2
fi

SETUP_MODE=production bash scripts/setup.sh
echo "serve: migrating the database"
.venv/bin/python manage.py migrate --noinput -v 1
echo "serve: collecting static files"
.venv/bin/python manage.py collectstatic --noinput -v 1
echo "serve: starting gunicorn"
exec .venv/bin/gunicorn --config portal/gunicorn_config.py portal.wsgi:application
