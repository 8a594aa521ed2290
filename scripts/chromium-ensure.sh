#!/usr/bin/env bash
# Prints the path of a Chromium for the playground's browser tests
# (test/stack/gateway.playground.test.ts, driven by playwright-core, which brings no
# browser): CHROMIUM_PATH if set, else Debian's `chromium`, installed with apt when
# missing on a Debian machine run as root. Elsewhere it says what to install and prints
# nothing: the browser tests are then skipped, saying so (outside CI, where they fail).
set -euo pipefail
say() { echo "chromium-ensure: $*" >&2; }

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "$CHROMIUM_PATH"
  exit 0
fi
for candidate in chromium chromium-browser; do
  if command -v "$candidate" >/dev/null; then
    command -v "$candidate"
    exit 0
  fi
done
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  say "installing Debian's chromium for the playground's browser tests (~250 MB, once)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  command -v chromium
  exit 0
fi
say "no Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH, or the playground's browser tests are skipped"
