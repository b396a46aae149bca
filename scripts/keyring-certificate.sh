#!/usr/bin/env bash
# Prints a new self-signed certificate with its private key as a base64 .pfx (no password), for the AppHost's
# admin-keyring-certificate secret: the admin encrypts its data-protection key ring with it before storing it in Redis.
#   azd env set-secret admin-keyring-certificate "$(scripts/keyring-certificate.sh)"   # or paste it when azd asks
# Keep the value: keys encrypted with it cannot be read without it (operators would have to sign in again).
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077
openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 36500 -subj "/CN=aimo-admin-keyring" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -passout pass: -out "$work/keyring.pfx"
base64 -w0 "$work/keyring.pfx"
echo
