#!/usr/bin/env bash
# Installs the Debian 12 packages luodi needs to build and test, if missing.
# Idempotent and quiet when everything is there.
set -euo pipefail
packages=(g++ cmake make libboost1.81-dev libyaml-cpp-dev libsqlite3-dev libssl-dev libgtest-dev libgmock-dev curl unzip
          pkg-config libxlsxwriter-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
