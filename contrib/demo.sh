#!/usr/bin/env bash
# Sets up a fresh Debian machine (contrib/setup.sh), builds deskwatch and runs `deskwatch demo`:
# a simulated contact center with incidents under way, watched with the built-in rule pack; alerts
# appear on the terminal and as .eml files, and the status page is at http://127.0.0.1:9464/.
# No account and no network needed. Ctrl-C stops it. Extra arguments go to `deskwatch demo`
# (e.g. --port 0, --seconds 120).
set -euo pipefail
cd "$(dirname "$0")/.."
contrib/setup.sh
swift build -c release --product deskwatch
exec "$(swift build -c release --show-bin-path)/deskwatch" demo "$@"
