#!/usr/bin/env bash
# Runs echo (:8081), data (:8082) and user (:8083) natively, with reload:
# `tsc -b --watch` recompiles on save and `node --watch` restarts a service when its
# compiled code changes. Ctrl-C stops everything (each service shuts down gracefully).
#
# Credentials: AUTH_BASIC_USERS / AUTH_BEARER_TOKENS from the environment if set,
# else generated once into .secrets/dev.env (git-ignored) and reused.
# Databases: .data/ (DATA_FILE, USER_DB_FILE override).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
PATH="$(scripts/node-path.sh):$PATH"

random_secret() { node -p 'require("node:crypto").randomBytes(18).toString("base64url")'; }

if [ -z "${AUTH_BASIC_USERS:-}${AUTH_BEARER_TOKENS:-}" ]; then
  secrets=.secrets/dev.env
  if [ ! -f "$secrets" ]; then
    mkdir -p .secrets
    (umask 077 && printf 'AUTH_BASIC_USERS=dev:%s\nAUTH_BEARER_TOKENS=dev:%s\n' "$(random_secret)" "$(random_secret)" >"$secrets")
  fi
  set -a
  # shellcheck source=/dev/null
  . "$secrets"
  set +a
  echo "dev: credentials from $secrets (user or token name: dev)"
fi
mkdir -p .data
export DATA_FILE=${DATA_FILE:-$root/.data/data.db}
export USER_DB_FILE=${USER_DB_FILE:-$root/.data/users.db}

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
for service in echo data user; do
  # node-config reads config/ from the working directory: the service's own folder.
  (cd "services/$service" && exec node --watch dist/main.js) &
  pids+=($!)
done
wait
