#!/usr/bin/env bash
# The whole test suite: install what is missing, then
#   1. Debug build with -Werror, all tests;
#   2. Asan build (AddressSanitizer + UndefinedBehaviorSanitizer, leaks on), all tests;
#   3. valgrind on the main job (no leak, no error).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
jobs=$(nproc)
export PARTNET_TEST_DEPS=1

echo "== Debug build (-Werror) and tests"
"$here/scripts/setup.sh" "$here/build-debug" Debug -DPARTNET_WERROR=ON
ctest --test-dir build-debug --output-on-failure -j "$jobs"

echo "== Asan+UBSan build and tests (all but the 'heavy' label, which ran above)"
"$here/scripts/setup.sh" "$here/build-asan" Asan -DPARTNET_WERROR=ON
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:fast_unwind_on_malloc=0 \
LSAN_OPTIONS=suppressions=$here/tests/lsan.supp:print_suppressions=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE heavy

echo "== valgrind on the main job"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
valgrind --num-callers=40 --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --suppressions=tests/valgrind.supp \
    --quiet ./build-debug/partnet report --quiet networks/lorraine -o "$out"
test -s "$out/map.svg"
echo "valgrind: no leak, no error on the main job"
