#!/usr/bin/env bash
# A full disk (issue 13): on a small tmpfs, each command is run with the disk filled so
# that only ROOM bytes are left, for several ROOMs (the first write fails, one in the
# middle, the last one). Each run must exit 3 with "No space left on device" on stderr,
# leave the earlier outputs byte for byte as they were, and leave no temp file. Before,
# a map's failed write made Graphviz exit(1) with no message and left map.svg.tmp, and a
# full disk at the final write renamed a truncated SVG over the good one with exit 0.
# Needs root to mount the tmpfs: exits 77 (CTest skip) where mount is not allowed.
# Usage: disk_full.sh PARTNET WORK_DIR NETWORK [COMMAND...]
set -uo pipefail
partnet=$1 work=$2 net=$3; shift 3
cmds=("$@")
[ ${#cmds[@]} -gt 0 ] || cmds=(render analyse export)
mkdir -p "$work"
mnt="$work/mnt"
umount "$mnt" 2>/dev/null; rm -rf "$mnt"; mkdir -p "$mnt"
if ! mount -t tmpfs -o size=3m tmpfs "$mnt" 2>/dev/null; then
    echo "skip: cannot mount a tmpfs here (needs root)"; exit 77
fi
trap 'umount "$mnt"' EXIT
fail=0
# the outputs of one command, as arguments
args_of() {
    case $1 in
    render) echo "render -o $mnt/map.svg" ;;
    analyse) echo "analyse --format csv -o $mnt/metrics.csv" ;;
    export) echo "export --to dot -o $mnt/net.dot" ;;
    export-graphml) echo "export --to graphml -o $mnt/net.graphml" ;;
    report) echo "report -o $mnt/rep" ;;
    esac
}
sums() { (cd "$mnt" && find . -path ./filler -prune -o -type f -print | sort | xargs -r sha256sum); }
for c in "${cmds[@]}"; do
    read -r -a a <<<"$(args_of "$c")"
    if ! "$partnet" "${a[@]}" --quiet "$net" 2>"$work/err"; then
        echo "FAIL: $c: the first run, with room, failed: $(cat "$work/err")"; fail=1; continue
    fi
    before=$(sums)
    for room in 0 8192 65536 163840 409600 1048576; do
        free=$(df -B1 --output=avail "$mnt" | tail -1)
        fill=$((free - room))
        if [ $fill -gt 0 ]; then dd if=/dev/zero of="$mnt/filler" bs=4096 count=$((fill / 4096)) 2>/dev/null; fi
        rc=0; "$partnet" "${a[@]}" --quiet "$net" 2>"$work/err" >/dev/null || rc=$?
        rm -f "$mnt/filler"
        after=$(sums)
        temps=$(find "$mnt" -name '.*' ! -name . | wc -l)
        if [ $rc = 0 ]; then
            # the output fitted: it must be the same bytes as the first run's
            [ "$after" = "$before" ] || { echo "FAIL: $c, room $room: exit 0 but the outputs changed"; fail=1; }
            echo "ok: $c, room $room: it fitted"
        elif [ $rc != 3 ] || ! grep -q "No space left on device" "$work/err"; then
            echo "FAIL: $c, room $room: exit $rc, expected 3 with 'No space left on device': $(cat "$work/err")"; fail=1
        elif [ "$after" != "$before" ]; then
            echo "FAIL: $c, room $room: the earlier outputs changed"; diff <(echo "$before") <(echo "$after"); fail=1
        elif [ "$temps" != 0 ]; then
            echo "FAIL: $c, room $room: temp left: $(find "$mnt" -name '.*' ! -name .)"; fail=1
        else
            echo "ok: $c, room $room: exit 3, $(grep error "$work/err" | head -1)"
        fi
        find "$mnt" -name '.*' ! -name . -exec rm -rf {} + 2>/dev/null
    done
    rm -rf "${mnt:?}"/*
done
exit $fail
