#!/usr/bin/env bash
# The guard (issue 13, src/base/guard.c): partnet runs in a child that a small parent
# watches. A library crash is stood in for by a signal sent to the child itself (not to
# the partnet the user started), while the report's temp folder exists:
#   - SIGSEGV under a memory limit: "out of memory" and exit 3 (igraph 0.10.4 and GLib
#     crash or abort when an allocation fails); without one: a message naming the signal,
#     the same death (139), a bug to report;
#   - SIGKILL (the out-of-memory killer): a message, and the temp folder is removed, which
#     the process killed cannot do itself;
#   - SIGTERM to partnet is passed on: the child removes its temps, the status is 143;
#   - kill -9 of partnet ends the child too (it does not go on writing);
# and every time the earlier report is left as it was. Controls: with PARTNET_GUARD=0 there
# is no child, and SIGKILL leaves the temp folder (the check for leftovers can fail).
# Usage: guard.sh PARTNET WORK_DIR NETWORK
set -uo pipefail
partnet=$1 work=$2 net=$3
rm -rf "$work"; mkdir -p "$work"; cd "$work"
fail=0
sums() { (cd "$1" && find . -type f | sort | xargs -r sha256sum); }
"$partnet" report --quiet -o pristine "$net" 2>/dev/null || { echo "FAIL: the first report"; exit 1; }
old=$(sums pristine)
# start NAME [ULIMIT_KB]: a report over a copy of the pristine one, in the background;
# waits until its temp folder exists; sets pid (partnet) and kid (the guarded child)
start() {
    rm -rf rep .rep.*; cp -a pristine rep
    if [ -n "${2:-}" ]; then
        (ulimit -v "$2"; exec "$partnet" report --quiet -o rep "$net") 2>"$1.err" >/dev/null &
    else
        "$partnet" report --quiet -o rep "$net" 2>"$1.err" >/dev/null &
    fi
    pid=$!
    for ((i = 0; i < 400; i++)); do
        [ -n "$(find . -maxdepth 1 -name '.rep.??????' -type d)" ] && break
        sleep 0.01
    done
    kid=$(pgrep -P "$pid" | head -1)
}
finish() { # finish NAME WANT_RC GREP: wait, then check status, message, folder, leftovers
    wait $pid; local rc=$?
    [ "$rc" = "$2" ] || { echo "FAIL: $1: exit $rc, expected $2: $(head -2 "$1.err")"; fail=1; }
    [ -z "$3" ] || grep -q "$3" "$1.err" || { echo "FAIL: $1: no '$3' in: $(head -2 "$1.err")"; fail=1; }
    [ "$(sums rep)" = "$old" ] || { echo "FAIL: $1: the earlier report changed"; fail=1; }
    local left; left=$(find . -maxdepth 1 -name '.rep.*')
    [ -z "$left" ] || { echo "FAIL: $1: left $left"; fail=1; }
    echo "ok: $1: exit $rc$( [ -n "$3" ] && echo ", '$3'")"
}
# (under AddressSanitizer the child's SIGSEGV is the sanitizer's report and exit 1, and no
# memory limit can be set: those two checks are for the plain builds)
if ldd "$partnet" | grep -q libasan; then
    echo "skip: SIGSEGV checks (a sanitizer build)"
else
    start segv-limited 8000000
    [ -n "$kid" ] || { echo "FAIL: no guarded child"; exit 1; }
    kill -SEGV "$kid"; finish segv-limited 3 "out of memory"
    start segv
    kill -SEGV "$kid"; finish segv 139 "crashed (SIGSEGV"
fi
start sigkill
[ -n "$kid" ] || { echo "FAIL: no guarded child"; exit 1; }
kill -KILL "$kid"; finish sigkill 137 "was killed (SIGKILL"
start term
kill -TERM "$pid"; finish term 143 ""
# kill -9 of partnet: the child ends too
start kill9
kill -KILL "$pid"; wait $pid 2>/dev/null
# (a zombie has ended: the container's init may be slow to reap it)
alive() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat" 2>/dev/null; }
for ((i = 0; i < 100; i++)); do alive "$kid" || break; sleep 0.01; done
if alive "$kid"; then echo "FAIL: kill -9 of partnet: its child $kid runs on"; fail=1
else echo "ok: kill -9 of partnet ended its child"; fi
[ "$(sums rep)" = "$old" ] || { echo "FAIL: kill9: the earlier report changed"; fail=1; }
# controls: unguarded, there is no child, and SIGKILL leaves the temp folder behind
export PARTNET_GUARD=0
start unguarded
[ -z "$kid" ] || { echo "FAIL: PARTNET_GUARD=0 still forked ($kid)"; fail=1; }
kill -KILL "$pid"; wait $pid 2>/dev/null
[ -n "$(find . -maxdepth 1 -name '.rep.*')" ] ||
    { echo "FAIL: control: SIGKILL of an unguarded run left no temp folder (the check cannot fail)"; fail=1; }
echo "ok: control: unguarded, SIGKILL leaves $(find . -maxdepth 1 -name '.rep.*' | head -1)"
rm -rf .rep.*
[ $fail = 0 ] && echo "ok"
exit $fail
