#!/usr/bin/env bash
# Prepares Apache Thrift's JavaScript browser client (lib/js/src/thrift.js: TJSONProtocol
# over XMLHttpRequest) with its cross-test client, lib/js/test/phantom-client.js, which
# Apache's cross test runs in PhantomJS (test/tests.json, "js"; HTTP and JSON only). Here
# it runs in headless Chromium, driven by playwright-core (js-client.cjs). The IDL is
# generated with `--gen js`, as lib/js's own build does.
# Called by run.sh:
#   build-js.sh SOURCE OUT   -> OUT/client, which takes the cross test's options
set -euo pipefail
source=$1
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out/gen-js"
cp "$source/lib/js/src/thrift.js" "$source/lib/js/test/phantom-client.js" "$out/"
thrift -out "$out/gen-js" --gen js "$source/test/ThriftTest.thrift"
cat >"$out/client" <<SCRIPT
#!/usr/bin/env bash
# Apache Thrift's JavaScript test client in Chromium, prepared by build-js.sh.
exec node "$here/js-client.cjs" "$out" "\$@"
SCRIPT
chmod +x "$out/client"
