#!/usr/bin/env bash
# Installs the Debian packages zkscope's demo and tests need, only those that are missing.
# Usage: scripts/ensure-deps.sh [package...]   (default: the full list below)
set -euo pipefail
wanted=("$@")
if [ ${#wanted[@]} -eq 0 ]; then
  wanted=(zookeeper libncurses-dev tmux python3-kazoo libcurator-recipes-java iptables openssl libsasl2-dev libsasl2-modules libsqlite3-dev)
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
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
