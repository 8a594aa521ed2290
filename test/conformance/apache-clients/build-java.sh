#!/usr/bin/env bash
# Builds Apache Thrift's Java cross-language test client (lib/java/src/crossTest/…/
# TestClient.java, as it is in the source) against the jars of Debian's libthrift-java
# (0.16 on Debian 12: the 0.17 client and generated code need nothing newer) and of
# Apache's HttpClient 4, which its --client mode uses. The IDL is generated with plain
# `java`, as Apache's lib/java build does. Called by run.sh:
#   build-java.sh SOURCE OUT   -> OUT/TestClient, a script running the client with its classpath
set -euo pipefail
source=$1
out=$2
jars=(thrift slf4j-api slf4j-simple httpclient httpcore commons-logging commons-codec commons-lang3
  geronimo-annotation-1.3-spec)
classpath=$out/classes
for jar in "${jars[@]}"; do
  [ -f "/usr/share/java/$jar.jar" ] || { echo "build-java: /usr/share/java/$jar.jar is missing" >&2; exit 1; }
  classpath+=:/usr/share/java/$jar.jar
done
mkdir -p "$out/gen" "$out/classes"
thrift --gen java -out "$out/gen" "$source/test/ThriftTest.thrift"
cp "$source/lib/java/src/crossTest/java/org/apache/thrift/test/TestClient.java" "$out/gen/"
find "$out/gen" -name '*.java' -print0 |
  xargs -0 javac -encoding UTF-8 -nowarn -d "$out/classes" -cp "$classpath"
cat >"$out/TestClient" <<SCRIPT
#!/bin/sh
# Apache Thrift's Java TestClient, built by build-java.sh
exec java -cp "$classpath" org.apache.thrift.test.TestClient "\$@"
SCRIPT
chmod +x "$out/TestClient"
