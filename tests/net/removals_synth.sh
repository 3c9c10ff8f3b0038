#!/bin/sh
# removals_synth (issue 12): removals_check on networks of bench/gen.py (seeded), plain,
# directed, filtered to a year (more components) and with a focus.
# Usage: removals_synth.sh REMOVALS_CHECK GEN_PY WORK_DIR
set -eu
check=$1 gen=$2 work=$3
mkdir -p "$work"
/usr/bin/python3 "$gen" 150 --seed 5 -o "$work/s150.yaml"
/usr/bin/python3 "$gen" 200 --seed 7 -o "$work/s200.yaml"
fail=0
run() { "$check" "$@" || fail=1; }
run "$work/s200.yaml"
run --directed "$work/s150.yaml"
run --at 2008 "$work/s200.yaml"
focus=$(sed -n '/^institutions:/,$ s/^  - id: //p' "$work/s150.yaml" | head -1)
run --focus "$focus" "$work/s150.yaml"
run --coverage 20 80 "$work/s150.yaml"
exit $fail
