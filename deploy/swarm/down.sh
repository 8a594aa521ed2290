#!/usr/bin/env bash
# Removes a stack deployed by up.sh and waits until it is gone:
#   deploy/swarm/down.sh [--volumes] [STACK]      (default thrift-http-starter-swarm; `make swarm-down`)
# `docker stack rm` removes the services, secrets and network but returns before their
# containers have stopped, and keeps the volumes. This waits (at most DOWN_TIMEOUT seconds,
# 60) for the containers and the network to go, then with --volumes deletes the database's
# volume too. The swarm itself stays: `docker swarm leave --force` leaves it (stop compose
# projects first: leaving cuts their containers off their networks, moby/moby#42877).
set -euo pipefail
volumes=false
if [ "${1:-}" = --volumes ]; then
  volumes=true
  shift
fi
stack=${1:-thrift-http-starter-swarm}
timeout=${DOWN_TIMEOUT:-60}
label="label=com.docker.stack.namespace=$stack"

docker stack rm "$stack" >/dev/null

# Containers stop within their grace period (15 s); the network goes once they have.
deadline=$((SECONDS + timeout))
until [ -z "$(docker ps -aq --filter "$label")" ] && [ -z "$(docker network ls -q --filter "$label")" ]; do
  if [ $SECONDS -ge $deadline ]; then
    echo "swarm-down: stack $stack still has containers or a network after ${timeout}s" >&2
    exit 1
  fi
  sleep 1
done

if $volumes; then
  mapfile -t names < <(docker volume ls -q --filter "$label")
  if [ ${#names[@]} -gt 0 ]; then docker volume rm "${names[@]}" >/dev/null; fi
fi
