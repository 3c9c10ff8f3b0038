#!/usr/bin/env bash
# Inputs that are not plain files inside the network (issue 13): a FIFO given on the command
# line is refused at once (it used to block for ever), and a *.yaml symlink in a network
# directory that points outside it is refused as an include outside the directory is.
# Usage: special_inputs.sh PARTNET WORK_DIR GOOD_YAML
set -euo pipefail
partnet=$1 work=$2 good=$3
rm -rf "$work"; mkdir -p "$work/net"
fail=0
expect() { # expect RC STDERR_TEXT COMMAND...
    local want_rc=$1 want=$2; shift 2
    local rc=0 err
    err=$(timeout 20 "$@" 2>&1 >/dev/null) || rc=$?
    if [ "$rc" != "$want_rc" ] || [[ "$err" != *"$want"* ]]; then
        echo "FAIL: '$*': exit $rc, expected $want_rc; stderr: $err"; fail=1
    else
        echo "ok: $*: exit $rc"
    fi
}
mkfifo "$work/pipe"
expect 3 "cannot read '$work/pipe': not a regular file or directory" "$partnet" validate "$work/pipe"
cp "$good" "$work/net/a.yaml"
ln -s "$good" "$work/net/b.yaml"
expect 1 "'$work/net/b.yaml' is outside the network directory" "$partnet" validate "$work/net"
rm "$work/net/b.yaml"
expect 0 "" "$partnet" validate "$work/net"
exit $fail
