#!/bin/sh
# Maps that stay put (issue 10): NETWORK drawn, its positions saved, then NETWORK plus
# one institution with one tie (EXTRA) drawn again from the saved positions: the other
# nodes move by a median of at most 1% and a p90 of at most 3% of the canvas width, and
# no label overlaps. The control without saved positions must fail the same check
# (the checker can fail). With REPORT=1 the same through `partnet report` twice into one
# directory (positions.csv reused by default, community numbers matched to the last
# metrics.csv: 90% keep theirs; --relayout must break both again).
# OPTS: more options for every run (e.g. "--backbone all"; issue 12). KEPT "-": no
# community check (the synthetic 2,000's Louvain communities move with any change).
# Usage: stability.sh PARTNET PYTHON3 TESTDIR WORK NETWORK EXTRA [REPORT [OPTS [KEPT]]]
set -eu
partnet=$1 py=$2 tdir=$3 work=$4 net=$5 extra=$6 report=${7:-0} opts=${8:-} kept=${9:-90}
rm -rf "$work"
mkdir -p "$work/plus"
if [ -d "$net" ]; then cp "$net"/*.yaml "$work/plus/"; else cp "$net" "$work/plus/net.yaml"; fi
cp "$extra" "$work/plus/zz-extra.yaml"
check="$py $tdir/map/check_stability.py"
if [ "$report" = 1 ]; then
    "$partnet" report --quiet $opts -o "$work/rep" "$net"
    test -s "$work/rep/positions.csv"
    cp "$work/rep/map.svg" "$work/before.svg"
    cp "$work/rep/metrics.csv" "$work/before.csv"
    "$partnet" report --quiet $opts -o "$work/rep" "$work/plus"
    $check "$work/before.svg" "$work/rep/map.svg" --median-max 1 --p90-max 3 --label report
    [ "$kept" = - ] || $check --kept "$work/before.csv" "$work/rep/metrics.csv" "$kept"
    "$partnet" report --quiet --relayout $opts -o "$work/rep" "$work/plus"
    if $check "$work/before.svg" "$work/rep/map.svg" --median-max 1 --p90-max 3 \
        --label relayout; then
        echo "FAIL: --relayout kept the positions"; exit 1
    fi
    if [ "$kept" != - ] && $check --kept "$work/before.csv" "$work/rep/metrics.csv" "$kept"; then
        echo "FAIL: --relayout kept the community numbers"; exit 1
    fi
    exit 0
fi
"$partnet" render --quiet $opts "$net" -o "$work/before.svg" --save-positions "$work/pos.csv"
"$partnet" render --quiet $opts "$work/plus" -o "$work/after.svg" --positions "$work/pos.csv"
"$partnet" render --quiet $opts "$work/plus" -o "$work/fresh.svg"
$check "$work/before.svg" "$work/after.svg" --median-max 1 --p90-max 3 --label saved
"$py" "$tdir/map/check_svg.py" "$work/after.svg" --no-overlap
if $check "$work/before.svg" "$work/fresh.svg" --median-max 1 --p90-max 3 --label fresh; then
    echo "FAIL: the control without saved positions passed: the check cannot fail"; exit 1
fi
echo "stability: ok"
