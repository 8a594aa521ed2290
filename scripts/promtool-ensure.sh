#!/usr/bin/env bash
# Prints the path of a `promtool` (Prometheus's checker of configs and rules), for the
# tests of prometheus/ (`make test-unit`; CI runs this first, .ci/run).
# 1. One on PATH is used as it is.
# 2. Otherwise the one from Debian's `prometheus` package, unpacked once into .tools/
#    (git-ignored) from the downloaded package, not installed: installing it would also
#    start a Prometheus server on this machine (its init script), on port 9090.
# 3. Anywhere else it says how to get one, and exits non-zero.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/.tools/promtool"

say() { echo "promtool-ensure: $*" >&2; }

if command -v promtool >/dev/null; then
  command -v promtool
  exit 0
fi
if [ -x "$tools/promtool" ]; then
  echo "$tools/promtool"
  exit 0
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
  say "no promtool: install Prometheus's (your package manager's prometheus, or a release from"
  say "prometheus.io) and put promtool on PATH. On Debian this script fetches it."
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
download() { (cd "$tmp" && apt-get download -qq prometheus >/dev/null 2>&1); }
if ! download; then
  # A fresh machine has no package lists yet; only root may fetch them.
  [ "$(id -u)" -eq 0 ] || { say "apt-get download prometheus failed: run 'apt-get update' as root first"; exit 1; }
  apt-get update -qq
  download || { say "apt-get download prometheus failed"; exit 1; }
fi
say "unpacking promtool from Debian's $(basename "$tmp"/prometheus_*.deb) into .tools/promtool/"
dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool
mkdir -p "$tools"
mv "$tmp/usr/bin/promtool" "$tools/promtool"
echo "$tools/promtool"
