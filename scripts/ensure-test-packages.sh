#!/usr/bin/env bash
# Everything the tests drive that is not an npm package, from Debian's packages, installed when
# missing: Chromium (Playwright cannot download its own browser here), PostgreSQL 15 (the second
# storage engine; tests start their own throw-away cluster), and the real address-book clients the
# export and CardDAV tests import into (khard, vdirsyncer, python3-vobject).
# CHROMIUM_PATH overrides where Chromium is looked for.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
command -v khard >/dev/null || missing+=(khard)
command -v vdirsyncer >/dev/null || missing+=(vdirsyncer)
/usr/bin/python3 -c 'import vobject' 2>/dev/null || missing+=(python3-vobject)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian packages the tests need: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Cannot install ${missing[*]}: not root and no sudo. Install them with apt-get (or set CHROMIUM_PATH)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}" >&2
