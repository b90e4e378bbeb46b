#!/usr/bin/env bash
# Sets up a fresh Debian machine (contrib/setup.sh) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
contrib/setup.sh
if command -v pip3 >/dev/null 2>&1 || command -v pip >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check aiosmtpd 2>/dev/null \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages aiosmtpd
fi
swift build --build-tests "$@"
swift test --skip-build --parallel "$@"
