#!/usr/bin/env bash
# Makes demo certificates under tls/demo/ for conf/client-tls.json and the openssl s_server of the README:
# a CA, a server certificate for localhost and 127.0.0.1, and a client certificate for mutual TLS.
#
#   TETHER_DEMO_KEYSTORE_PASSWORD   the password client.p12 gets (required; Tether reads it from the same variable)
#
# For trying Tether only: the keys lie unencrypted next to the certificates and expire after 30 days.
# Needs openssl 1.1.1 or later.
set -euo pipefail

: "${TETHER_DEMO_KEYSTORE_PASSWORD:?set TETHER_DEMO_KEYSTORE_PASSWORD to the password client.p12 should have}"
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/demo"
mkdir -p "$out"
cd "$out"

ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)

openssl req -x509 "${ec[@]}" -keyout ca-key.pem -out ca.pem -days 30 -subj "/CN=Tether demo CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

leaf() {
  local name="$1" cn="$2" ext="$3"
  openssl req "${ec[@]}" -keyout "$name-key.pem" -out "$name.csr" -subj "/CN=$cn" 2>/dev/null
  printf '%b\n' "$ext" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 \
    -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}
leaf server localhost "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth"
leaf client tether-demo-client "extendedKeyUsage=clientAuth"
openssl pkcs12 -export -in client.pem -inkey client-key.pem -certfile ca.pem -name client \
  -out client.p12 -passout env:TETHER_DEMO_KEYSTORE_PASSWORD
rm -f ca.srl
chmod 600 ./*-key.pem client.p12

echo "Made in $out: ca.pem, server.pem + server-key.pem, client.p12 (and client.pem + client-key.pem)"
