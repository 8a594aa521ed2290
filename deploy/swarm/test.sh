#!/usr/bin/env bash
# The Swarm test (`make swarm-test`): deploys the stack on a single-node swarm of this machine
# under a name of its own, runs deploy/swarm/test/*.test.ts against it (calls through the
# gateway during a rolling update and a scale-out and back), and removes everything again,
# pass or fail: the stack, its secrets, network and volumes, the run's certificates and
# credentials, and the swarm itself when this run created it (a swarm the machine was
# already in stays). Compose projects and other stacks are not touched: leaving a swarm
# cuts every container on an attachable network off it (moby/moby#42877), and compose
# makes its networks attachable, so while any runs (`make up`, the stack tests) the swarm
# this run created stays, and the run says so.
# Needs the images (`make images`, IMAGE_TAG) and Node 24 on PATH.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

stack=swarmtest$(openssl rand -hex 3)
work=$(mktemp -d)
joined_before=false
gwbridge_before=false
[ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = active ] && joined_before=true
docker network inspect docker_gwbridge >/dev/null 2>&1 && gwbridge_before=true

# The running containers that leaving the swarm would cut off their networks: those on
# attachable local networks (moby/moby#42877).
cut_off_by_leaving() {
  local network
  for network in $(docker network ls -q --filter driver=bridge --filter scope=local); do
    [ "$(docker network inspect -f '{{.Attachable}}' "$network")" = true ] || continue
    docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' "$network"
  done | xargs
}

cleanup() {
  local status=$? containers
  "$here/down.sh" --volumes "$stack" || status=1
  if ! $joined_before; then
    containers=$(cut_off_by_leaving)
    if [ -n "$containers" ]; then
      echo "swarm-test: this machine stays in the single-node swarm this run created: leaving it would cut these containers off their networks (moby/moby#42877): $containers." \
        "Once they are stopped (make down; stack tests remove theirs when done), leave it with: docker swarm leave --force && docker network rm docker_gwbridge" >&2
    else
      docker swarm leave --force >/dev/null || status=1
      # The bridge that linked the swarm's containers to this host, created with the swarm.
      if ! $gwbridge_before; then docker network rm docker_gwbridge >/dev/null || status=1; fi
    fi
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. The run's own CA, certificate and credentials, as the stack tests make theirs.
"$root/scripts/certs.sh" "$work/certs" 2>/dev/null
"$root/scripts/secrets.sh" "$work/auth.env" 2>/dev/null

# 2. A free port for the gateway (the routing mesh, or host mode, publishes it on every
#    address of this machine; the test calls 127.0.0.1 only). Without IPVS in the kernel the
#    routing mesh cannot work: then host mode (publish-host.yml).
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
publish=mesh
[ -e /proc/net/ip_vs ] || publish=host

# 3. The one caller of this test calls faster than the per-caller rate limit allows.
started=$SECONDS
AUTH_ENV_FILE=$work/auth.env CERTS_DIR=$work/certs SECRETS_DIR=$work/secrets \
  SWARM_PUBLISH=$publish GATEWAY_HTTPS_PORT=$port \
  GATEWAY_RATE_LIMIT=100000r/s GATEWAY_RATE_BURST=100000 \
  "$here/up.sh" "$stack" >/dev/null
echo "swarm-test: stack $stack up in $((SECONDS - started))s (gateway published: $publish, port $port)"

# 4. The gateway's own port answers (host mode: once its task is up; the mesh: at once).
deadline=$((SECONDS + 60))
until curl -fs -o /dev/null --max-time 2 --cacert "$work/certs/ca.crt" "https://127.0.0.1:$port/healthz"; do
  [ $SECONDS -lt $deadline ] || { echo "swarm-test: the gateway does not answer on 127.0.0.1:$port" >&2; exit 1; }
  sleep 1
done

SWARM_STACK=$stack SWARM_GATEWAY_URL=https://127.0.0.1:$port SWARM_CA_FILE=$work/certs/ca.crt SWARM_AUTH_ENV_FILE=$work/auth.env \
  NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning" \
  "$root/node_modules/.bin/jest" --config "$here/jest.config.js"
