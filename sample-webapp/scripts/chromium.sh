#!/usr/bin/env bash
# Installs Debian's chromium for the sample's browser test (BrowserPageTest) when no Chromium/Chrome is present.
set -euo pipefail

for browser in chromium google-chrome chromium-browser; do
    if command -v "$browser" >/dev/null 2>&1; then
        exit 0
    fi
done
if [[ "$(id -u)" == 0 ]]; then
    as_root=()
elif sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "[chromium.sh] no chromium installed, and installing it needs root: apt-get install chromium" >&2
    exit 1
fi
echo "[chromium.sh] installing chromium from Debian packages" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q >/dev/null
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium >/dev/null
