#!/usr/bin/env bash
# Cross-browser smoke test: the built site served on loopback and the single file opened from
# disk, each in Firefox ESR and in WebKitGTK. Needs `make build` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Not 4190: Firefox refuses that port (ManageSieve) as unsafe.
port=${XBROWSER_PORT:-4187}
[ -f dist/index.html ] && [ -f dist/webhook-vs-api.html ] || { echo "xbrowser: dist/ is not built; run make build" >&2; exit 1; }

python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
site=http://127.0.0.1:$port/index.html
for _ in $(seq 50); do python3 -c "import urllib.request as u; u.urlopen('$site')" 2>/dev/null && break; sleep 0.1; done
file=file://$PWD/dist/webhook-vs-api.html

node tests/xbrowser/firefox.mjs "$site" "$file"
xvfb-run -a .venv/bin/python tests/xbrowser/webkit.py "$site" "$file"
