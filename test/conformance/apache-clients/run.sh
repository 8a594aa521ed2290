#!/usr/bin/env bash
# `make test-apache-clients`: Apache Thrift's own cross-language test clients for C++, Go,
# Java, Node.js, the browser (JavaScript, in Chromium) and Lua, built from Debian's thrift
# source package, against the conformance server (test/conformance, `make
# conformance-server`) over HTTP: every protocol each client offers in Apache's cross test
# (its test/tests.json), Java's with both of its HTTP stacks, Node's over promises, ES6
# code and callbacks. Fails if any run fails. Not part of `make test` or CI, for their
# time: it installs g++, Go, a JDK, Lua 5.2 and Chromium where missing and builds the clients (half
# a minute, once); `make test-conformance` covers every protocol with Apache's Node and
# Python clients.
# 1. prepare.sh installs the packages (Debian, as root) and fetches Apache's source once.
# 2. build-cpp.sh, build-go.sh, build-java.sh, build-nodejs.sh, build-js.sh and
#    build-lua.sh build each client once; a stamp (source version, compiler version, build
#    script) says when to build again.
# 3. The server is started on a free port, every client × protocol runs against it with
#    --transport=http, one line each, and the server is stopped with SIGINT, which it
#    must answer by exiting 0.
# Everything is kept in node_modules/.cache/apache-clients/ (logs/ is this run's logs).
#   APACHE_CLIENTS="cpp go java nodejs js lua"  the clients to run (any of them)
#   APACHE_CLIENTS_LOOPS=1        each client's --testloops: its whole test, that many times
# The conformance server must be built (make does it: npx tsc -b test/conformance).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here=$root/test/conformance/apache-clients
cache=$root/node_modules/.cache/apache-clients
logs=$cache/logs
clients=${APACHE_CLIENTS:-cpp go java nodejs js lua}
loops=${APACHE_CLIENTS_LOOPS:-1}
cd "$root"
PATH="$(scripts/node-path.sh):$PATH"
start=$SECONDS

say() { echo "apache-clients: $*" >&2; }
die() {
  say "$*"
  exit 1
}

# Each client's protocols over HTTP, as Apache's test/tests.json lists them (Go's
# simplejson is write-only, and no server of Apache's offers it).
declare -A protocols=(
  [cpp]="binary compact json header multi multic multij multih"
  [go]="binary compact json header"
  [java]="binary compact json multi multic multij"
  [nodejs]="binary compact json header"
  [js]="json"
  [lua]="binary compact json"
)
read -r -a clients <<<"$clients"
[ ${#clients[@]} -gt 0 ] || die "APACHE_CLIENTS is empty; pick any of: ${!protocols[*]}"
for client in "${clients[@]}"; do
  [ -n "${protocols[$client]:-}" ] || die "APACHE_CLIENTS: no client '$client'; pick any of: ${!protocols[*]}"
done
[[ $loops =~ ^[1-9][0-9]*$ ]] || die "APACHE_CLIENTS_LOOPS must be a positive integer, got '$loops'"
[ -f test/conformance/dist/main.js ] ||
  die "test/conformance/dist/main.js is not built: run make test-apache-clients (or npx tsc -b test/conformance)"

# One run at a time: runs share the builds and the logs.
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock -n 9 || die "another run holds ${cache#"$root"/}/.lock; wait for it to end"

# 1. Packages and source.
source=$("$here/prepare.sh" "$cache" "${clients[@]}")

# The browser client's Chromium (Debian's, installed as root where missing).
if [[ " ${clients[*]} " == *" js "* ]]; then
  CHROMIUM_PATH=$(scripts/chromium-ensure.sh)
  [ -n "$CHROMIUM_PATH" ] || die "the js client needs Chromium (above)"
  export CHROMIUM_PATH
fi

# 2. The clients, built once.
build() {
  local client=$1 out=$cache/build/$1 script=$here/build-$1.sh key
  key="$(basename "$source") $(thrift --version) $(sha256sum <"$script" | cut -c1-16)"
  if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$key" ]; then
    return 0
  fi
  rm -rf "$out"
  mkdir -p "$out"
  say "building Apache's $client client from $(basename "$source") (log: ${out#"$root"/}/build.log)"
  local began=$SECONDS
  if ! "$script" "$source" "$out" >"$out/build.log" 2>&1; then
    tail -n 40 "$out/build.log" >&2
    die "building the $client client failed (above; whole log: ${out#"$root"/}/build.log)"
  fi
  echo "$key" >"$out/.stamp"
  say "built the $client client in $((SECONDS - began)) s"
}
for client in "${clients[@]}"; do build "$client"; done

# 3. The server, on a free port; stopped on the way out however the script ends.
rm -rf "$logs"
mkdir -p "$logs"
PORT=0 node test/conformance/dist/main.js >"$logs/server.log" 2>&1 &
server=$!
# SIGINT, as Ctrl-C; its exit code in server_rc (137 if it had to be killed after 15 s).
server_rc=
stop_server() {
  [ -z "$server_rc" ] || return 0
  kill -INT "$server" 2>/dev/null || true
  timeout 15 tail --pid="$server" -f /dev/null || kill -KILL "$server" 2>/dev/null || true
  server_rc=0
  wait "$server" || server_rc=$?
}
trap stop_server EXIT
# Ctrl-C stops the run at once (the client running gets it too: timeout --foreground).
trap 'say "interrupted"; exit 130' INT TERM

url=
for ((tenths = 0; tenths < 300; tenths++)); do
  url=$(sed -n 's|^ThriftTest and SecondService at \(http://[^ ]*\) .*|\1|p' "$logs/server.log")
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$logs/server.log" >&2; die "the conformance server exited (above)"; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$logs/server.log" >&2; die "the conformance server did not say where it listens within 30 s"; }
address=${url#http://}
address=${address%%/*}
host=${address%:*}
port=${address##*:}
say "conformance server at $url; $loops test loop(s) per run; logs in ${logs#"$root"/}"

# One client run: `ok|FAIL <label> <protocol>`, with its time or exit code, and its log.
passed=0
failed=()
run() {
  local label=$1 protocol=$2 log=$logs/$1-$2.log rc=0 began=${EPOCHREALTIME/./}
  shift 2
  timeout --foreground -k 5 $((120 * loops)) "$@" --host="$host" --port="$port" --transport=http --protocol="$protocol" \
    --testloops="$loops" </dev/null >"$log" 2>&1 || rc=$?
  local ms=$(((${EPOCHREALTIME/./} - began) / 1000))
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok   $label $protocol ($ms ms; log ${log#"$root"/})"
  else
    failed+=("$label $protocol")
    echo "FAIL $label $protocol (exit $rc$([ "$rc" -eq 124 ] && echo ", timed out"); log ${log#"$root"/})"
  fi
}

for client in "${clients[@]}"; do
  for protocol in ${protocols[$client]}; do
    case $client in
      cpp) run cpp "$protocol" "$cache/build/cpp/TestClient" ;;
      go) run go "$protocol" "$cache/build/go/testclient" ;;
      # THttpClient over Java's HttpURLConnection, then over Apache's HttpClient 4.
      java)
        run java "$protocol" "$cache/build/java/TestClient"
        run java-httpclient "$protocol" "$cache/build/java/TestClient" --client
        ;;
      # client.js over promises with ES5 code, ES6 code, then callbacks (with --es6 it
      # prints "ES6 does not support callback style" and exits 0: not run).
      nodejs)
        run nodejs "$protocol" "$cache/build/nodejs/client" --type=tcp
        run nodejs-es6 "$protocol" "$cache/build/nodejs/client" --type=tcp --es6
        run nodejs-callback "$protocol" "$cache/build/nodejs/client" --type=tcp --callback
        ;;
      js) run js "$protocol" "$cache/build/js/client" ;;
      # test_basic_client.lua connects to localhost, which is where the server listens.
      lua) run lua "$protocol" "$cache/build/lua/client" ;;
    esac
  done
done

# The server finishes the testOneway(n) calls' waits, all at once (app.ts), then exits 0.
stop_server
[ "$server_rc" -eq 0 ] || failed+=("the server exited $server_rc on SIGINT (log ${logs#"$root"/}/server.log)")

if [ ${#failed[@]} -eq 0 ]; then
  say "all $passed runs passed, and the server stopped cleanly ($((SECONDS - start)) s)"
else
  say "${#failed[@]} failed, $passed runs passed ($((SECONDS - start)) s):"
  for failure in "${failed[@]}"; do say "  $failure"; done
  exit 1
fi
