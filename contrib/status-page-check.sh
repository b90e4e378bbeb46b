#!/usr/bin/env bash
# Renders the status page of a running demo in headless Chromium (Debian's `chromium` package),
# saves a screenshot, and checks that the page shows a firing alert and the rules. Usage:
#   contrib/status-page-check.sh [SCREENSHOT.png]     (after `swift build`; CI runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-status-page.png}"
bin="$(swift build --show-bin-path)/deskwatch"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "chromium is missing: apt-get install -y chromium" >&2
    exit 1
fi
work="$(mktemp -d)"
port=19464
"$bin" demo --port "$port" --speed 60 --seconds 60 --dir "$work" > "$work/demo.out" 2>&1 &
demo=$!
trap 'kill "$demo" 2>/dev/null || true; rm -rf "$work"' EXIT
# Wait for an alert to fire.
for _ in $(seq 100); do
    grep -q "FIRING" "$work/demo.out" 2>/dev/null && break
    sleep 0.3
done
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2200)
"$browser" "${flags[@]}" --dump-dom "http://127.0.0.1:$port/" > "$work/page.html" 2>/dev/null
"$browser" "${flags[@]}" --screenshot="$out" "http://127.0.0.1:$port/" > /dev/null 2>&1
for expected in "firing · critical" "no-agents-online" "<svg class=\"spark\"" "Sources" "Recent alert events"; do
    if ! grep -qF "$expected" "$work/page.html"; then
        echo "the status page does not show: $expected" >&2
        exit 1
    fi
done
size=$(stat -c %s "$out")
if [ "$size" -lt 20000 ]; then
    echo "the screenshot $out is only $size bytes" >&2
    exit 1
fi
echo "status page OK; screenshot in $out ($size bytes)"
