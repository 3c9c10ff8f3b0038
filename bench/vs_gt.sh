#!/bin/sh
# bench/vs_gt.sh: `partnet analyse` against graph-tool side by side (issue 12; results in
# docs/bench.md). Not part of the test suite. For each size, REPEAT rounds; each round
# runs the contenders one after the other on the same files (the order turns round by
# round), and the tables keep medians. partnet: the whole `analyse` command (load,
# build, every metric, communities, brokerage, output), all cores (--jobs default).
# graph-tool (bench/gt_job.py): only its seven calls (betweenness, closeness, harmonic,
# PageRank, eigenvector, k-core, clustering), GT_THREADS OpenMP threads; its whole
# process (Python, import, reading) is shown apart.
#
# Usage: bench/vs_gt.sh [SIZE...]          (default: 1000 2000 5000 10000)
# Environment:
#   REPEAT=3       rounds per size
#   SEED=1         generator seed
#   GT_THREADS=2   graph-tool's threads (the machine's 2 cores)
#   BEFORE=BIN     an older partnet binary to run as a third contender (optional)
#   LIMIT=1800     seconds allowed to one run
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-bench
out=$root/bench/out
res=$out/results
py=/usr/bin/python3
REPEAT=${REPEAT:-3}
SEED=${SEED:-1}
LIMIT=${LIMIT:-1800}
export GT_THREADS=${GT_THREADS:-2}
# PRPACK's OpenMP team stays at one thread in partnet (docs/analysis.md, "Threads")
export OMP_NUM_THREADS=1
sizes=${*:-"1000 2000 5000 10000"}

cmake -S "$root/bench" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBENCH_PARTNET=ON >/dev/null
cmake --build "$build" -j2 >/dev/null
mkdir -p "$res"
tsv=$res/vs_gt.tsv
echo "size	contender	round	wall	cpu	process_wall" >"$tsv"

gen() {
    [ -s "$out/n$1.yaml" ] && [ -s "$out/n$1.edges" ] && [ "$(cat "$out/n$1.seed" 2>/dev/null)" = "$SEED" ] \
        && return 0
    $py "$root/bench/gen.py" "$1" --seed "$SEED" -o "$out/n$1.yaml" --edges "$out/n$1.edges"
    echo "$SEED" >"$out/n$1.seed"
}

# timed NAME CMD...: "wall cpu" of the whole command (/usr/bin/time: elapsed, user + sys)
timed() {
    /usr/bin/time -f "%e %U %S" -o "$res/time.txt" timeout "$LIMIT" "$@" >"$res/last.txt" 2>&1 ||
        echo "bench: $* failed" >&2
    tail -n 1 "$res/time.txt" | awk '{printf "%s %.3f\n", $1, $2 + $3}'
}

run_partnet() { # size round label binary
    set -- "$1" "$2" "$3" $(timed "$4" analyse --format csv -o /dev/null "$out/n$1.yaml")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$3" "$2" "$4" "$5" "$4" >>"$tsv"
}

run_gt() { # size round
    set -- "$1" "$2" $(timed $py "$root/bench/gt_job.py" "$out/n$1.edges")
    total=$(awk '/^TOTAL/ {sub("wall=", "", $2); sub("cpu=", "", $3); print $2, $3}' "$res/last.txt")
    printf '%s\tgraph-tool\t%s\t%s\t%s\t%s\n' "$1" "$2" "${total% *}" "${total#* }" "$3" >>"$tsv"
}

for n in $sizes; do
    gen "$n"
    r=1
    while [ "$r" -le "$REPEAT" ]; do
        echo "bench: $n institutions, round $r" >&2
        if [ $((r % 2)) -eq 1 ]; then
            run_partnet "$n" "$r" partnet "$build/partnet/partnet"
            run_gt "$n" "$r"
            [ -n "${BEFORE:-}" ] && run_partnet "$n" "$r" before "$BEFORE"
        else
            [ -n "${BEFORE:-}" ] && run_partnet "$n" "$r" before "$BEFORE"
            run_gt "$n" "$r"
            run_partnet "$n" "$r" partnet "$build/partnet/partnet"
        fi
        r=$((r + 1))
    done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
$py "$root/bench/summarize_vs_gt.py" "$tsv" | tee "$res/vs_gt.md"
