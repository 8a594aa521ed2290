#!/usr/bin/env bash
# Makes sure a Docker engine answers and a Compose command exists; `make up` runs it first.
# 1. An engine that already answers (Docker Desktop, a system service, a remote DOCKER_HOST)
#    is used as it is: nothing is installed or started.
# 2. On Debian/Ubuntu as root, Debian's `docker.io` (engine) and `docker-compose` (v1) are
#    installed with apt when missing, and dockerd is started: through systemd when it runs,
#    otherwise detached in the background (containers and CI machines have no init system).
# 3. Anywhere else it says what is missing and exits non-zero: installing Docker is the
#    user's decision there.
set -euo pipefail

timeout=${DOCKER_START_TIMEOUT:-60}
log=${DOCKERD_LOG:-/var/log/dockerd.log}

say() { echo "docker-ensure: $*" >&2; }
has_compose() { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; }
is_root() { [ "$(id -u)" -eq 0 ]; }
can_apt() { is_root && command -v apt-get >/dev/null; }

if docker info >/dev/null 2>&1 && has_compose; then
  exit 0
fi

# 1. Install what is missing (the CLI may exist without the engine, as on this project's machines).
packages=()
command -v dockerd >/dev/null || docker info >/dev/null 2>&1 || packages+=(docker.io)
has_compose || packages+=(docker-compose)
if [ ${#packages[@]} -gt 0 ]; then
  if ! can_apt; then
    say "missing: ${packages[*]}. Install Docker Engine with Compose (https://docs.docker.com/engine/install/)"
    say "or Docker Desktop, then retry. On Debian/Ubuntu as root this script installs them with apt."
    exit 1
  fi
  say "installing ${packages[*]} with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if docker info >/dev/null 2>&1; then
  exit 0
fi

# 2. Start the engine: only root may, and only a local one.
if ! is_root || [ -n "${DOCKER_HOST:-}" ]; then
  say "the Docker engine does not answer (${DOCKER_HOST:-local socket}). Start it (Docker Desktop,"
  say "or 'sudo systemctl start docker') and make sure your user may use it (the 'docker' group)."
  exit 1
fi
if [ -d /run/systemd/system ]; then
  say "starting docker with systemd"
  systemctl start docker
else
  say "starting dockerd in the background (log: $log)"
  # setsid: the daemon must outlive this shell and ignore the terminal's Ctrl-C.
  setsid -f dockerd >"$log" 2>&1 </dev/null
fi

# 3. Wait for the API, not for a guessed delay.
deadline=$((SECONDS + timeout))
until docker info >/dev/null 2>&1; do
  if [ $SECONDS -ge $deadline ]; then
    say "dockerd did not answer within ${timeout}s; see $log"
    exit 1
  fi
  sleep 0.5
done
say "docker engine $(docker version --format '{{.Server.Version}}') is up"
