#!/usr/bin/env bash
# Writes random development credentials, each file kept if it exists (delete it to get a
# new one), all git-ignored:
#   FILE (default .secrets/auth.env), an env file that compose hands to every service and
#   to the gateway, and that clients and tests read to call them:
#     AUTH_BASIC_USERS    two Basic users (two identities, to show per-caller answers)
#     AUTH_BEARER_TOKENS  one Bearer token, named "ci"
#   db_password beside it: the stack's PostgreSQL password, mounted as a file into the
#   database and the services that use it (POSTGRES_PASSWORD_FILE, DATABASE_PASSWORD_FILE).
#   Readable by all (the services run as uid 1000 and read the bind-mounted file); the
#   folder, made private, keeps other users of this machine out.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=${1:-$root/.secrets/auth.env}
password_file=$(dirname "$file")/db_password

umask 077
mkdir -p "$(dirname "$file")"

if [ ! -f "$file" ]; then
  # Hex secrets: valid in a URL, a header and an env file without quoting.
  cat >"$file" <<ENV
# Development credentials from scripts/secrets.sh. Never commit; delete to regenerate.
AUTH_BASIC_USERS=alice:$(openssl rand -hex 16),bob:$(openssl rand -hex 16)
AUTH_BEARER_TOKENS=ci:$(openssl rand -hex 32)
ENV
  echo "secrets: wrote development credentials into $file" >&2
fi

if [ ! -f "$password_file" ]; then
  # The database keeps the password it was created with: a new one needs a new volume.
  openssl rand -hex 24 >"$password_file"
  chmod 644 "$password_file"
  echo "secrets: wrote the database's password into $password_file" >&2
fi
