#!/usr/bin/env bash
# Installs the Debian packages partnet needs (only the missing ones) and builds it.
# Usage: scripts/setup.sh [BUILD_DIR] [CMAKE_BUILD_TYPE] [extra cmake args...]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-build}
type=${2:-Release}
shift $(( $# > 2 ? 2 : $# ))
pkgs=(build-essential cmake pkg-config libigraph-dev libgraphviz-dev graphviz libyaml-dev
      libcmocka-dev libxml2-utils python3-networkx python3-igraph python3-yaml valgrind)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
cd "$here"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
