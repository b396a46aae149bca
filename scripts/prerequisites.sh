#!/usr/bin/env bash
# Makes sure what AIMO runs on is installed: redis-server and PostgreSQL (processes mode), and
# Chromium for the browser tests (pass --browser). Installs with apt when run as root on Debian/Ubuntu;
# otherwise says exactly what to install. Skips everything that is already there.
set -euo pipefail

want_browser=false
[[ "${1:-}" == "--browser" ]] && want_browser=true

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
if $want_browser; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d stops Debian from auto-starting the
  # system-wide redis/postgres services, which AIMO does not use (the AppHost runs its own).
  created_policy=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    created_policy=true
  fi
  apt-get install -y -qq "${missing[@]}" >/dev/null
  if $created_policy; then rm -f /usr/sbin/policy-rc.d; fi
else
  echo "AIMO needs: ${missing[*]}." >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  echo "(or run Docker/Podman and start the AppHost with --Aimo:Infrastructure=containers)" >&2
  exit 1
fi
