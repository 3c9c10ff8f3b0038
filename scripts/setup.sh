#!/usr/bin/env bash
# Installs the Debian packages partnet needs (only the missing ones) and builds it.
# Usage: scripts/setup.sh [BUILD_DIR] [CMAKE_BUILD_TYPE] [extra cmake args...]
# With PARTNET_TEST_DEPS=1 it also installs what the test suite needs (cmocka, the
# NetworkX/python-igraph cross-checks, xmllint, valgrind, LibreOffice for the slide test,
# strace for the thread test). The test machines also get OpenBLAS (libopenblas0-pthread),
# which Debian then selects as libblas.so.3 (priority 100 in auto mode) as a fresh machine
# does when numpy's recommends come in: every test machine runs the same libraries, and the
# thread test checks partnet against the BLAS that starts threads.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-build}
type=${2:-Release}
shift $(( $# > 2 ? 2 : $# ))
# fonts-liberation2: Liberation Sans is what fontconfig gives for the maps' Helvetica
# (metric-compatible), so label sizes and layouts are the same on every machine.
# libpango1.0-dev: map/font.c measures label text with Pango (the font that is drawn).
# librsvg2-dev: out/raster.c draws SVG outputs as PNG/PDF (evolution --chart x.png).
# libcsv-dev: the CSV parser of `partnet import` (src/model/import_csv.c, its only door).
# python3-graph-tool: the third independent reader of the exports (tests/out/readback.py).
# libblas3, liblapack3: the reference BLAS and LAPACK every partnet executable runs igraph on
# (CMakeLists.txt names their directories in the binary), whichever libblas.so.3 is selected.
pkgs=(build-essential cmake pkg-config libigraph-dev libgraphviz-dev graphviz libyaml-dev
      libblas3 liblapack3 libpango1.0-dev librsvg2-dev libcsv-dev fonts-liberation2 fonts-dejavu-core
      fonts-noto-color-emoji)
if [ "${PARTNET_TEST_DEPS:-0}" = 1 ]; then
    pkgs+=(libcmocka-dev libxml2-utils python3 python3-networkx python3-numpy python3-scipy
           python3-igraph python3-graph-tool python3-yaml valgrind strace libopenblas0-pthread
           libreoffice-impress libreoffice-draw poppler-utils fonts-dejavu-core
           clang libclang-rt-14-dev) # clang, libFuzzer: the fuzz smoke run (tests/fuzz)
fi

# issue 11: chromium, chromium-driver and python3-selenium drive the interactive map's
# browser test (tests/map/check_html.py); man-db reads the installed man page (cli_man_page).
if [ "${PARTNET_TEST_DEPS:-0}" = 1 ]; then
    pkgs+=(chromium chromium-driver python3-selenium man-db)
fi
# PARTNET_BENCH_DEPS=1: graph-tool, the peer of bench/vs_gt.sh (issue 12; not for the tests)
[ "${PARTNET_BENCH_DEPS:-0}" = 1 ] && pkgs+=(python3-graph-tool)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -q
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}"
fi
cd "$here"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
