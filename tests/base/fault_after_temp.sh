#!/usr/bin/env bash
# A temp that was created must be removed even when the next allocation fails (issue 13;
# found by the every-k fault loop: at k=595 of a report, the copy of the temp folder's
# name for the clean-up registry failed, and `.rep.XXXXXX` was left). For report (a
# temp folder) and render (a temp file), the first allocation of partnet's own code
# after mkdtemp / mkostemps fails (tests/base/fault_shim.c PN_FAULT_AFTER): exit 3 with
# "out of memory", the earlier output as it was, no temp left. Skipped (77) where the
# shim cannot be preloaded (ASan).
# Usage: fault_after_temp.sh PARTNET SHIM WORK_DIR NETWORK
set -uo pipefail
partnet=$1 shim=$2 work=$3 net=$4
rm -rf "$work"; mkdir -p "$work"; cd "$work"
if ! LD_PRELOAD=$shim "$partnet" --version >/dev/null 2>&1; then
    echo "skip: the shim cannot be preloaded here (a sanitizer build?)"; exit 77
fi
"$partnet" report --quiet -o rep "$net" 2>/dev/null || exit 1
"$partnet" render --quiet -o map.svg "$net" 2>/dev/null || exit 1
before=$(find rep map.svg -type f | sort | xargs sha256sum)
fail=0
for c in "report mkdtemp rep" "render mkostemps map.svg"; do
    set -- $c
    rc=0; PN_FAULT_AFTER=$2 LD_PRELOAD=$shim "$partnet" "$1" --quiet -o "$3" "$net" \
        >/dev/null 2>err.txt || rc=$?
    if [ $rc != 3 ] || ! grep -q "out of memory" err.txt; then
        echo "FAIL: $1 with an allocation failing after $2: exit $rc: $(head -2 err.txt)"; fail=1
    fi
    left=$(find . -name '.*' ! -name . | tr '\n' ' ')
    [ -z "$left" ] || { echo "FAIL: $1: left $left"; fail=1; }
done
now=$(find rep map.svg -type f | sort | xargs sha256sum)
[ "$now" = "$before" ] || { echo "FAIL: the earlier outputs changed"; fail=1; }
[ $fail = 0 ] && echo "ok: report and render leave no temp when the allocation after its creation fails"
exit $fail
