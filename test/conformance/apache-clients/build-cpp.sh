#!/usr/bin/env bash
# Builds Apache Thrift's C++ cross-language test client (test/cpp/src/TestClient.cpp, as
# it is in the source) against Debian's libthrift-dev, as Apache's test/cpp/Makefile.am
# does: code generated with `cpp:templates,cob_style` (the client uses both), linked with
# the non-blocking (evhttp) and zlib libraries it references. Called by run.sh:
#   build-cpp.sh SOURCE OUT   -> OUT/TestClient
set -euo pipefail
source=$1
out=$2
cd "$out"
cp "$source/test/cpp/src/TestClient.cpp" "$source/test/cpp/src/ThriftTest_extras.cpp" "$source/test/ThriftTest.thrift" .
thrift --gen cpp:templates,cob_style -r ThriftTest.thrift
# Each file compiled on its own, in parallel: TestClient.cpp, the longest, sets the pace.
files=(TestClient.cpp ThriftTest_extras.cpp gen-cpp/ThriftTest.cpp gen-cpp/SecondService.cpp
  gen-cpp/ThriftTest_types.cpp gen-cpp/ThriftTest_constants.cpp)
flags=(-O1 -std=c++11 -Wall -D__STDC_FORMAT_MACROS -D__STDC_LIMIT_MACROS -Igen-cpp -I.)
pids=()
for file in "${files[@]}"; do
  g++ "${flags[@]}" -c "$file" -o "${file%.cpp}.o" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
g++ -o TestClient "${files[@]/%.cpp/.o}" \
  -lthriftnb -lthriftz -lthrift -levent -lboost_program_options -lboost_filesystem -lssl -lcrypto -lz -lpthread
