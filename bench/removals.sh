#!/bin/sh
# bench/removals.sh (issue 12): whatif --rank-removals, the reference path (one network
# built per removal, the implementation before issue 12) against the path from the
# network before (src/net/removals.c), side by side in one process (bench/removals.c:
# runs alternated, medians of wall and CPU time, rows checked identical). Results in
# docs/bench.md. Not part of the test suite.
# Usage: bench/removals.sh            (networks of bench/gen.py, seed 11)
# Environment: REF_SIZES="300 1000" (reference timed too), FAST_SIZES="2000 5000 10000"
#              (fast path only: exact at 2000, sampled above), REPEAT=3, REF_REPEAT=1
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-bench
out=$root/bench/out
REF_SIZES=${REF_SIZES:-"300 1000"}
FAST_SIZES=${FAST_SIZES:-"2000 5000 10000"}
REPEAT=${REPEAT:-3}
REF_REPEAT=${REF_REPEAT:-1}
export OMP_NUM_THREADS=1
cmake -S "$root/bench" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBENCH_PARTNET=ON >/dev/null
cmake --build "$build" -j2 --target removals >/dev/null
mkdir -p "$out"
gen() { [ -s "$out/rm$1.yaml" ] || /usr/bin/python3 "$root/bench/gen.py" "$1" --seed 11 -o "$out/rm$1.yaml"; }
echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git -C "$root" rev-parse --short HEAD)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $REF_SIZES; do
    gen "$n"
    "$build/removals" "$out/rm$n.yaml" --repeat "$REF_REPEAT"
    "$build/removals" "$out/rm$n.yaml" --repeat "$REPEAT" --no-reference
    "$build/removals" "$out/rm$n.yaml" --repeat "$REPEAT" --no-reference --jobs 1
done
for n in $FAST_SIZES; do
    gen "$n"
    if [ "$n" -le 2000 ]; then
        "$build/removals" "$out/rm$n.yaml" --repeat "$REPEAT" --no-reference --sample exact
    fi
    "$build/removals" "$out/rm$n.yaml" --repeat "$REPEAT" --no-reference
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
