#!/usr/bin/env bash
# Removes what interrupted stack test runs left behind: the containers, networks and
# volumes of every Compose project named thrift-http-starter-test-<8 hex> (the projects
# test/stack/global-setup.ts creates), and the run's temporary CA and credentials. A run
# that ends normally leaves nothing (its global teardown runs `down -v`); one that is
# killed leaves its stack until Ryuk removes it (where Ryuk runs) or this script does.
#   scripts/stack-test-clean.sh          remove the leftovers, listing them
#   scripts/stack-test-clean.sh --check  list them and exit 1 if there are any (CI uses it
#                                        after a run to prove the teardown complete)
# It removes the stack of a run still in progress on the same engine too: not while one
# runs. `make up`'s project (thrift-http-starter) never matches.
set -euo pipefail
check=false
[ "${1:-}" = "--check" ] && check=true
prefix=thrift-http-starter-test-
label=com.docker.compose.project

say() { echo "stack-test-clean: $*" >&2; }

# Compose labels containers, networks and volumes with the project, v1 and v2 alike.
# $1: container | network | volume; prints "<id or name> <project>" of the matching ones.
leftovers() {
  local ls=(docker "$1" ls) format='{{.ID}}'
  case "$1" in
    container) ls+=(-a) ;;
    volume) format='{{.Name}}' ;;
  esac
  "${ls[@]}" --filter "label=$label" --format "$format {{.Label \"$label\"}}" |
    grep -E " ${prefix}[0-9a-f]{8}$" || true
}

if ! docker info >/dev/null 2>&1; then
  say "no Docker engine answers: nothing to clean"
  exit 0
fi

found=0
for kind in container network volume; do
  entries=$(leftovers "$kind")
  [ -n "$entries" ] || continue
  found=1
  say "${kind}s left by stack tests:"
  sed 's/^/  /' <<<"$entries" >&2
  $check && continue
  # Containers first: a network or volume in use cannot be removed.
  case "$kind" in
    container) cut -d' ' -f1 <<<"$entries" | xargs docker rm -f -v >/dev/null ;;
    network) cut -d' ' -f1 <<<"$entries" | xargs docker network rm >/dev/null ;;
    volume) cut -d' ' -f1 <<<"$entries" | xargs docker volume rm -f >/dev/null ;;
  esac
done

# The runs' temporary directories (CA key, credentials), named after their projects.
tmp=${TMPDIR:-/tmp}
for dir in "$tmp/$prefix"*; do
  [ -d "$dir" ] || continue
  found=1
  say "temporary directory left by a stack test run: $dir"
  $check || rm -rf "$dir"
done

if $check && [ $found -eq 1 ]; then
  say "stack tests left the above behind"
  exit 1
fi
exit 0
