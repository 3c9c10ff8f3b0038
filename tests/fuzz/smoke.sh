#!/usr/bin/env bash
# The fuzzers' smoke run (issue 13): builds the libFuzzer targets with clang under
# ASan+UBSan in WORK/build, then runs each for SECONDS on a seed corpus made of the
# YAML files of networks/ and tests/ (load) and tests/fuzz/seeds/label (label). A crash
# fails the test; copy the crasher into tests/fuzz/regressions/<target>/ so that the
# replay tests keep it. Exit 77 (skip) without clang or libFuzzer.
# Usage: smoke.sh SOURCE_DIR WORK_DIR [SECONDS]
set -uo pipefail
src=$1 work=$2 secs=${3:-30}
command -v clang >/dev/null || { echo "skip: no clang (apt-get install clang libclang-rt-14-dev)"; exit 77; }
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' > /tmp/pn-fuzz-probe-$$.c
if ! clang -fsanitize=fuzzer /tmp/pn-fuzz-probe-$$.c -o /tmp/pn-fuzz-probe-$$ 2>/dev/null; then
    rm -f /tmp/pn-fuzz-probe-$$*; echo "skip: clang has no libFuzzer (libclang-rt-14-dev)"; exit 77
fi
rm -f /tmp/pn-fuzz-probe-$$*
mkdir -p "$work"
CC=clang cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Asan -DPARTNET_FUZZ=ON \
    -DPARTNET_TESTS=OFF >/dev/null || exit 1
nice cmake --build "$work/build" -j2 --target fuzz_load fuzz_label >/dev/null || exit 1
rm -rf "$work/corpus-load"; mkdir -p "$work/corpus-load" "$work/crashes"
find "$src/networks" "$src/tests" -name '*.yaml' -size -64k | while read -r f; do
    cp "$f" "$work/corpus-load/$(echo "$f" | md5sum | cut -c1-16)"
done
# as scripts/test.sh: full unwinding, so that the library suppressions match
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:fast_unwind_on_malloc=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$src/tests/lsan.supp:print_suppressions=0
fail=0
run() { # run TARGET CORPUS...
    local t=$1; shift
    "$work/build/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix="$work/crashes/$t-" "$@" 2>"$work/$t.log"
    local rc=$?
    grep -E "^#[0-9]+ +DONE|Done [0-9]+ runs" "$work/$t.log" | tail -1
    if [ $rc != 0 ]; then echo "FAIL: fuzz_$t found a crash:"; grep -A15 "ERROR\|abort\|fuzz_label:" "$work/$t.log" | head -30; fail=1; fi
}
run load "$work/corpus-load" "$src/tests/fuzz/regressions/load"
# libFuzzer adds what it finds to the first corpus folder: a copy, not the source tree
rm -rf "$work/corpus-label"; cp -r "$src/tests/fuzz/seeds/label" "$work/corpus-label"
run label "$work/corpus-label" "$src/tests/fuzz/regressions/label"
exit $fail
