#!/usr/bin/env bash
# First command of the README: set everything up, load the demo data, start the portal.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=1  # development settings: a development key, localhost names, e-mail to the console
bash scripts/setup.sh
.venv/bin/python manage.py load_demo
echo
echo "Portal: http://127.0.0.1:8000/  (sign in with a demo login above; passwords are printed once, when created)"
exec .venv/bin/python manage.py runserver "${PORT:-127.0.0.1:8000}"
