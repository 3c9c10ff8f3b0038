#!/usr/bin/env bash
# A directory's files parsed ahead in threads (src/model/yaml_ahead.c) give what the loader
# gives parsing each in line (--jobs 1): the same output, messages and exit status, on
# - a generated 3,000-institution network split into files (bench/gen.py --dir),
# - the default network,
# - every bad input of tests/bad/ as the middle file of three (syntax errors, limits,
#   aliases, includes: the tape is refused and the file parsed in line, or read from it),
# with 1, 2 and 3 threads. The compare must see a difference where there is one: the
# same bad input with its first line indented once more must not compare equal.
# Usage: ahead_same.sh PARTNET WORK_DIR TESTS_DIR SOURCE_DIR PYTHON3
set -euo pipefail
partnet=$1 work=$2 tests=$3 src=$4 python3=$5
rm -rf "$work"; mkdir -p "$work"
fail=0

# run DIR JOBS OUT: analyse's JSON (names, kinds, places, metrics), stderr and exit status
run() {
    local rc=0
    timeout 300 "$partnet" analyse --format json --jobs "$2" "$1" > "$3.out" 2> "$3.err" || rc=$?
    echo "$rc" > "$3.rc"
}
same() { # same A B: the two runs agree
    cmp -s "$1.out" "$2.out" && cmp -s "$1.err" "$2.err" && cmp -s "$1.rc" "$2.rc"
}
check() { # check NAME DIR
    run "$2" 1 "$work/$1-j1"
    local j
    for j in 2 3; do
        run "$2" "$j" "$work/$1-j$j"
        if same "$work/$1-j1" "$work/$1-j$j"; then
            echo "ok: $1, --jobs $j as --jobs 1 (exit $(cat "$work/$1-j1.rc"))"
        else
            echo "FAIL: $1: --jobs $j differs from --jobs 1"
            diff "$work/$1-j1.err" "$work/$1-j$j.err" | head -5 || true
            fail=1
        fi
    done
}

"$python3" "$src/bench/gen.py" 3000 --seed 5 --dir "$work/gen" > /dev/null
n_files=$(ls "$work/gen" | wc -l)
[ "$n_files" -ge 3 ] || { echo "FAIL: gen.py --dir wrote $n_files files"; exit 1; }
check gen "$work/gen"
check lorraine "$src/networks/lorraine"

for case_file in "$tests"/bad/*.yaml; do
    case=$(basename "$case_file" .yaml)
    d="$work/bad-$case"
    mkdir -p "$d"
    : > "$d/00-first.yaml"
    cp "$case_file" "$d/10-$case.yaml"
    printf 'sources: []\n' > "$d/20-last.yaml"
    cp -r "$tests/bad/parts" "$d/parts"
    check "bad-$case" "$d"
done

# planted: one column more on the first line of a bad input must show in the messages
p="$work/planted"
cp -r "$work/bad-duplicate-id" "$p"
sed -i '1s/^/ /' "$p/10-duplicate-id.yaml"
run "$p" 2 "$work/planted-j2"
if same "$work/bad-duplicate-id-j1" "$work/planted-j2"; then
    echo "FAIL: the compare did not see a file shifted by one column"; fail=1
else
    echo "ok: planted: a file shifted by one column compares different"
fi
exit $fail
