#!/bin/sh
# The ego map's numbers are the whole network's (issue 9: one numbering everywhere): the
# tooltips, size legend and node sizes of `render --view ego`, with --focus FOCUS (radius
# 1 and 2) and without, agree with `partnet analyse --format csv` of the network
# (check_ego_metrics.py). Controls, which must fail the same check: the map against the
# ego network's own metrics (`analyse --focus`, what the map of --focus showed before),
# and a planted tooltip value.
# Usage: ego_metrics.sh PARTNET PYTHON3 TESTDIR WORK NETWORK FOCUS
set -eu
partnet=$1 py=$2 tdir=$3 work=$4 net=$5 focus=$6
rm -rf "$work"
mkdir -p "$work"
chk="$py $tdir/map/check_ego_metrics.py"
"$partnet" analyse --quiet --format csv -o "$work/metrics.csv" "$net"
"$partnet" analyse --quiet --format csv --focus "$focus" -o "$work/ego-metrics.csv" "$net"
for r in 1 2; do
    "$partnet" render --quiet --view ego --focus "$focus" --radius $r -o "$work/ego-r$r.svg" "$net"
    $chk "$work/ego-r$r.svg" "$work/metrics.csv"
done
"$partnet" render --quiet --view ego -o "$work/ego-default.svg" "$net"
$chk "$work/ego-default.svg" "$work/metrics.csv"
if $chk "$work/ego-r1.svg" "$work/ego-metrics.csv"; then
    echo "FAIL: the control (the ego network's own metrics) passed"; exit 1
fi
# a planted defect: the focus's PageRank in its tooltip is the ego network's
own=$($py -c 'import csv,sys; print("%.4g" % float(next(r for r in csv.DictReader(open(sys.argv[1])) if r["id"] == sys.argv[2])["pagerank"]))' "$work/ego-metrics.csv" "$focus")
whole=$($py -c 'import csv,sys; print("%.4g" % float(next(r for r in csv.DictReader(open(sys.argv[1])) if r["id"] == sys.argv[2])["pagerank"]))' "$work/metrics.csv" "$focus")
$py "$tdir/map/plant.py" replace "PageRank: $whole" "PageRank: $own" "$work/ego-r1.svg" "$work/planted.svg"
if $chk "$work/planted.svg" "$work/metrics.csv"; then
    echo "FAIL: the planted defect (PageRank $own for $whole) passed"; exit 1
fi
echo "ego_metrics: ok"
