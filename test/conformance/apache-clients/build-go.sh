#!/usr/bin/env bash
# Builds Apache Thrift's Go cross-language test client (test/go/src/bin/testclient and
# the package it uses, test/go/src/common) against Debian's golang-thrift-dev, offline:
# GOPATH mode, with the library where Debian puts it (/usr/share/gocode). As Apache's
# test/go/Makefile.am does, the IDL's list<map<…list…>> line is dropped (THRIFT-2063);
# common's *_test.go files are left out (they need gomock; the client does not).
# Called by run.sh:
#   build-go.sh SOURCE OUT   -> OUT/testclient
set -euo pipefail
source=$1
out=$2
test=$out/gopath/src/github.com/apache/thrift/test/go
mkdir -p "$test/src/gen"
cp -r "$source/test/go/src/bin" "$source/test/go/src/common" "$test/src/"
rm -f "$test"/src/common/*_test.go
grep -v 'list.*map.*list.*map' "$source/test/ThriftTest.thrift" >"$test/ThriftTest.thrift"
(cd "$test" && thrift -out src/gen \
  --gen go:thrift_import=github.com/apache/thrift/lib/go/thrift,package_prefix=github.com/apache/thrift/test/go/src/gen/ \
  ThriftTest.thrift)
export GO111MODULE=off GOFLAGS='' GOPATH="$out/gopath:/usr/share/gocode" GOCACHE="$out/gocache"
go build -o "$out/testclient" github.com/apache/thrift/test/go/src/bin/testclient
