#!/usr/bin/env bash
# The fault loop (issue 13): `report` with the k-th allocation, then the k-th write, of
# partnet's own code failing (tests/base/fault_shim.c, LD_PRELOAD; with PN_FAULT_LIBS=yaml
# in the environment, libyaml's allocations count too; =igraph or =yaml,igraph adds
# igraph's). Every k up to
# DENSE, then STEPS values spread over the rest: each run must exit 3 with "out of
# memory" (allocation, any case: igraph says "Out of memory") or a "cannot write" message
# (write), leave the earlier report
# byte for byte as it was (or, for a fault after the swap, the whole new one) and leave
# no temp file or folder; a k past the run's last call
# must give the whole new report. Skipped (77) where the shim cannot be preloaded (ASan).
# Every k: DENSE above the counts printed (36,485 allocations and 43 writes for the
# default network); SHARD i/n runs the i-th of n interleaved parts (one per core, each
# in its own WORK_DIR).
# Usage: fault_loop.sh PARTNET SHIM WORK_DIR OLD_NETWORK NEW_NETWORK [DENSE STEPS [SHARD]]
set -uo pipefail
partnet=$1 shim=$2 work=$3 old_net=$4 new_net=$5 dense=${6:-40} steps=${7:-40} shard=${8:-0/1}
shard_i=${shard%/*} shard_n=${shard#*/}
rm -rf "$work"; mkdir -p "$work"; cd "$work"
if ! LD_PRELOAD=$shim "$partnet" --version >/dev/null 2>&1; then
    echo "skip: the shim cannot be preloaded here (a sanitizer build?)"; exit 77
fi
sums() { (cd "$1" && find . -type f | sort | xargs -r sha256sum); }
"$partnet" report --quiet -o pristine "$old_net" 2>/dev/null || exit 1
# the new report as a run over the old folder writes it (placed from its positions.csv,
# communities numbered as in its metrics.csv: issue 10)
cp -a pristine new-ref
"$partnet" report --quiet -o new-ref "$new_net" 2>/dev/null || exit 1
old=$(sums pristine) new=$(sums new-ref)
rm -f counts; cp -a pristine rep
PN_FAULT_COUNTS=$PWD/counts LD_PRELOAD=$shim "$partnet" report --quiet -o rep "$new_net" 2>/dev/null
read -r n_alloc n_write < counts
echo "a report makes $n_alloc allocations and $n_write writes of its own"
fail=0 runs=0
ks() { # ks TOTAL: 1..DENSE, then STEPS values up to TOTAL
    local total=$1
    seq 1 $((dense < total ? dense : total))
    [ "$total" -gt "$dense" ] && for ((i = 1; i <= steps; i++)); do echo $((dense + (total - dense) * i / steps)); done
}
for kind in ALLOC WRITE; do
    if [ $kind = ALLOC ]; then total=$n_alloc want="out of memory"; else total=$n_write want="cannot write"; fi
    for k in $(ks "$total" | sort -un | awk -v i="$shard_i" -v n="$shard_n" 'NR % n == i'); do
        rm -rf rep .rep.*; cp -a pristine rep
        rc=0; env PN_FAULT_$kind=$k LD_PRELOAD=$shim "$partnet" report --quiet -o rep "$new_net" \
            >/dev/null 2>err.txt || rc=$?
        runs=$((runs + 1))
        now=$(sums rep)
        if [ $rc = 0 ]; then
            [ "$now" = "$new" ] || { echo "FAIL: $kind k=$k: exit 0 but not the new report"; fail=1; }
        elif [ $rc != 3 ] || ! grep -qi "$want" err.txt; then
            echo "FAIL: $kind k=$k: exit $rc, expected 3 with '$want': $(head -3 err.txt)"; fail=1
        elif [ "$now" != "$old" ] && [ "$now" != "$new" ]; then
            # (a fault after the swap, while exiting, leaves the whole new report)
            echo "FAIL: $kind k=$k: a mixed report folder"; fail=1
        fi
        left=$(find . -maxdepth 2 -name '.*' ! -name . | wc -l)
        [ "$left" = 0 ] || { echo "FAIL: $kind k=$k: left $(find . -maxdepth 2 -name '.*' ! -name .)"; fail=1; }
    done
done
echo "$runs faulted runs"
exit $fail
