#!/usr/bin/env bash
# Removes what interrupted stack test runs left behind: the containers, networks and
# volumes of every Compose project named thrift-http-starter-test-<8 hex> (the projects
# test/stack/global-setup.ts creates), and the run's temporary CA and credentials. A run
# that ends normally leaves nothing (its global teardown runs `down -v`); one that is
# killed leaves its stack until Ryuk removes it (where Ryuk runs) or this script does.
#   scripts/stack-test-clean.sh                  remove the leftovers, listing them
#   scripts/stack-test-clean.sh --check          list them and exit 1 if there are any
#   scripts/stack-test-clean.sh --record FILE    write what exists now to FILE, remove nothing
#   … --baseline FILE (with either of the first two) leaves alone what FILE lists.
# Why a baseline: CI records what the engine already holds before its run, then checks
# and removes only what appeared during it. A run killed earlier on the same engine (or a
# machine image taken while one ran) must not fail this run, and a run going on beside it
# must not lose its stack. Without a baseline it removes every run's stack, one in
# progress too. `make up`'s project (thrift-http-starter) never matches.
set -euo pipefail
mode=clean baseline=/dev/null record=
while [ $# -gt 0 ]; do
  case "$1" in
    --check) mode=check ;;
    --record) mode=record record=${2:?--record needs a file}; shift ;;
    --baseline) baseline=${2:?--baseline needs a file}; shift ;;
    *) echo "stack-test-clean: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
prefix=thrift-http-starter-test-
label=com.docker.compose.project
tmp=${TMPDIR:-/tmp}

say() { echo "stack-test-clean: $*" >&2; }

# Compose labels containers, networks and volumes with the project, v1 and v2 alike.
# $1: container | network | volume; prints "<id or name> <project>" of the matching ones
# whose project the baseline does not list.
leftovers() {
  local ls=(docker "$1" ls) format='{{.ID}}'
  case "$1" in
    container) ls+=(-a) ;;
    volume) format='{{.Name}}' ;;
  esac
  "${ls[@]}" --filter "label=$label" --format "$format {{.Label \"$label\"}}" |
    grep -E " ${prefix}[0-9a-f]{8}$" | grep -vwFf <(known) || true
}
# The runs' temporary directories (CA key, credentials), named after their projects.
temp_dirs() {
  local dir
  for dir in "$tmp/$prefix"*; do
    [ -d "$dir" ] && ! grep -qxF "$dir" <(known) && echo "$dir"
  done
  return 0
}
# What the baseline lists, and a line that matches nothing so grep -f never gets an
# empty pattern list (which would match everything).
known() { cat "$baseline"; echo "#none"; }

engine=true
docker info >/dev/null 2>&1 || engine=false

if [ "$mode" = record ]; then
  {
    if $engine; then
      for kind in container network volume; do leftovers "$kind" | cut -d' ' -f2; done | sort -u
    fi
    temp_dirs
  } >"$record"
  exit 0
fi

found=0
if $engine; then
  for kind in container network volume; do
    entries=$(leftovers "$kind")
    [ -n "$entries" ] || continue
    found=1
    say "${kind}s left by stack tests:"
    sed 's/^/  /' <<<"$entries" >&2
    [ "$mode" = check ] && continue
    # Containers first: a network or volume in use cannot be removed.
    case "$kind" in
      container) cut -d' ' -f1 <<<"$entries" | xargs docker rm -f -v >/dev/null ;;
      network) cut -d' ' -f1 <<<"$entries" | xargs docker network rm >/dev/null ;;
      volume) cut -d' ' -f1 <<<"$entries" | xargs docker volume rm -f >/dev/null ;;
    esac
  done
else
  say "no Docker engine answers: no containers, networks or volumes to look at"
fi

for dir in $(temp_dirs); do
  found=1
  say "temporary directory left by a stack test run: $dir"
  [ "$mode" = check ] || rm -rf "$dir"
done

if [ "$mode" = check ] && [ $found -eq 1 ]; then
  say "stack tests left the above behind"
  exit 1
fi
exit 0
