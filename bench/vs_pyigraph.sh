#!/bin/sh
# bench/vs_pyigraph.sh: `partnet analyse` against python-igraph side by side (issue 12;
# results in docs/bench.md). Not part of the test suite. For each size, REPEAT rounds;
# each round runs the two one after the other on the same files (the order turns round
# by round); the table keeps medians. partnet: the whole `analyse` command (load, build,
# every metric, communities, brokerage, output), --jobs default. python-igraph
# (bench/pyigraph_job.py): only its seven calls, one thread (the whole Python process
# is shown apart).
#
# Usage: bench/vs_pyigraph.sh PARTNET DIR [SIZE...]   (DIR: nSIZE.yaml and nSIZE.edges
#        from bench/gen.py --seed 1 -o DIR/nSIZE.yaml --edges DIR/nSIZE.edges)
# Environment: REPEAT=3 rounds per size.
set -eu
pn=$1 dir=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
REPEAT=${REPEAT:-3}
export OMP_NUM_THREADS=1 # PRPACK's team in partnet (docs/analysis.md, "Threads")
tsv=$dir/vs_pyigraph.tsv
echo "size	contender	round	wall	cpu	process_wall" >"$tsv"
timed() { # "wall cpu" of the whole command
    /usr/bin/time -f "%e %U %S" -o "$dir/time.txt" "$@" >"$dir/last.txt" 2>&1
    awk '{printf "%s %.3f\n", $1, $2 + $3}' "$dir/time.txt"
}
run_pn() {
    set -- "$1" "$2" $(timed "$pn" analyse --format csv -o /dev/null "$dir/n$1.yaml")
    printf '%s\tpartnet\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$3" >>"$tsv"
}
run_py() {
    set -- "$1" "$2" $(timed /usr/bin/python3 "$root/bench/pyigraph_job.py" "$dir/n$1.edges")
    t=$(awk '/^TOTAL/ {sub("wall=", "", $2); sub("cpu=", "", $3); print $2, $3}' "$dir/last.txt")
    printf '%s\tpython-igraph\t%s\t%s\t%s\n' "$1" "$2" "$(echo "$t" | tr ' ' '\t')" "$3" >>"$tsv"
}
for n in "$@"; do
    r=1
    while [ "$r" -le "$REPEAT" ]; do
        if [ $((r % 2)) -eq 1 ]; then run_pn "$n" "$r"; run_py "$n" "$r"; else run_py "$n" "$r"; run_pn "$n" "$r"; fi
        r=$((r + 1))
    done
done
/usr/bin/python3 - "$tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
print("| institutions | rounds | partnet wall s | partnet CPU s | python-igraph wall s | python-igraph CPU s | python-igraph process wall s | wall ratio | CPU ratio | wall ratio per round |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in dict.fromkeys(r["size"] for r in rows):
    med = lambda c, k: statistics.median(float(r[k]) for r in rows if r["size"] == n and r["contender"] == c)
    pw, pc, yw, yc, yp = med("partnet", "wall"), med("partnet", "cpu"), med("python-igraph", "wall"), med("python-igraph", "cpu"), med("python-igraph", "process_wall")
    per = {}
    for r in rows:
        if r["size"] == n:
            per.setdefault(r["round"], {})[r["contender"]] = float(r["wall"])
    rr = ", ".join("%.2f" % (v["partnet"] / v["python-igraph"]) for v in per.values())
    k = len(per)
    print("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f | %s |" % (n, k, pw, pc, yw, yc, yp, pw / yw, pc / yc, rr))
PY
