#!/usr/bin/env bash
# Sets up a fresh Debian machine (contrib/setup.sh), builds deskwatch, starts the Desk API
# simulator on a loopback port with the no-agents-burst scenario, and exports the last hour of
# chat records from it with `deskwatch fetch` (no account and no network needed).
set -euo pipefail
cd "$(dirname "$0")/.."
contrib/setup.sh
swift build -c release --product deskwatch
bin="$(swift build -c release --show-bin-path)/deskwatch"

work="$(mktemp -d)"
trap 'kill "$simulator" 2>/dev/null || true; rm -rf "$work"' EXIT
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/secret_key"
chmod 600 "$work/secret_key"
port=18080
"$bin" simulate --port "$port" --scenario contrib/scenarios/no-agents-burst.yaml --key-file "$work/secret_key" &
simulator=$!
cat > "$work/deskwatch.yaml" <<YAML
sources:
  - name: demo
    sdkappid: 1400000000
    endpoint: http://127.0.0.1:$port
    identifier: admin
    secret_key_file: secret_key
YAML
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
"$bin" fetch --config "$work/deskwatch.yaml" --from now-1h --to now --out "$work/records.jsonl"
echo
echo "Last hour of chats, by how they ended:"
grep -o '"EndStatus":"[A-Za-z]*"' "$work/records.jsonl" | sort | uniq -c | sort -rn
echo
echo "First three records:"
head -n 3 "$work/records.jsonl"
