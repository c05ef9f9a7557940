#!/usr/bin/env bash
# Installs the Debian packages zkscope's demo and tests need, only those that are missing.
# Usage: scripts/ensure-deps.sh [package...]   (default: the full list below)
set -euo pipefail
wanted=("$@")
if [ ${#wanted[@]} -eq 0 ]; then
  wanted=(zookeeper libncurses-dev tmux python3-kazoo libcurator-recipes-java iptables openssl libsasl2-dev libsasl2-modules
    libsqlite3-dev prometheus
    libsasl2-modules-gssapi-mit libkrb5-dev krb5-kdc krb5-admin-server krb5-user faketime python3-pure-sasl)
fi
missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "zkscope needs these Debian packages: ${missing[*]}" >&2
  echo "Run as root, or install them first: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Packages such as `prometheus` start a system service on install (prometheus on :9090); the tests start
# their own servers on loopback, so no service may start: invoke-rc.d asks /usr/sbin/policy-rc.d first, and
# exit 101 means "not allowed". A policy-rc.d already in place is left as it was.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  own_policy=1
fi
remove_own_policy() { if [ "$own_policy" -eq 1 ]; then rm -f "$policy"; fi; }
trap remove_own_policy EXIT
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
# Under systemd, policy-rc.d covers the start but the unit stays enabled for the next boot: disable it.
if [ -d /run/systemd/system ] && [[ " ${missing[*]} " == *" prometheus "* ]]; then
  systemctl disable --now prometheus.service >/dev/null 2>&1 || true
fi
