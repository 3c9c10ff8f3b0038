#!/bin/sh
# The report of a large network (issue 12): map.svg is the backbone (at most 150 nodes,
# said in the subtitle, the top 10 by PageRank of the report's own metrics.csv drawn and
# labelled), positions.csv holds exactly the nodes drawn, the alliance map draws the same
# backbone and its groups, placed on the map's positions (its nodes move by a median of at
# most 10% of the width while the groups are pulled together). Controls, which must fail
# the same checks: the report with --backbone all (a hairball) and the alliance map laid
# out on its own (render --view alliance: a median of about 17%).
# Usage: report_backbone.sh PARTNET PYTHON3 TESTDIR WORK NETWORK
set -eu
partnet=$1 py=$2 tdir=$3 work=$4 net=$5
rm -rf "$work"
mkdir -p "$work"
bb="$py $tdir/map/check_backbone.py"
st="$py $tdir/map/check_stability.py"
"$partnet" report --quiet -o "$work/rep" "$net" 2>/dev/null
$bb "$work/rep/map.svg" "$work/rep/metrics.csv" --max-nodes 150 --top 10 \
    --subtitle 'backbone: the 150 most central of'
rows=$(($(wc -l <"$work/rep/positions.csv") - 1))
echo "report_backbone: positions.csv has $rows rows"
$bb "$work/rep/map.svg" - --nodes "$rows"
$bb "$work/rep/alliances.svg" - --max-nodes $((150 + 12)) --subtitle 'and their groups'
$st "$work/rep/map.svg" "$work/rep/alliances.svg" --median-max 10 --label alliances
"$partnet" render --quiet --view alliance -o "$work/alone.svg" "$net" 2>/dev/null
if $st "$work/rep/map.svg" "$work/alone.svg" --median-max 10 --label alone; then
    echo "FAIL: the control (alliance map laid out on its own) passed"; exit 1
fi
"$partnet" report --quiet --backbone all -o "$work/all" "$net" 2>/dev/null
if $bb "$work/all/map.svg" "$work/all/metrics.csv" --max-nodes 150; then
    echo "FAIL: the control (--backbone all) passed"; exit 1
fi
echo "report_backbone: ok"
