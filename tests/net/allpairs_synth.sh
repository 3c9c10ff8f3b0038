#!/bin/sh
# allpairs_synth (issue 12): allpairs_check on networks of bench/gen.py (seeded), plain,
# directed, filtered to a year (more components) and with sampled betweenness.
# Usage: allpairs_synth.sh ALLPAIRS_CHECK GEN_PY WORK_DIR
set -eu
check=$1 gen=$2 work=$3
mkdir -p "$work"
/usr/bin/python3 "$gen" 250 --seed 7 -o "$work/s250.yaml"
/usr/bin/python3 "$gen" 600 --seed 3 -o "$work/s600.yaml"
fail=0
run() { "$check" "$@" || fail=1; }
run "$work/s250.yaml"
run --directed "$work/s250.yaml"
run --at 2008 "$work/s250.yaml"
run --projection institutions "$work/s250.yaml"
run --min-threads 2 "$work/s600.yaml"
run --directed --min-threads 2 "$work/s600.yaml"
run --sample 50 "$work/s600.yaml"
exit $fail
