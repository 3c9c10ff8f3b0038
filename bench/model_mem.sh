#!/bin/sh
# bench/model_mem.sh (issue 12): the model's memory and the load time against a bare libyaml
# parse, side by side. For each PATH (a file or a directory of bench/gen.py --dir), runs
# yaml_bare and model_mem alternately ROUNDS times and prints the medians: YAML MB, model MB,
# model / YAML, load CPU seconds, libyaml CPU seconds and their ratio (CPU time: steady on a
# shared machine). BEFORE=/path/to/another/model_mem adds that build as a third contender,
# in the same alternation (a before/after comparison).
# Usage: bench/model_mem.sh PATH... (env: ROUNDS=5, BUILD=build-bench, BEFORE=)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build-bench}
rounds=${ROUNDS:-5}
before=${BEFORE:-}
if [ ! -x "$build/model_mem" ] || [ ! -x "$build/yaml_bare" ]; then
    cmake -S "$root/bench" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBENCH_PARTNET=ON >/dev/null
    cmake --build "$build" -j2 --target model_mem yaml_bare >/dev/null
fi
# field NAME LINE: the value of NAME=... in LINE
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
printf '%-28s %8s %9s %6s %8s %8s %6s' path yaml_MB model_MB ratio load_s yaml_s x_yaml
[ -n "$before" ] && printf ' %9s %6s %8s' before_MB ratio load_s
printf '\n'
for path in "$@"; do
    tmp=$(mktemp -d)
    r=0
    while [ "$r" -lt "$rounds" ]; do
        y=$("$build/yaml_bare" "$path")
        a=$("$build/model_mem" "$path")
        field cpu_s "$y" >>"$tmp/yaml"
        field cpu_s "$a" >>"$tmp/load"
        field model_bytes "$a" >>"$tmp/model"
        yb=$(field yaml_bytes "$a")
        if [ -n "$before" ]; then
            b=$("$before" "$path")
            field cpu_s "$b" >>"$tmp/bload"
            field model_bytes "$b" >>"$tmp/bmodel"
        fi
        r=$((r + 1))
    done
    ym=$(median <"$tmp/yaml")
    lm=$(median <"$tmp/load")
    mm=$(median <"$tmp/model")
    awk -v p="$path" -v yb="$yb" -v mm="$mm" -v lm="$lm" -v ym="$ym" 'BEGIN {
        printf "%-28s %8.1f %9.1f %6.2f %8.3f %8.3f %6.2f", p, yb/1e6, mm/1e6, mm/yb, lm, ym, lm/ym }'
    if [ -n "$before" ]; then
        bm=$(median <"$tmp/bmodel")
        bl=$(median <"$tmp/bload")
        awk -v yb="$yb" -v bm="$bm" -v bl="$bl" 'BEGIN { printf " %9.1f %6.2f %8.3f", bm/1e6, bm/yb, bl }'
    fi
    printf '\n'
    rm -rf "$tmp"
done
