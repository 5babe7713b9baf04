#!/usr/bin/env bash
# Installs Debian's chromium for the sample's browser test (BrowserPageTest) when it is absent.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
    echo "[chromium.sh] chromium is not installed and installing it needs root: apt-get install chromium" >&2
    exit 1
fi
echo "[chromium.sh] installing chromium from Debian packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends chromium >/dev/null
