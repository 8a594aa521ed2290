#!/usr/bin/env bash
# Makes sure what `make test-apache-clients` (run.sh) needs to build Apache Thrift's own
# C++, Go, Java, Node, browser and Lua test clients is there, and prints the directory of
# Apache Thrift's source on standard output.
#   prepare.sh CACHE CLIENT...   (CLIENT: cpp, go, java, nodejs, js, lua; Node's and the
#   browser's need only the compiler here: run.sh finds Chromium, scripts/chromium-ensure.sh)
# 1. Debian's packages the named clients need: the missing ones are installed with apt on
#    Debian/Ubuntu as root; anywhere else it says what is missing and exits non-zero.
# 2. Apache's source, which holds the clients (test/cpp, test/go, lib/java/src/crossTest)
#    and test/ThriftTest.thrift: Debian's source package of the installed compiler, fetched
#    once with `apt-get source` into CACHE/src. That needs deb-src entries in apt's sources:
#    as root they are added for Debian's and Ubuntu's archives when there are none.
set -euo pipefail
cache=$1
shift

say() { echo "apache-clients: $*" >&2; }
is_root() { [ "$(id -u)" -eq 0 ]; }
can_apt() { is_root && command -v apt-get >/dev/null; }

# 1. Packages. A JDK other than Debian's default one will do: javac on PATH is enough.
packages=(thrift-compiler dpkg-dev)
for client in "$@"; do
  case $client in
    cpp) packages+=(libthrift-dev libboost-program-options-dev libboost-filesystem-dev libevent-dev libssl-dev
      zlib1g-dev g++) ;;
    go) packages+=(golang-go golang-thrift-dev) ;;
    # Lua 5.2, Apache's lib/lua's (build-lua.sh compiles its C modules against it).
    lua) packages+=(lua5.2 liblua5.2-dev gcc) ;;
    java) packages+=(libthrift-java default-jdk-headless libslf4j-java libhttpclient-java libhttpcore-java
      libcommons-lang3-java libgeronimo-annotation-1.3-spec-java) ;;
  esac
done

if ! command -v dpkg-query >/dev/null; then
  say "Apache's clients are built here from Debian's (or Ubuntu's) packages and source package:"
  say "${packages[*]}. On another system, run them from Apache Thrift's own build"
  say "(test/README.md in its source) against 'make conformance-server'."
  exit 1
fi
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for package in "${packages[@]}"; do
  case $package in
    default-jdk-headless) command -v javac >/dev/null || missing+=("$package") ;;
    *) installed "$package" || missing+=("$package") ;;
  esac
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! can_apt; then
    say "missing: ${missing[*]}."
    say "Install them (apt-get install ${missing[*]}), or run this as root, which installs them."
    exit 1
  fi
  say "installing ${missing[*]} with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. The source. Kept once extracted: `.fetched` is written after a complete extraction.
find_source() { find "$cache/src" -mindepth 1 -maxdepth 1 -type d -name 'thrift-*' 2>/dev/null | head -n 1; }
if [ -f "$cache/src/.fetched" ] && [ -n "$(find_source)" ]; then
  find_source
  exit 0
fi

# deb-src entries for Debian's and Ubuntu's own archives (other repositories, Docker's for
# one, publish no sources, and apt-get update would fail on them): `Types: deb` becomes
# `Types: deb deb-src` in deb822 files, and a one-line `deb` entry gets a `deb-src` twin.
# Only done when apt has no deb-src entry at all, hence once.
# shellcheck disable=SC2016 # $(CREATED_BY) is apt's field, not the shell's
has_deb_src() { apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -qx Sources; }
enable_deb_src() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    if [ ! -f "$file" ] || ! grep -Eq 'debian\.org|ubuntu\.com' "$file"; then continue; fi
    sed -i -E 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb deb-src/' "$file"
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    sed -i -E '/^deb[[:space:]].*(debian\.org|ubuntu\.com)/{p;s/^deb([[:space:]])/deb-src\1/}' "$file"
  done
}
if ! has_deb_src; then
  if ! can_apt; then
    say "apt has no deb-src entry, so 'apt-get source thrift' cannot fetch Apache Thrift's source."
    say "As root: add deb-src to the Types of /etc/apt/sources.list.d/debian.sources (or a deb-src"
    say "line per deb line of /etc/apt/sources.list), run apt-get update, and retry; or run this as root."
    exit 1
  fi
  say "adding deb-src entries for Debian's archives to apt's sources"
  enable_deb_src
  apt-get update -qq
fi

# The source version of the installed compiler (0.17.0-2 for 0.17.0-2+b2), so that the
# clients are the ones of the libraries they link.
version=$(dpkg-query -W -f='${source:Version}' thrift-compiler)
rm -rf "$cache/src"
mkdir -p "$cache/src"
say "fetching Apache Thrift's source (Debian's thrift $version) into ${cache#"$PWD"/}/src"
fetch() { (cd "$cache/src" && apt-get source -q "thrift=$version") >"$cache/src/fetch.log" 2>&1; }
if ! fetch && ! { can_apt && apt-get update -qq && fetch; }; then
  cat "$cache/src/fetch.log" >&2
  say "apt-get source thrift=$version failed (above)."
  is_root || say "If apt's deb-src lists are not downloaded yet, run apt-get update as root and retry."
  exit 1
fi
source=$(find_source)
if [ -z "$source" ] || [ ! -f "$source/test/ThriftTest.thrift" ]; then
  say "apt-get source gave no thrift-*/test/ThriftTest.thrift in $cache/src"
  exit 1
fi
touch "$cache/src/.fetched"
echo "$source"
