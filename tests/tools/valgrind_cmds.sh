#!/usr/bin/env bash
# valgrind on the commands beside `report` (issue 13): render (SVG and PNG), whatif with
# its map, diff and evolution with its PNG chart, on NETWORK (diff: NETWORK against
# NETWORK plus EXTRA). Every run must end with no memory error and nothing definitely or
# indirectly lost outside the suppressions (tests/valgrind.supp: caches of prebuilt
# libraries, never a pn_ frame), and must write its output.
# Usage: valgrind_cmds.sh PARTNET SUPP WORKDIR NETWORK EXTRA.yaml   (exit 77: no valgrind)
set -euo pipefail
partnet=$1 supp=$2 work=$3 net=$4 extra=$5
command -v valgrind >/dev/null || { echo "valgrind missing: skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work/plus"
if [ -d "$net" ]; then cp "$net"/*.yaml "$work/plus/"; else cp "$net" "$work/plus/net.yaml"; fi
cp "$extra" "$work/plus/zz-extra.yaml"
status=0
# run NAME OUTPUT ARGS...: one command under valgrind; OUTPUT must exist afterwards
run() {
    local name=$1 out=$2
    shift 2
    local rc=0
    valgrind --num-callers=12 --error-exitcode=99 --leak-check=full \
        --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
        --suppressions="$supp" --log-file="$work/$name.valgrind" \
        "$partnet" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAILED: $name exited $rc (99: valgrind found an error or a leak)"
        grep -E "lost in|Invalid|uninitialised|ERROR SUMMARY" "$work/$name.valgrind" | head -20
        cat "$work/$name.err"
        status=1
    elif [ ! -s "$out" ]; then
        echo "FAILED: $name wrote no $out"
        status=1
    else
        echo "ok: $name"
    fi
}
run render-svg "$work/map.svg" render --quiet "$net" -o "$work/map.svg"
run render-png "$work/map.png" render --quiet "$net" -o "$work/map.png"
run whatif "$work/whatif.svg" whatif --quiet "$net" --remove eureca-pro -o "$work/whatif.svg"
run diff "$work/diff.out" diff --quiet "$net" "$work/plus"
run evolution "$work/ranks.png" evolution --quiet "$net" --years 2005..2025 \
    --chart "$work/ranks.png" -o "$work/evo.txt"
[ $status -eq 0 ] && echo "valgrind: no error and no leak in 5 commands"
exit $status
