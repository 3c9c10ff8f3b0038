#!/bin/sh
# bench/run.sh: the speed measurements of issue 2 (results in docs/bench.md).
# Not part of the test suite. Builds partnet Release in build-bench (through
# bench/CMakeLists.txt), generates the networks into bench/out/, runs partnet
# phase by phase (pn_phases), the bare libyaml and igraph baselines, `partnet
# report` end to end and the NetworkX job, every run under a time limit, then
# prints the tables (bench/summarize.py).
#
# Usage: bench/run.sh [SIZE...]        (default: 1000 10000 100000)
# Environment:
#   SEED=1            generator seed
#   STEP_LIMIT=1800   seconds allowed to one partnet or igraph run
#   RENDER_LIMIT=600  seconds allowed to the map alone (sizes above FULL_MAX)
#   NX_LIMIT=1200     wall seconds allowed to the NetworkX job (then a lower
#                     bound; bench/nx_job.py --cpu-limit bounds CPU time instead)
#   FULL_MAX=20000    above this size the all-pairs metrics (betweenness,
#                     closeness, harmonic, diameter, path length) take hours:
#                     igraph_bare times them on a sample of sources and scales
#                     up, partnet runs load, build and render only
#   NX_MAX=10000      NetworkX runs only up to this size
#   SWEEP="2000 5000 20000"  extra sizes for the betweenness-only sweep (SWEEP=""
#                     runs none)
#   LAYOUT=sfdp       Graphviz engine for the maps
#   REPEAT=2          runs of the analysis (bare igraph and partnet, alternated)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-bench
out=$root/bench/out
res=$out/results
py=/usr/bin/python3
SEED=${SEED:-1}
STEP_LIMIT=${STEP_LIMIT:-1800}
RENDER_LIMIT=${RENDER_LIMIT:-600}
NX_LIMIT=${NX_LIMIT:-1200}
FULL_MAX=${FULL_MAX:-20000}
NX_MAX=${NX_MAX:-10000}
SWEEP=${SWEEP-"2000 5000 20000"}
LAYOUT=${LAYOUT:-sfdp}
REPEAT=${REPEAT:-2}
sizes=${*:-"1000 10000 100000"}
# One core for every contender: igraph's PRPACK (PageRank) uses OpenMP, whose
# spinning threads cost up to 100x CPU time when the machine is busy.
export OMP_NUM_THREADS=1

cmake -S "$root/bench" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBENCH_PARTNET=ON >/dev/null
cmake --build "$build" -j2 >/dev/null
mkdir -p "$res"
rm -f "$res"/*.txt
{
    echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "cores $(getconf _NPROCESSORS_ONLN)"
    echo "mem_kb $(grep MemTotal /proc/meminfo | awk '{print $2}')"
    echo "seed $SEED layout $LAYOUT"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$res/machine.txt"

# run NAME LIMIT CMD...: stdout+stderr of CMD to $res/NAME.txt, then a line
# "TIME elapsed=S maxrss_kb=K status=X CPU U user S sys" (status 124: the
# time limit was hit).
run() {
    name=$1 limit=$2
    shift 2
    echo "bench: $name" >&2
    /usr/bin/time -o "$res/$name.time" \
        -f "TIME elapsed=%e maxrss_kb=%M status=%x CPU %U user %S sys" \
        timeout -s TERM "$limit" "$@" >"$res/$name.txt" 2>&1 || true
    cat "$res/$name.time" >>"$res/$name.txt"
    rm -f "$res/$name.time"
}

gen() {
    [ -s "$out/n$1.yaml" ] && [ -s "$out/n$1.edges" ] && [ "$(cat "$out/n$1.seed" 2>/dev/null)" = "$SEED" ] \
        && return 0
    $py "$root/bench/gen.py" "$1" --seed "$SEED" -o "$out/n$1.yaml" --edges "$out/n$1.edges"
    echo "$SEED" >"$out/n$1.seed"
}

for n in $sizes; do
    gen "$n"
    y=$out/n$n.yaml e=$out/n$n.edges
    # Load: alternate bare parse and partnet load three times (best of each).
    for r in 1 2 3; do
        run "n$n-yaml_bare-$r" 600 "$build/yaml_bare" "$y"
        run "n$n-load-$r" 600 "$build/pn_phases" "$y" --no-analysis --no-render
    done
    mkdir -p "$out/pn$n" "$out/report$n" "$out/nx$n"
    if [ "$n" -le "$FULL_MAX" ]; then
        # Analysis: alternate bare igraph and partnet REPEAT times (best of each);
        # the first partnet run also renders the map.
        for r in $(seq 1 "$REPEAT"); do
            run "n$n-igraph_bare-$r" "$STEP_LIMIT" "$build/igraph_bare" "$e"
            if [ "$r" = 1 ]; then
                run "n$n-phases" $((STEP_LIMIT + RENDER_LIMIT)) "$build/pn_phases" "$y" \
                    -o "$out/pn$n" --layout "$LAYOUT"
            else
                run "n$n-phases-$r" "$STEP_LIMIT" "$build/pn_phases" "$y" -o "$out/pn$n" \
                    --no-render
            fi
        done
        run "n$n-report" $((STEP_LIMIT + RENDER_LIMIT)) "$build/partnet/partnet" report --quiet \
            -o "$out/report$n" --layout "$LAYOUT" "$y"
    else
        run "n$n-igraph_bare-1" "$STEP_LIMIT" "$build/igraph_bare" "$e" --sample 200
        run "n$n-phases" "$RENDER_LIMIT" "$build/pn_phases" "$y" -o "$out/pn$n" --no-analysis \
            --layout "$LAYOUT"
    fi
    if [ "$n" -le "$NX_MAX" ]; then
        run "n$n-nx" $((NX_LIMIT + 60)) $py "$root/bench/nx_job.py" "$y" -o "$out/nx$n" \
            --time-limit "$NX_LIMIT"
        if grep -q '^timeout' "$res/n$n-nx.txt"; then
            run "n$n-nx_sample" $((NX_LIMIT + 60)) $py "$root/bench/nx_job.py" "$y" \
                -o "$out/nx$n" --sample 200 --time-limit "$NX_LIMIT"
        fi
    fi
done

# Exact betweenness against size (igraph_bare, the same call partnet makes).
for n in $SWEEP; do
    gen "$n"
    if [ "$n" -le "$FULL_MAX" ]; then
        run "sweep-n$n" "$STEP_LIMIT" "$build/igraph_bare" "$out/n$n.edges" --betweenness-only
    else
        run "sweep-n$n" "$STEP_LIMIT" "$build/igraph_bare" "$out/n$n.edges" --betweenness-only \
            --sample 100
    fi
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$res/machine.txt"
$py "$root/bench/summarize.py" "$res" | tee "$res/summary.md"
