#!/usr/bin/env bash
# Waits until every container of a compose project reports healthy (the images'
# HEALTHCHECKs), for at most TIMEOUT seconds: compose v1 has no `up --wait`.
#   scripts/stack-wait.sh PROJECT [TIMEOUT]
# Containers are found by compose's project label, the same for v1 and v2. An unhealthy
# container ends the wait at once, with its last health check output and logs.
set -euo pipefail
project=${1:?usage: stack-wait.sh PROJECT [TIMEOUT]}
timeout=${2:-180}
deadline=$((SECONDS + timeout))

states() {
  local ids
  ids=$(docker ps -aq --filter "label=com.docker.compose.project=$project")
  [ -n "$ids" ] || return 0
  # shellcheck disable=SC2086 # one argument per id
  docker inspect -f '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' $ids |
    sed 's|^/||'
}

report() {
  local name=$1
  echo "stack-wait: $name is not healthy; last health check and logs:" >&2
  docker inspect -f '{{if .State.Health}}{{range .State.Health.Log}}{{.Output}}{{end}}{{end}}' "$name" | tail -n 5 >&2
  docker logs --tail 20 "$name" >&2 || true
}

while :; do
  current=$(states)
  [ -n "$current" ] || { echo "stack-wait: project $project has no containers" >&2; exit 1; }
  waiting=$(grep -v ' healthy$' <<<"$current" || true)
  [ -z "$waiting" ] && exit 0
  if sick=$(grep -m1 ' unhealthy$' <<<"$waiting"); then
    report "${sick%% *}"
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "stack-wait: not healthy within ${timeout}s:" >&2
    echo "$waiting" >&2
    report "$(head -n1 <<<"$waiting" | cut -d' ' -f1)"
    exit 1
  fi
  sleep 1
done
