#!/usr/bin/env bash
# A report folder is one unit (issue 13): killed at any moment, `report` leaves the old
# folder or the new one, never new maps beside old tables (before: 3 of 18 kill -9 trials
# left a mixed folder). A file the user put in the folder survives every run; SIGTERM,
# SIGSEGV and SIGABRT remove the temp sibling; a target that is a file is refused.
# Usage: report_one_unit.sh PARTNET WORK_DIR OLD_NETWORK NEW_NETWORK [TRIALS]
set -uo pipefail
partnet=$1 work=$2 old_net=$3 new_net=$4 trials=${5:-20}
rm -rf "$work"; mkdir -p "$work"; cd "$work"
fail=0
sums() { (cd "$1" && find . -type f ! -name notes.txt | sort | xargs -r sha256sum); }
"$partnet" report --quiet -o pristine "$old_net" 2>/dev/null || { echo "FAIL: the old report"; exit 1; }
# the new report as a run over the old folder writes it: placed from the old positions.csv,
# communities numbered as in the old metrics.csv (issue 10)
cp -a pristine new-ref
"$partnet" report --quiet -o new-ref "$new_net" 2>/dev/null || { echo "FAIL: the new report"; exit 1; }
echo "the user's" > pristine/notes.txt
new=$(sums new-ref) old=$(sums pristine)
[ "$new" != "$old" ] || { echo "FAIL: the two reports do not differ"; exit 1; }
n_old=0 n_new=0
for ((t = 0; t < trials; t++)); do
    rm -rf rep .rep.*; cp -a pristine rep
    "$partnet" report --quiet -o rep "$new_net" 2>/dev/null &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 600)))"
    kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
    now=$(sums rep)
    if [ "$now" = "$old" ]; then n_old=$((n_old + 1))
    elif [ "$now" = "$new" ]; then n_new=$((n_new + 1))
    else echo "FAIL: trial $t left a mixed folder:"; diff <(echo "$old") <(echo "$now") | head -20; fail=1
    fi
    [ "$(cat rep/notes.txt 2>/dev/null)" = "the user's" ] || { echo "FAIL: trial $t lost notes.txt"; fail=1; }
done
echo "kill -9 in $trials trials: $n_old left the old folder, $n_new the new one"
# SIGTERM mid-run, or the signal of a library that crashes or aborts (igraph 0.10.4 on a
# failed allocation, GLib's abort): the temp sibling is removed (no .rep.XXXXXX left) and
# the old folder stays
for sig in TERM SEGV ABRT; do
    rm -rf rep .rep.*; cp -a pristine rep
    "$partnet" report --quiet -o rep "$new_net" 2>/dev/null &
    pid=$!
    sleep 0.15; kill -$sig $pid 2>/dev/null; wait $pid 2>/dev/null
    left=$(find . -maxdepth 1 -name '.rep.*' | wc -l)
    [ "$left" = 0 ] || { echo "FAIL: SIG$sig left $(find . -maxdepth 1 -name '.rep.*')"; fail=1; }
    now=$(sums rep)
    [ "$now" = "$old" ] || [ "$now" = "$new" ] || { echo "FAIL: SIG$sig left a mixed folder"; fail=1; }
done
# a run to the end: the new report, the user's file carried over, nothing beside
"$partnet" report --quiet -o rep "$new_net" 2>/dev/null || { echo "FAIL: a full run failed"; fail=1; }
[ "$(sums rep)" = "$new" ] && [ "$(cat rep/notes.txt)" = "the user's" ] ||
    { echo "FAIL: a full run did not give the new report with notes.txt kept"; fail=1; }
[ -z "$(find . -maxdepth 1 -name '.rep.*')" ] || { echo "FAIL: a full run left a temp folder"; fail=1; }
# a file in the folder's place is refused, and left alone
echo data > afile
rc=0; "$partnet" report --quiet -o afile "$new_net" 2>err.txt || rc=$?
[ $rc = 3 ] && grep -q "cannot write 'afile': it exists and is not a folder" err.txt &&
    [ "$(cat afile)" = data ] || { echo "FAIL: -o FILE: exit $rc, $(cat err.txt)"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
