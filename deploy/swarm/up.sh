#!/usr/bin/env bash
# Deploys the stack on Docker Swarm and waits until every service runs all its replicas:
#   deploy/swarm/up.sh [STACK]          (default thrift-http-starter-swarm; `make swarm-up`)
# 1. This machine must be a manager of a swarm, or in none: then a single-node swarm is
#    created, advertised on SWARM_ADVERTISE_ADDR (127.0.0.1: reachable from here only).
# 2. The node it runs on is labelled to keep the database's volume (docker-stack.yml, 7).
# 3. The secrets: the credential lists of AUTH_ENV_FILE (.secrets/auth.env, `make secrets`),
#    the database's password (DB_PASSWORD_FILE, beside it) and the certificate and key of
#    CERTS_DIR (.certs/localhost.*, `make certs`), one per file in SECRETS_DIR
#    (.secrets/swarm, git-ignored), where docker-stack.yml reads them.
#    Swarm secrets cannot change: after new credentials, `make swarm-down` first.
# 4. The gateway is published on the routing mesh, or with SWARM_PUBLISH=host on each
#    node's own port (publish-host.yml), on GATEWAY_HTTPS_PORT (8443).
# 5. Images: `make images` (IMAGE_TAG, dev), used as they are on this node: no registry is
#    asked. On several nodes, push them to a registry the nodes reach first.
# Waits at most UP_TIMEOUT seconds (180).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
stack=${1:-thrift-http-starter-swarm}
auth_env=${AUTH_ENV_FILE:-$root/.secrets/auth.env}
db_password=${DB_PASSWORD_FILE:-$(dirname "$auth_env")/db_password}
certs=${CERTS_DIR:-$root/.certs}
secrets=${SECRETS_DIR:-$root/.secrets/swarm}
publish=${SWARM_PUBLISH:-mesh}
timeout=${UP_TIMEOUT:-180}

say() { echo "swarm-up: $*" >&2; }

# 1. A swarm to deploy to.
case "$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}')" in
  "active true") ;;
  "inactive "*)
    say "this machine is in no swarm: creating a single-node one"
    docker swarm init --advertise-addr "${SWARM_ADVERTISE_ADDR:-127.0.0.1}" >/dev/null ;;
  *) say "this machine is in a swarm but not a manager of it: run this on a manager"; exit 1 ;;
esac

# 2. Where the database's volume lives.
docker node update --label-add thrift-http-starter.db=true "$(docker info --format '{{.Swarm.NodeID}}')" >/dev/null

# 3. One file per secret; the lists are the values of the env file's two variables.
value() { sed -n "s/^$1=//p" "$auth_env" | tail -n 1; }
[ -f "$auth_env" ] || { say "no credentials in $auth_env: run \`make secrets\`"; exit 1; }
[ -f "$certs/localhost.crt" ] || { say "no certificate in $certs: run \`make certs\`"; exit 1; }
[ -f "$db_password" ] || { say "no database password in $db_password: run \`make secrets\`"; exit 1; }
(
  umask 077
  mkdir -p "$secrets"
  value AUTH_BASIC_USERS >"$secrets/auth_basic_users"
  value AUTH_BEARER_TOKENS >"$secrets/auth_bearer_tokens"
  cp "$certs/localhost.crt" "$secrets/tls.crt"
  cp "$certs/localhost.key" "$secrets/tls.key"
  cp "$db_password" "$secrets/db_password"
)

# 4. The stack file, and how the gateway is published.
files=(-c "$here/docker-stack.yml")
case "$publish" in
  mesh)
    if [ "$(uname -s)" = Linux ] && [ -z "${DOCKER_HOST:-}" ] && [ ! -e /proc/net/ip_vs ]; then
      say "warning: this kernel shows no IPVS, without which the routing mesh does not answer; try SWARM_PUBLISH=host"
    fi ;;
  host) files+=(-c "$here/publish-host.yml") ;;
  *) say "SWARM_PUBLISH must be mesh or host"; exit 1 ;;
esac
SECRETS_DIR=$secrets docker stack deploy --resolve-image never --prune "${files[@]}" "$stack"

# 5. Converged: every service runs as many tasks as it wants (a task counts once healthy).
deadline=$((SECONDS + timeout))
while :; do
  services=$(docker service ls --filter "label=com.docker.stack.namespace=$stack" --format '{{.Name}} {{.Replicas}}')
  pending=$(awk '{ split($2, n, "/"); if (n[1] != n[2] || n[2] == 0) print $1 }' <<<"$services")
  [ -n "$services" ] && [ -z "$pending" ] && break
  if [ $SECONDS -ge $deadline ]; then
    say "not running within ${timeout}s: $(tr '\n' ' ' <<<"$pending")"
    for service in $pending; do docker service ps --no-trunc --format '{{.Name}} {{.CurrentState}} {{.Error}}' "$service" | head -n 5 >&2; done
    exit 1
  fi
  sleep 1
done
say "stack $stack runs: gateway on https://localhost:${GATEWAY_HTTPS_PORT:-8443} (publish: $publish)"
