#!/usr/bin/env bash
# Installs the Debian 12 packages luodi needs to build and test, if missing.
# Idempotent and quiet when everything is there.
#   scripts/install-deps.sh            to build and run luodi
#   scripts/install-deps.sh --browser  also what the browser tests need
#                                       (Debian's chromium, Node.js and npm, a CJK font)
#   scripts/install-deps.sh --postgres also PostgreSQL 15, for the tests that start
#                                       a throwaway cluster (pg_virtualenv)
# (the flags may be given together)
set -euo pipefail
packages=(g++ cmake make libboost1.81-dev libyaml-cpp-dev libsqlite3-dev libssl-dev libgtest-dev libgmock-dev curl unzip
          pkg-config libxlsxwriter-dev libzip-dev libexpat1-dev libfreexl-dev libpq-dev
          ca-certificates openssl  # the system CA store for https robots; the openssl tool makes test CAs
          clang-format)  # scripts/check-tree.sh checks the tree against .clang-format
missing=()
for flag in "$@"; do
  case "$flag" in
    --browser)
      packages+=(chromium fonts-wqy-zenhei)
      # Node.js may come from elsewhere (NodeSource ships npm inside its nodejs):
      # Debian's packages only when there is no node or npm at all.
      command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm) ;;
    --postgres) packages+=(postgresql postgresql-common) ;;
    *) echo "install-deps.sh: unknown flag $flag" >&2; exit 2 ;;
  esac
done
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
