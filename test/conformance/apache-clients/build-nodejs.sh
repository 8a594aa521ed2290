#!/usr/bin/env bash
# Prepares Apache Thrift's Node.js cross-language test client (lib/nodejs/test/client.js
# and its test_driver.js, as they are in the source) with Apache's own Node library of
# the same source (lib/nodejs/lib/thrift, not npm's `thrift`), as Apache's cross test
# runs it (test/tests.json: workdir lib/nodejs/test, NODE_PATH=../lib). The IDL is
# generated as lib/nodejs/test/testAll.sh does: `js:node` into gen-nodejs and
# `js:node,es6` into gen-nodejs-es6 (client.js --es6). The library's and the test's npm
# dependencies are installed from the npm registry at the versions of Apache's
# package-lock.json for 0.17 (commander 2: client.js reads options as program.<name>).
# Called by run.sh:
#   build-nodejs.sh SOURCE OUT   -> OUT/client, a script running client.js
# OUT/client takes client.js's options, and --testloops=N, which client.js does not know
# (commander refuses it; loops.sh).
# client.js posts to /test (client.js: options.path = "/test"), which it does not let
# one change: the conformance server serves that path too (app.ts).
set -euo pipefail
source=$1
out=$2
mkdir -p "$out/nodejs"
cp -r "$source/lib/nodejs/lib" "$source/lib/nodejs/test" "$out/nodejs/"
(cd "$out/nodejs/test" && thrift -o . --gen js:node "$source/test/ThriftTest.thrift" &&
  mkdir -p gen-nodejs-es6 && thrift -out gen-nodejs-es6 --gen js:node,es6 "$source/test/ThriftTest.thrift")
# npm resolves require() from OUT/nodejs/{lib,test} up to OUT/node_modules.
cat >"$out/package.json" <<'JSON'
{
  "name": "apache-thrift-nodejs-crosstest",
  "private": true,
  "dependencies": {
    "browser-or-node": "1.2.1",
    "commander": "2.19.0",
    "isomorphic-ws": "4.0.1",
    "node-int64": "0.4.0",
    "q": "1.5.1",
    "tape": "4.9.1",
    "ws": "5.2.3"
  }
}
JSON
(cd "$out" && npm install --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error)
# require("thrift") is Apache's 0.17 library: node looks in OUT/node_modules before
# NODE_PATH, and above OUT lies the project's own node_modules, with npm's 0.24 (no Q).
ln -s ../nodejs/lib/thrift "$out/node_modules/thrift"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cat >"$out/client" <<SCRIPT
#!/usr/bin/env bash
# Apache Thrift's Node.js test client (client.js), prepared by build-nodejs.sh.
export NODE_PATH=../lib
exec "$here/loops.sh" "$out/nodejs/test" "" node client.js -- "\$@"
SCRIPT
chmod +x "$out/client"
