#!/usr/bin/env bash
# Installs what deskwatch needs to build and test on Debian or Ubuntu: the C libraries it links
# (libcurl with OpenSSL, OpenSSL, SQLite, zlib), the tools the tests check files with (promtool
# from `prometheus` for /metrics, amtool from `prometheus-alertmanager` for the Alertmanager
# example) and the Python package the tests use as a real SMTP peer. Run as root, or with sudo
# available; otherwise it prints what to install.
set -euo pipefail

packages=(libcurl4-openssl-dev libssl-dev libsqlite3-dev zlib1g-dev python3 python3-pip openssl prometheus prometheus-alertmanager)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo apt-get update
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
    else
        echo "deskwatch needs these Debian packages; install them as root:" >&2
        echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "swift is not on PATH: install the Swift 6.3 toolchain (swift.org) and add its usr/bin to PATH" >&2
    exit 1
fi
