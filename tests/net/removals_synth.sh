#!/bin/sh
# removals_synth (issue 12): removals_check on networks of bench/gen.py (seeded), plain,
# directed, filtered to a year (more components) and with a focus.
# Usage: removals_synth.sh REMOVALS_CHECK GEN_PY WORK_DIR
set -eu
check=$1 gen=$2 work=$3
mkdir -p "$work"
/usr/bin/python3 "$gen" 100 --seed 5 -o "$work/s100.yaml"
/usr/bin/python3 "$gen" 150 --seed 7 -o "$work/s150b.yaml"
fail=0
run() { "$check" "$@" || fail=1; }
run "$work/s150b.yaml"
run --directed "$work/s100.yaml"
run --at 2008 "$work/s150b.yaml"
focus=$(sed -n '/^institutions:/,$ s/^  - id: //p' "$work/s100.yaml" | head -1)
run --focus "$focus" "$work/s100.yaml"
run --coverage 20 60 "$work/s100.yaml"
exit $fail
