#!/usr/bin/env bash
# Makes sure what the conformance tests (test/conformance, `make test-conformance`) need
# beyond Node is there: Apache's compiler (`thrift`, which generates the Python client)
# and Apache's Python library (`import thrift`, its THttpClient).
# 1. Both present: nothing is done.
# 2. On Debian/Ubuntu as root, the missing ones are installed with apt: `thrift-compiler`
#    and `python3-thrift` (for /usr/bin/python3).
# 3. Anywhere else it says what is missing and how to get it, and exits non-zero.
# The Python the tests use is the first of $CONFORMANCE_PYTHON, /usr/bin/python3 and
# python3 that imports thrift; it is printed on standard output.
set -euo pipefail

say() { echo "conformance-ensure: $*" >&2; }
can_apt() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; }

python_with_thrift() {
  local candidate
  for candidate in ${CONFORMANCE_PYTHON:-} /usr/bin/python3 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import thrift' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

packages=()
command -v thrift >/dev/null || packages+=(thrift-compiler)
python_with_thrift >/dev/null || packages+=(python3-thrift)
if [ ${#packages[@]} -gt 0 ]; then
  if ! can_apt; then
    say "missing: ${packages[*]}. The conformance tests need Apache Thrift's compiler (thrift, 0.17 or"
    say "later) and its Python library: on Debian/Ubuntu 'apt-get install thrift-compiler python3-thrift',"
    say "elsewhere your package manager's thrift, and 'pip install thrift' for python3 (or point"
    say "CONFORMANCE_PYTHON at a Python that has it). On Debian as root this script installs them."
    exit 1
  fi
  say "installing ${packages[*]} with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if ! python="$(python_with_thrift)"; then
  say "python3-thrift is installed, but no Python found imports it: set CONFORMANCE_PYTHON"
  exit 1
fi
echo "$python"
