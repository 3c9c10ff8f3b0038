#!/usr/bin/env bash
# The whole test suite: install what is missing, then
#   1. Debug build with -Werror, all tests;
#   2. Asan build (AddressSanitizer + UndefinedBehaviorSanitizer, leaks on), all tests;
#   3. valgrind on the main job (no leak, no error), and with a Release build on render,
#      whatif, diff and evolution too (the Debug build's step 1 runs them as the heavy
#      CTest valgrind_commands; a Graphviz leak once showed in the Release build only).
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

echo "== valgrind on report, render, whatif, diff and evolution, Release build"
cmake -S "$here" -B "$here/build-release" -DCMAKE_BUILD_TYPE=Release -DPARTNET_TESTS=OFF
cmake --build "$here/build-release" -j "$jobs" --target partnet
valgrind --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --suppressions=tests/valgrind.supp \
    --quiet ./build-release/partnet report --quiet networks/lorraine -o "$out/release"
test -s "$out/release/map.svg"
tests/tools/valgrind_cmds.sh ./build-release/partnet tests/valgrind.supp "$out/commands" \
    networks/lorraine tests/data/scenarios/issue-10-plus-one.yaml
