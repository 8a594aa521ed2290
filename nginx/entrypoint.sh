#!/bin/sh
# Writes the gateway's settings that come from the environment into /etc/nginx/runtime/,
# then runs the command (nginx, or `nginx -t`). Credentials are thus neither baked into
# the image nor committed: they arrive as the same variables the services read.
#   AUTH_BASIC_USERS    user:password,…   (Basic)
#   AUTH_BEARER_TOKENS  name:token,…      (Bearer)
#   AUTH_BASIC_USERS_FILE, AUTH_BEARER_TOKENS_FILE
#                       or a file holding the list (Swarm and Kubernetes secrets)
#   GATEWAY_RATE_LIMIT  requests per caller identity, e.g. 100r/s (default) or 600r/m
#   GATEWAY_RATE_BURST  requests over that rate let through at once (default 200)
#   GATEWAY_UNAUTHENTICATED_RATE_LIMIT, GATEWAY_UNAUTHENTICATED_RATE_BURST
#                       the same for requests without valid credentials, per client
#                       address (default 10r/s, 50); see gateway/rate-limits.conf
#   GATEWAY_PLAYGROUND  on (default) or off: the browser playground at /_playground/
#                       (off: a 404, as any route the gateway does not have)
#   GATEWAY_RESOLVE_INTERVAL
#                       seconds: where replicas come and go, follow their addresses in DNS
#                       (see resolve-upstreams.sh); unset, nginx resolves them once
#   GATEWAY_RUNTIME_DIR where the files are written (default /etc/nginx/runtime; tests)
set -eu
# Bytes, not a locale's characters: the alphabets below are ASCII, as the services' are.
export LC_ALL=C

runtime=${GATEWAY_RUNTIME_DIR:-/etc/nginx/runtime}
rate=${GATEWAY_RATE_LIMIT:-100r/s}
burst=${GATEWAY_RATE_BURST:-200}
unauthenticated_rate=${GATEWAY_UNAUTHENTICATED_RATE_LIMIT:-10r/s}
unauthenticated_burst=${GATEWAY_UNAUTHENTICATED_RATE_BURST:-50}
playground=${GATEWAY_PLAYGROUND:-on}

fail() { echo "gateway: $*" >&2; exit 1; }

# 1. Values are checked against narrow alphabets before they are written into nginx config.
#    The lists are read as the services read them (shared/src/core/credentials.ts, which
#    nginx/test/entrypoint.test.ts holds this copy to): entries split at commas, ASCII
#    blanks around them ignored, name:secret split at the first colon, names of 1 to 64
#    letters, digits and . _ @ -, each once. Tokens must also have the RFC 6750 token
#    syntax (the services accept more; the gateway refuses to start rather than write a
#    token it cannot match exactly). Whole values, never line by line: a value may hold
#    a line break.
valid_name() {
  case $1 in '' | *[!A-Za-z0-9_.@-]*) return 1 ;; esac
  [ ${#1} -le 64 ]
}
valid_token() {
  body=${1%%=*}
  case $body in '' | *[!A-Za-z0-9._~+/-]*) return 1 ;; esac
  case ${1#"$body"} in *[!=]*) return 1 ;; esac
}
# A regular expression matching the text exactly: `.` and `+` are the only characters of
# base64 and of tokens that mean something in a regex (both are one line).
literal() { printf '%s' "$1" | sed 's/[.+]/\\&/g'; }
trim() {
  value=$1
  while :; do case $value in [[:space:]]*) value=${value#?} ;; *) break ;; esac; done
  while :; do case $value in *[[:space:]]) value=${value%?} ;; *) break ;; esac; done
  printf '%s' "$value"
}

# 2. A list given as a file (NAME_FILE) is read into NAME, as the services do; both set is
#    refused rather than guessing which one wins.
from_file() {
  eval "value=\${$1:-} file=\${$1_FILE:-}"
  [ -n "$file" ] || return 0
  [ -z "$value" ] || fail "$1 and $1_FILE are both set: keep one"
  [ -r "$file" ] || fail "$1_FILE: cannot read $file"
  eval "$1=\$(cat \"\$file\")"
}
from_file AUTH_BASIC_USERS
from_file AUTH_BEARER_TOKENS

# 3. One map entry per credential (see gateway/auth.conf for why they are regexes).
#    Basic is matched on the canonical base64 of user:password, as clients send it.
identities() {
  users=" "
  for entry in ${AUTH_BASIC_USERS:-}; do
    entry=$(trim "$entry")
    [ -n "$entry" ] || continue
    user=${entry%%:*}
    password=${entry#*:}
    if [ "$user" = "$entry" ] || [ -z "$password" ] || ! valid_name "$user"; then
      fail "AUTH_BASIC_USERS: every entry must be name:password, the name made of letters, digits and . _ @ -"
    fi
    case $users in *" $user "*) fail "AUTH_BASIC_USERS: $user is listed twice" ;; esac
    users="$users$user "
    encoded=$(printf '%s:%s' "$user" "$password" | base64 -w0)
    printf '"~^(?i:basic) +%s$" "%s";\n' "$(literal "$encoded")" "$user"
  done
  names=" "
  for entry in ${AUTH_BEARER_TOKENS:-}; do
    entry=$(trim "$entry")
    [ -n "$entry" ] || continue
    name=${entry%%:*}
    token=${entry#*:}
    if [ "$name" = "$entry" ] || ! valid_name "$name" || ! valid_token "$token"; then
      fail "AUTH_BEARER_TOKENS: every entry must be name:token, the token made of letters, digits and . _ ~ + / - ="
    fi
    case $names in *" $name "*) fail "AUTH_BEARER_TOKENS: $name is listed twice" ;; esac
    names="$names$name "
    printf '"~^(?i:bearer) +%s$" "%s";\n' "$(literal "$token")" "$name"
  done
}

valid_burst() { case $1 in '' | *[!0-9]*) return 1 ;; esac; }
valid_rate() {
  case $1 in *r/s | *r/m) ;; *) return 1 ;; esac
  case ${1%r/?} in 0* | '' | *[!0-9]*) return 1 ;; esac
}
valid_rate "$rate" || fail "GATEWAY_RATE_LIMIT must look like 100r/s or 600r/m"
valid_burst "$burst" || fail "GATEWAY_RATE_BURST must be a number"
valid_rate "$unauthenticated_rate" || fail "GATEWAY_UNAUTHENTICATED_RATE_LIMIT must look like 10r/s or 600r/m"
valid_burst "$unauthenticated_burst" || fail "GATEWAY_UNAUTHENTICATED_RATE_BURST must be a number"
case "$playground" in
  on | off) ;;
  *) fail "GATEWAY_PLAYGROUND must be on or off" ;;
esac

# 4. Entries are separated by commas, blanks around them ignored (as the services do);
#    no globbing, since a password may contain `*`.
set -f
IFS=,
umask 077
mkdir -p "$runtime"
identities >"$runtime/auth-identities.conf"
unset IFS
set +f
[ -s "$runtime/auth-identities.conf" ] ||
  fail "no credentials: set AUTH_BASIC_USERS and/or AUTH_BEARER_TOKENS (\`make secrets\` writes dev ones)"

cat >"$runtime/rate-limit.conf" <<EOF
# Written by the entrypoint from GATEWAY_RATE_LIMIT / GATEWAY_RATE_BURST (per caller
# identity) and GATEWAY_UNAUTHENTICATED_RATE_LIMIT / _BURST (per client address, requests
# without valid credentials): see gateway/rate-limits.conf.
limit_req_zone \$auth_identity zone=per_identity:1m rate=$rate;
limit_req_zone \$rate_limit_address zone=per_address:10m rate=$unauthenticated_rate;
limit_req zone=per_identity burst=$burst nodelay;
limit_req zone=per_address burst=$unauthenticated_burst nodelay;
EOF

# 5. The playground's switch, included first in its location (conf.d/gateway.conf).
if [ "$playground" = off ]; then
  printf '# GATEWAY_PLAYGROUND=off\nreturn 404;\n' >"$runtime/playground.conf"
else
  printf '# GATEWAY_PLAYGROUND=on\n' >"$runtime/playground.conf"
fi

# 6. Where a scheduler moves replicas (Swarm, Kubernetes), start once every service name has
#    an address, and reload nginx whenever the addresses change.
if [ -n "${GATEWAY_RESOLVE_INTERVAL:-}" ]; then
  gateway-resolve-upstreams wait
  gateway-resolve-upstreams watch &
fi

exec "$@"
