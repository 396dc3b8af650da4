#!/usr/bin/env bash
# The e2e tests drive Debian's Chromium (Playwright cannot download its own browser here).
# Installs it when missing; CHROMIUM_PATH overrides where it is looked for.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
echo "Chromium not found at $chromium; installing Debian's chromium package..." >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Cannot install chromium: not root and no sudo. Install it (apt-get install chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium >/dev/null
"$chromium" --version
