#!/bin/sh
# Small multiples keep every node in one place and every community in one colour
# (issue 10): NETWORK drawn with --years 2010,2015,2020,2025, checked from the SVG by
# check_stability.py --panels; then the same SVG with one node's fill changed in its
# first panel must fail the check (the checker can fail).
# Usage: panels.sh PARTNET PYTHON3 TESTDIR WORK NETWORK
set -eu
partnet=$1 py=$2 tdir=$3 work=$4 net=$5
rm -rf "$work" && mkdir -p "$work"
"$partnet" render --quiet "$net" --years 2010,2015,2020,2025 -o "$work/years.svg"
"$py" "$tdir/map/check_stability.py" --panels "$work/years.svg"
# (a node's disc: white outline; the dots of leader lines are not nodes)
sed '0,/<ellipse fill="#[0-9a-f]*" stroke="#ffffff"/s//<ellipse fill="#123456" stroke="#ffffff"/' "$work/years.svg" > "$work/bad.svg"
if "$py" "$tdir/map/check_stability.py" --panels "$work/bad.svg"; then
    echo "FAIL: a node recoloured in one panel passed the check"; exit 1
fi
echo "panels: ok"
