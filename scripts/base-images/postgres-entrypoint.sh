#!/usr/bin/env bash
# The stand-in postgres image's entrypoint (scripts/base-images/postgres.Dockerfile): what the
# official image's docker-entrypoint.sh does for the variables the stack sets.
# 1. As root: read POSTGRES_PASSWORD_FILE (a Swarm or Kubernetes secret may be readable by
#    root only) into POSTGRES_PASSWORD, own the data folder, then run again as `postgres`.
# 2. First start (no PG_VERSION in PGDATA): initdb with POSTGRES_USER and the password of
#    POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE, password logins (scram-sha-256) from any
#    address, listening on all of them, and POSTGRES_DB created through a server that
#    listens on its socket only (so no health check sees it ready too soon).
# 3. postgres itself, as PID 1: it gets the stop signal.
set -Eeuo pipefail

if [ "${1:-}" = postgres ] && [ -n "${POSTGRES_PASSWORD_FILE:-}" ] && [ -z "${POSTGRES_PASSWORD:-}" ]; then
  POSTGRES_PASSWORD=$(<"$POSTGRES_PASSWORD_FILE")
  export POSTGRES_PASSWORD
  unset POSTGRES_PASSWORD_FILE
fi

if [ "${1:-}" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown -R postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres: set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE" >&2
    exit 1
  fi
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$user" --dbname postgres -q -c "CREATE DATABASE \"$db\""
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "postgres: initialised $PGDATA (user $user, database $db)"
fi

# The server needs no password: it is in the data folder now.
unset POSTGRES_PASSWORD
exec "$@"
