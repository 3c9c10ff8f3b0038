#!/usr/bin/env bash
# Proves a change kept partnet's outputs byte for byte (issue 8: the house moves code,
# not behaviour). Builds REV (default HEAD) in a temporary worktree, runs the same set of
# commands with that binary and with the working tree's, and compares every output file.
# Usage: tests/tools/same_output.sh [REV] [NEW_BUILD_DIR (default build)]
# Exit 0: identical; 1: a difference (listed); 2: could not run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rev=${1:-HEAD}
new_build=${2:-$here/build}
work=$(mktemp -d)
trap 'git -C "$here" worktree remove --force "$work/ref" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$here" worktree add --detach "$work/ref" "$rev" >/dev/null 2>&1
cmake -S "$work/ref" -B "$work/ref-build" -DCMAKE_BUILD_TYPE=Release -DPARTNET_TESTS=OFF >/dev/null
cmake --build "$work/ref-build" -j "$(nproc)" --target partnet >/dev/null
[ -x "$new_build/partnet" ] || { echo "same_output: no $new_build/partnet" >&2; exit 2; }
/usr/bin/python3 "$here/bench/gen.py" 2000 --seed 11 -o "$work/syn2000.yaml"

# run_set BIN OUTDIR: every output kind of the main job, on both networks
run_set() {
    local bin=$1 out=$2 lor=$here/networks/lorraine syn=$work/syn2000.yaml
    mkdir -p "$out"
    "$bin" report --quiet "$lor" -o "$out/lorraine" || echo "rc=$?" >"$out/lorraine.rc"
    "$bin" report --quiet "$syn" -o "$out/syn2000" 2>"$out/syn2000.err" || echo "rc=$?" >"$out/syn2000.rc"
    for f in table csv json; do
        "$bin" analyse "$lor" --format $f -o "$out/analyse.$f"
    done
    for v in full ego community alliance geo; do
        "$bin" render --quiet "$lor" --view $v -o "$out/render-$v.svg"
    done
    for l in neato fdp sfdp circo twopi dot fr kk drl; do
        "$bin" render --quiet "$lor" --layout $l -o "$out/layout-$l.svg"
    done
    "$bin" render --quiet "$lor" --years 2010,2015,2020,2025 -o "$out/years.svg"
    "$bin" render --quiet "$lor" --since-year 2018 -o "$out/change.svg"
    for t in graphml gml dot json; do
        "$bin" export --quiet "$lor" --to $t -o "$out/export.$t"
    done
    "$bin" whatif "$lor" --remove eureca-pro,unigr >"$out/whatif.txt"
    "$bin" evolution "$lor" --years 2005..2025 --chart "$out/ranks.svg" >"$out/evolution.txt"
    "$bin" themes "$lor" >"$out/themes.txt"
    "$bin" diff "$lor" "$lor" >"$out/diff.txt" || true
}
# Revisions before issue 15 carry no DT_RPATH to the reference BLAS: give them the same BLAS
# (OpenBLAS changes eigenvector centrality in the last digit) and one OpenMP thread (a PRPACK
# team of two sums PageRank in another order: the 10th digit changes)
arch_lib=/usr/lib/$(gcc -print-multiarch)
OMP_NUM_THREADS=1 LD_LIBRARY_PATH=$arch_lib/blas:$arch_lib/lapack run_set "$work/ref-build/partnet" "$work/old" 2>"$work/old.stderr"
run_set "$new_build/partnet" "$work/new" 2>"$work/new.stderr"
cp "$work/old.stderr" "$work/old/stderr"; cp "$work/new.stderr" "$work/new/stderr"
n=$(find "$work/old" -type f | wc -l)
if diff -r "$work/old" "$work/new" >"$work/diff.txt"; then
    echo "same_output: $n files identical ($rev vs working tree)"
else
    echo "same_output: outputs differ ($rev vs working tree):"
    grep -E '^(diff|Only|Binary)' "$work/diff.txt" | head -40
    exit 1
fi
