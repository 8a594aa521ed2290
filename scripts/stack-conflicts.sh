#!/usr/bin/env bash
# Stops `make up` and `make swarm-up` at once, before any image is built, when what they
# are about to start would collide with what runs already, and says what to run instead:
#   scripts/stack-conflicts.sh compose PROJECT PORT   (make up)
#   scripts/stack-conflicts.sh swarm STACK PORT       (make swarm-up)
#   scripts/stack-conflicts.sh compose PROJECT PORT PROMETHEUS_PORT   (make up OBSERVE=1)
# The fourth argument names the variable that sets PORT (GATEWAY_HTTPS_PORT unless given),
# for the messages.
# Both may run side by side on one machine (their default names differ: thrift-http-starter
# and thrift-http-starter-swarm), but not on one gateway port, 8443 for both by default.
#
# 1. The name. Compose names its network <project>_default, Swarm <stack>_default: under
#    one name the second cannot start ("not manually attachable", "already exists"), and
#    `make down` would then try to remove the other's network.
# 2. The port. Compose publishes the gateway on 127.0.0.1:PORT, Swarm on PORT of every
#    address (host mode: by the gateway's container; the routing mesh: by the service).
#    Docker's own refusal would come only after every image is built, and would not say
#    which stack holds the port. What the starting stack holds itself is no conflict:
#    `make up` and `make swarm-up` run again on a running stack.
# 3. Anything else listening on PORT on this machine.
# Nothing to check where no Docker engine answers yet (`make docker` comes next).
set -euo pipefail
kind=${1:?usage: stack-conflicts.sh compose|swarm NAME PORT}
name=${2:?usage: stack-conflicts.sh compose|swarm NAME PORT}
port=${3:-}
port_var=${4:-GATEWAY_HTTPS_PORT}
holder_kind=
[ "$port_var" = GATEWAY_HTTPS_PORT ] && holder_kind="the gateway"

project_label=com.docker.compose.project
stack_label=com.docker.stack.namespace

case "$kind" in
  compose) target=up; own_label=$project_label; rename="make up PROJECT=$name-compose" ;;
  swarm) target=swarm-up; own_label=$stack_label; rename="make swarm-up SWARM_STACK=$name-swarm" ;;
  *) echo "usage: stack-conflicts.sh compose|swarm NAME PORT" >&2; exit 2 ;;
esac

stop() {
  echo "make $target: $*" >&2
  exit 1
}

docker info >/dev/null 2>&1 || exit 0

# 1. A network of the name that the starting stack did not make.
network=${name}_default
if docker network inspect "$network" >/dev/null 2>&1; then
  label() { docker network inspect -f "{{index .Labels \"$1\"}}" "$network"; }
  if [ "$(label "$own_label")" != "$name" ]; then
    if [ -n "$(label "$stack_label")" ]; then
      remove="make swarm-down SWARM_STACK=$(label "$stack_label")"
      owner="the Swarm stack $(label "$stack_label")"
    elif [ -n "$(label "$project_label")" ]; then
      remove="make down PROJECT=$(label "$project_label")"
      owner="the Compose project $(label "$project_label")"
    else
      remove="docker network rm $network"
      owner="no Compose project or Swarm stack"
    fi
    stop "the network $network, which this stack needs, belongs to $owner. Remove it first ($remove), or take another name ($rename)."
  fi
fi

[ -n "$port" ] || exit 0

# 2. Containers publishing the port (compose's gateway, a Swarm gateway in host mode) and
#    Swarm services publishing it (the routing mesh), with the project or stack they
#    belong to; the starting stack's own are skipped.
holders() {
  docker ps --filter "publish=$port" --format "{{.Label \"$project_label\"}}|{{.Label \"$stack_label\"}}|{{.Names}}"
  if [ "$(docker info --format '{{.Swarm.ControlAvailable}}')" = true ]; then
    for service in $(docker service ls -q); do
      docker service inspect "$service" \
        -f "{{range .Endpoint.Ports}}{{.PublishedPort}}||{{index \$.Spec.Labels \"$stack_label\"}}|{{\$.Spec.Name}}{{println}}{{end}}"
    done | awk -F'|' -v port="$port" '$1 == port { print $2 "|" $3 "|" $4 }'
  fi
}
while IFS='|' read -r project stack holder; do
  [ -n "$holder" ] || continue
  if [ "$kind" = compose ] && [ "$project" = "$name" ]; then continue; fi
  if [ "$kind" = swarm ] && [ "$stack" = "$name" ]; then continue; fi
  if [ -n "$stack" ]; then
    stop "port $port is taken by ${holder_kind:-$holder} of the Swarm stack $stack. Remove it first (make swarm-down SWARM_STACK=$stack), or run both on two ports (make $target $port_var=<another port>)."
  elif [ -n "$project" ]; then
    stop "port $port is taken by ${holder_kind:-$holder} of the Compose project $project. Remove it first (make down PROJECT=$project), or run both on two ports (make $target $port_var=<another port>)."
  else
    stop "port $port is published by $holder: stop it, or choose another port (make $target $port_var=<another port>)."
  fi
done < <(holders)

# 3. Another program on the port (the starting stack's own gateway answers there too: skip
#    the check when it runs already).
# (`docker service ls` fails outside a swarm: then no stack runs.)
running=$(if [ "$kind" = compose ]; then docker ps -q --filter "label=$project_label=$name"; else docker service ls -q --filter "label=$stack_label=$name" 2>/dev/null || true; fi)
if [ -z "$running" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  stop "port $port is in use on this machine: choose another (make $target $port_var=<another port>)."
fi
