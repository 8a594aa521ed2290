#!/bin/sh
# Keeps the gateway's upstream servers in step with DNS where replicas come and go: a
# scheduler starts and stops them (Docker Swarm, Kubernetes), or one restarts at another
# address (Compose). The entrypoint runs it when GATEWAY_RESOLVE_INTERVAL is set:
#   gateway-resolve-upstreams wait    until every upstream name has an address
#                                     (at most GATEWAY_RESOLVE_WAIT seconds, default 120)
#   gateway-resolve-upstreams watch   look the names up every GATEWAY_RESOLVE_INTERVAL
#                                     seconds; reload nginx when their addresses change
#
# 1. Why: nginx resolves the names in gateway/upstreams.conf only when it loads its config.
#    Re-resolving them while it runs (`server … resolve`) needs nginx 1.27.3, and the config
#    must stay valid on Debian's 1.22. A reload is graceful: new workers take new calls with
#    the new addresses, the old ones finish the calls in flight.
# 2. The names are looked up as nginx looks them up (getent: the C library's resolver,
#    /etc/hosts and the search domains of /etc/resolv.conf), so both see the same replicas:
#    on Swarm the task addresses (`endpoint_mode: dnsrr`), on Kubernetes the ready pods of
#    a headless Service.
set -eu

upstreams=/etc/nginx/gateway/upstreams.conf
interval=${GATEWAY_RESOLVE_INTERVAL:-}
wait_limit=${GATEWAY_RESOLVE_WAIT:-120}

say() { echo "gateway-resolve-upstreams: $*" >&2; }
fail() { say "$*"; exit 1; }

printf '%s' "$interval" | grep -Eq '^[1-9][0-9]*$' || fail "GATEWAY_RESOLVE_INTERVAL must be a number of seconds"
printf '%s' "$wait_limit" | grep -Eq '^[0-9]+$' || fail "GATEWAY_RESOLVE_WAIT must be a number of seconds"

names() {
  sed -n 's/^[[:space:]]*server[[:space:]]\{1,\}\([^:;[:space:]]\{1,\}\).*/\1/p' "$upstreams" | sort -u
}

# One line per name: the name, then its addresses, sorted (a name with none stands alone).
addresses() {
  for name in $(names); do
    printf '%s %s\n' "$name" "$(getent ahosts "$name" | awk '{ print $1 }' | sort -u | tr '\n' ' ')"
  done
}

unresolved() { awk 'NF == 1 { printf "%s ", $1 }'; }

# 3. At start: nginx refuses to start while a name has no address (a service whose replicas
#    are not ready yet), so wait for all of them, for a bounded time.
wait_for_names() {
  deadline=$(($(date +%s) + wait_limit))
  while missing=$(addresses | unresolved) && [ -n "$missing" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "no address for: ${missing}after ${wait_limit}s"
    sleep 1
  done
}

# 4. While running: a change is applied by a reload, once `nginx -t` accepts the config with
#    the new addresses (a failed check is tried again at the next look-up). When a name has
#    no address at all (every replica of a service gone) the config would be refused, so
#    nginx keeps the servers it has until one is back.
watch() {
  current=$(addresses)
  while sleep "$interval"; do
    next=$(addresses)
    [ "$next" != "$current" ] || continue
    missing=$(printf '%s\n' "$next" | unresolved)
    if [ -n "$missing" ]; then
      say "no address for: ${missing}keeping the servers nginx has"
      current=$next
    elif nginx -t -q && nginx -s reload; then
      say "addresses changed, reloaded nginx: $(printf '%s' "$next" | tr '\n' ';')"
      current=$next
    fi
  done
}

case "${1:-}" in
  wait) wait_for_names ;;
  watch) watch ;;
  *) fail "usage: gateway-resolve-upstreams wait|watch" ;;
esac
