#!/usr/bin/env bash
# Runs `nginx -t` in a built gateway image (default thrift-http-starter/gateway:dev), the
# way the stack runs it: through the entrypoint, with a certificate and credentials in
# place. Both are throwaway ones made here, so the check needs neither `make certs` nor
# `make secrets`. The upstream names resolve to a placeholder address, as nginx resolves
# them at load time and no service runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
image=${1:-thrift-http-starter/gateway:${IMAGE_TAG:-dev}}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/certs.sh" "$tmp" 2>/dev/null

docker run --rm \
  --add-host echo:127.0.0.1 --add-host data:127.0.0.1 --add-host user:127.0.0.1 \
  -v "$tmp/localhost.crt:/etc/nginx/certs/server.crt:ro" \
  -v "$tmp/localhost.key:/etc/nginx/certs/server.key:ro" \
  -e AUTH_BASIC_USERS="check:$(openssl rand -hex 8)" \
  -e AUTH_BEARER_TOKENS="check:$(openssl rand -hex 8)" \
  "$image" nginx -t
