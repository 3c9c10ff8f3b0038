#!/bin/sh
# bench/load_1m.sh: loading the 1M network against libyaml's bare parse, side by side
# (issue 12; results in docs/bench.md). Not part of the test suite. Each round runs the
# three one after the other, the order turning round by round; the table keeps medians and
# the ratio of each round:
# - libyaml: bench/yaml_bare on each file in turn (the parse alone, one thread);
# - partnet: `partnet validate DIR`, the files read and parsed ahead in threads (the
#   default, yaml_ahead.c);
# - partnet, one core: the same under `taskset -c 0`, where every file is parsed in line.
#
# Usage: bench/load_1m.sh PARTNET YAML_BARE DIR   (DIR: bench/gen.py 1000000 --seed 1 --dir DIR)
# Environment: REPEAT=3 rounds.
set -eu
pn=$1 bare=$2 dir=$3
REPEAT=${REPEAT:-3}
out=${TMPDIR:-/tmp}/load_1m.$$
mkdir -p "$out"
tsv=$out/load.tsv
echo "contender	round	wall	cpu	maxrss_kb" >"$tsv"
timed() { # NAME ROUND COMMAND...: one row
    name=$1 round=$2
    shift 2
    /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$@" >/dev/null 2>&1
    awk -v n="$name" -v r="$round" '{printf "%s\t%s\t%s\t%.2f\t%s\n", n, r, $1, $2 + $3, $4}' \
        "$out/time.txt" >>"$tsv"
}
run() { # CONTENDER ROUND
    case $1 in
    libyaml) timed libyaml "$2" sh -c 'for f in "$1"/*.yaml; do "$2" "$f" || exit 1; done' sh "$dir" "$bare" ;;
    ahead) timed "partnet" "$2" "$pn" validate "$dir" ;;
    inline) timed "partnet, one core" "$2" taskset -c 0 "$pn" validate "$dir" ;;
    esac
}
r=1
while [ "$r" -le "$REPEAT" ]; do
    case $((r % 3)) in
    1) run libyaml "$r"; run ahead "$r"; run inline "$r" ;;
    2) run ahead "$r"; run inline "$r"; run libyaml "$r" ;;
    0) run inline "$r"; run libyaml "$r"; run ahead "$r" ;;
    esac
    r=$((r + 1))
done
/usr/bin/python3 - "$tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
names = list(dict.fromkeys(r["contender"] for r in rows))
col = lambda c, k: [float(r[k]) for r in rows if r["contender"] == c]
base = {r["round"]: float(r["wall"]) for r in rows if r["contender"] == "libyaml"}
print("| | wall s (median) | CPU s | peak RSS MB | wall against libyaml, median | per round |")
print("|---|---:|---:|---:|---:|---|")
for c in names:
    per = [float(r["wall"]) / base[r["round"]] for r in rows if r["contender"] == c]
    print("| %s | %.2f | %.2f | %.0f | %.2fx | %s |" % (
        c, statistics.median(col(c, "wall")), statistics.median(col(c, "cpu")),
        statistics.median(col(c, "maxrss_kb")) / 1024, statistics.median(per),
        ", ".join("%.2f" % x for x in per)))
PY
rm -rf "$out"
