#!/usr/bin/env bash
# Makes sure the benchmark's tools exist: wrk (the load generator), h2load (the same over
# HTTP/2), nginx (the gateway and the bare proxy, run natively) and taskset (pinning). On Debian as root, the missing ones
# are installed with apt; elsewhere it says what to install and fails.
# (Debian's packages never start nginx as a system service where policy-rc.d forbids it;
# where they do, that server listens on port 80 and does not disturb the benchmark.)
set -euo pipefail

declare -A package=([wrk]=wrk [h2load]=nghttp2-client [nginx]=nginx-light [taskset]=util-linux)
missing=()
for tool in wrk h2load nginx taskset; do
  command -v "$tool" >/dev/null || missing+=("${package[$tool]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "bench: missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]}) and retry" >&2
  exit 1
fi
echo "bench: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
