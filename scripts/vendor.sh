#!/usr/bin/env bash
# Copies the pinned front-end packages (package.json, installed with `npm ci`) into static/vendor,
# where the portal serves them itself. The copies are committed, so a fresh machine needs no npm.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
rm -rf static/vendor && mkdir -p static/vendor/{bootstrap,htmx,chartjs,axe}
cp node_modules/bootstrap/dist/css/bootstrap.min.css static/vendor/bootstrap/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
cp node_modules/chart.js/dist/chart.umd.min.js static/vendor/chartjs/
cp node_modules/axe-core/axe.min.js static/vendor/axe/
cp node_modules/bootstrap/LICENSE static/vendor/bootstrap/
cp node_modules/htmx.org/LICENSE static/vendor/htmx/
cp node_modules/chart.js/LICENSE.md static/vendor/chartjs/
cp node_modules/axe-core/LICENSE static/vendor/axe/
# The minified files end with a sourceMappingURL comment naming a .map file we do not ship; the
# production static storage (hashed names, a manifest) refuses to collect a file whose reference
# it cannot find, so the comment goes (browsers fetch nothing then, and nothing is lost).
for f in static/vendor/*/*.js static/vendor/*/*.css; do
    sed -i -E '/^\/[\/*]# sourceMappingURL=/d' "$f"
done
if grep -rl "sourceMappingURL=" static/vendor; then
    echo "vendor: ERROR: a sourceMappingURL reference is left in the files above" >&2; exit 1
fi
echo "vendor: copied $(ls static/vendor | wc -l) entries into static/vendor"
