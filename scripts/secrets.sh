#!/usr/bin/env bash
# Writes random development credentials into FILE (default .secrets/auth.env, git-ignored),
# an env file that compose hands to every service and to the gateway, and that clients
# and tests read to call them. Kept if it exists: delete it to get new ones.
#   AUTH_BASIC_USERS    two Basic users (two identities, to show per-caller answers)
#   AUTH_BEARER_TOKENS  one Bearer token, named "ci"
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=${1:-$root/.secrets/auth.env}

[ -f "$file" ] && exit 0

umask 077
mkdir -p "$(dirname "$file")"
# Hex secrets: valid in a URL, a header and an env file without quoting.
cat >"$file" <<ENV
# Development credentials from scripts/secrets.sh. Never commit; delete to regenerate.
AUTH_BASIC_USERS=alice:$(openssl rand -hex 16),bob:$(openssl rand -hex 16)
AUTH_BEARER_TOKENS=ci:$(openssl rand -hex 32)
ENV
echo "secrets: wrote development credentials into $file" >&2
