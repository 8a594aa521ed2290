#!/usr/bin/env bash
# Runs a cross-test client that takes no --testloops (Node's client.js, Lua's
# test_basic_client.lua) as run.sh runs every client: its whole test --testloops=N times,
# stopping at the first failure, in its own folder, without the options it does not know
# (each would make it exit with "Unknown argument"). build-nodejs.sh and build-lua.sh
# write each client's wrapper as a call of this script.
#   loops.sh DIR "OPTION..." COMMAND... -- ARGUMENTS...
# DIR: where the client runs. "OPTION...": the options left out (`--host`: `--host=…`).
# COMMAND: the client. ARGUMENTS: run.sh's (--host, --port, --protocol, --testloops…).
set -euo pipefail
dir=$1
read -r -a unknown <<<"$2"
shift 2
command=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  command+=("$1")
  shift
done
[ $# -gt 0 ] || {
  echo "loops.sh: no -- between the client's command and its arguments" >&2
  exit 2
}
shift
loops=1
args=()
for arg in "$@"; do
  case $arg in
    --testloops=*) loops=${arg#--testloops=} ;;
    *) [[ " ${unknown[*]} " == *" ${arg%%=*} "* ]] || args+=("$arg") ;;
  esac
done
cd "$dir"
for ((loop = 0; loop < loops; loop++)); do
  "${command[@]}" "${args[@]}"
done
