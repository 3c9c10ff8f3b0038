#!/usr/bin/env bash
# partnet starts no thread it does not need (issue 15): `partnet --version`, `validate` and
# `analyse --jobs 1` of the default network make no clone/clone3 call, counted with strace -f;
# `analyse --jobs 2` does (the loader's threads, asked for).
# partnet's own threads are intended (issue 12: the all-pairs sweep runs in --jobs threads,
# default the cores available; allpairs_synth checks that they start), so analyse runs with
# --jobs 1 here: any thread it still starts is a library's (OpenBLAS's pool, OpenMP's team).
# Controls prove the counter can fail: the probe's own thread is counted, and where the
# machine selected OpenBLAS for libblas.so.3, a plain igraph program is seen starting its pool.
# Usage: no_threads.sh PARTNET THREAD_PROBE NETWORK
set -euo pipefail
partnet=$1 probe=$2 net=$3
command -v strace >/dev/null || { echo "no_threads: strace is not installed" >&2; exit 1; }
# LeakSanitizer cannot run under ptrace: the sanitizer pass traces without it
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
unset OPENBLAS_NUM_THREADS OMP_NUM_THREADS GOTO_NUM_THREADS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
threads() { # threads COMMAND...: how many threads the command (and its children) started
    strace -f -qq -e trace=clone,clone3 -o "$log" "$@" >/dev/null 2>&1 || { echo "no_threads: '$*' failed" >&2; exit 1; }
    grep -c 'CLONE_THREAD' "$log" || true
}
fail=0
check() { # check WANT(zero|some) LABEL COMMAND...
    local want=$1 label=$2; shift 2
    local n; n=$(threads "$@")
    if { [ "$want" = zero ] && [ "$n" -ne 0 ]; } || { [ "$want" = some ] && [ "$n" -eq 0 ]; }; then
        echo "FAIL: $label started $n thread(s), expected $want"; fail=1
    else
        echo "ok: $label started $n thread(s)"
    fi
}
check some "control: thread_probe --spawn" "$probe" --spawn
blas=$(readlink -f "$(ldconfig -p | awk '/libblas\.so\.3 .*x86-64/ {print $NF; exit}')" || true)
if [[ "$blas" == *openblas* ]] && [ "$(nproc)" -gt 1 ]; then
    check some "control: plain igraph program on $blas" "$probe"
else
    echo "note: libblas.so.3 is $blas here (not OpenBLAS): the OpenBLAS control is skipped"
fi
check zero "partnet --version" "$partnet" --version
check zero "partnet validate" "$partnet" validate "$net"
check zero "partnet analyse --jobs 1" "$partnet" analyse --jobs 1 "$net" -o /dev/null
# the loader's own threads (model/yaml_ahead.c): by default only for 1 MiB of files or more,
# so not above; asked for with --jobs 2, they start on the default network's 7 files too
check some "partnet analyse --jobs 2 (its files read ahead)" "$partnet" analyse --jobs 2 "$net" -o /dev/null
exit $fail
