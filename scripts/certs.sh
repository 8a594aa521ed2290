#!/usr/bin/env bash
# Writes a development CA and a server certificate signed by it into DIR (default .certs/,
# git-ignored), for the gateway's TLS:
#   ca.crt         trust this in clients (curl --cacert, NODE_EXTRA_CA_CERTS)
#   ca.key         kept to sign again; never leaves the machine
#   localhost.crt  server certificate for localhost, 127.0.0.1, ::1 and the compose name "gateway"
#   localhost.key
# Existing files are kept while the server certificate is valid for 30 more days.
# 1. ECDSA P-256 keys: accepted by Mozilla's intermediate and modern profiles alike.
# 2. The leaf lives 365 days, under the 398-day ceiling browsers enforce; the CA 10 years.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-$root/.certs}

if [ -f "$dir/localhost.crt" ] && openssl x509 -checkend $((30 * 86400)) -noout -in "$dir/localhost.crt" >/dev/null; then
  exit 0
fi

mkdir -p "$dir"
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$dir/ca.key" ] || [ ! -f "$dir/ca.crt" ]; then
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/ca.key"
  openssl req -x509 -new -sha256 -days 3650 -key "$dir/ca.key" -out "$dir/ca.crt" \
    -subj "/O=thrift-http-starter/CN=thrift-http-starter development CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
fi

openssl ecparam -name prime256v1 -genkey -noout -out "$dir/localhost.key"
openssl req -new -sha256 -key "$dir/localhost.key" -subj "/CN=localhost" -out "$tmp/localhost.csr"
cat >"$tmp/ext.cnf" <<'EXT'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1, DNS:gateway
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
openssl x509 -req -sha256 -days 365 -in "$tmp/localhost.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
  -set_serial "0x$(openssl rand -hex 16)" -extfile "$tmp/ext.cnf" -out "$dir/localhost.crt" 2>/dev/null
chmod 644 "$dir/ca.crt" "$dir/localhost.crt"
echo "certs: wrote a dev CA and a localhost certificate into $dir (trust $dir/ca.crt)" >&2
