#!/usr/bin/env bash
# Runs every service in services/ natively (echo :8081, data :8082, user :8083, each on the
# port of its config/default.json), with reload:
# `tsc -b --watch` recompiles on save and `node --watch` restarts a service when its
# compiled code changes. Ctrl-C stops everything (each service shuts down gracefully).
#
# Credentials: AUTH_BASIC_USERS / AUTH_BEARER_TOKENS from the environment if set,
# else the development ones in .secrets/auth.env (git-ignored; scripts/secrets.sh).
# Databases: with no DATABASE_URL, data and user run on an embedded PostgreSQL (PGlite, in
# the process), their files in .data/data and .data/user (DATABASE_EMBEDDED_DIR overrides).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
PATH="$(scripts/node-path.sh):$PATH"

if [ -z "${AUTH_BASIC_USERS:-}${AUTH_BEARER_TOKENS:-}" ]; then
  # The same development credentials as the Docker stack (`make secrets`).
  scripts/secrets.sh
  set -a
  # shellcheck source=/dev/null
  . .secrets/auth.env
  set +a
  echo "dev: credentials from .secrets/auth.env (Basic users alice and bob, Bearer token ci)"
fi
mkdir -p .data

# One full build first: `node --watch` needs dist/main.js to exist. Type errors still
# emit JavaScript, so the services start and the errors can be fixed while they run.
node_modules/.bin/tsc -b || echo "dev: type errors above; starting anyway" >&2

pids=()
stop() {
  kill "${pids[@]}" 2>/dev/null || true
  wait
}
trap stop EXIT INT TERM

node_modules/.bin/tsc -b --watch --preserveWatchOutput &
pids+=($!)
for dir in services/*/; do
  [ -f "$dir/package.json" ] || continue
  # node-config reads config/ from the working directory: the service's own folder.
  (cd "$dir" && exec node --watch dist/main.js) &
  pids+=($!)
done
wait
