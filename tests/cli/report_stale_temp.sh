#!/usr/bin/env bash
# Stale report temp folders (issue 13): a kill -9 leaves the hidden sibling ".DIR.XXXXXX"
# behind; the next `report` into DIR removes those no live process owns (pid file
# ".partnet.pid" naming a dead process, or no pid file and 10 minutes old) and nothing
# else: a live owner's folder, a name that does not match exactly, a file, are kept.
# Usage: report_stale_temp.sh PARTNET WORK_DIR NETWORK
set -uo pipefail
partnet=$1 work=$2 net=$3
rm -rf "$work"; mkdir -p "$work"; cd "$work"
fail=0
"$partnet" report --quiet -o rep "$net" 2>/dev/null || { echo "FAIL: the first report"; exit 1; }
[ ! -e rep/.partnet.pid ] || { echo "FAIL: the pid file went into the report"; fail=1; }
sh -c 'exit 0' & dead=$!; wait $dead          # a pid that is gone
plant() { mkdir -p "$1"; echo junk > "$1/map.svg"; [ -z "${2:-}" ] || echo "$2" > "$1/.partnet.pid"; }
plant .rep.ABC123 "$dead"                     # killed run: dead owner -> removed
plant .rep.old999                             # no pid file, old -> removed
touch -d '20 minutes ago' .rep.old999
plant .rep.new999                             # no pid file, fresh (being set up) -> kept
plant .rep.LIVE01 "$$"                        # live owner (this shell) -> kept
plant .rep.notours "$dead"                    # not the exact pattern -> kept
plant .rep.ABC12 "$dead"                      # five characters -> kept
plant .other.ABC123 "$dead"                   # another folder's -> kept
echo x > .rep.FILE01                          # a file, not a folder -> kept
"$partnet" report --quiet -o rep "$net" 2>err.txt || { echo "FAIL: the second report: $(cat err.txt)"; fail=1; }
for gone in .rep.ABC123 .rep.old999; do
    [ ! -e "$gone" ] || { echo "FAIL: stale $gone was not removed"; fail=1; }
done
for kept in .rep.new999 .rep.LIVE01 .rep.notours .rep.ABC12 .other.ABC123; do
    [ -f "$kept/map.svg" ] || { echo "FAIL: $kept was touched"; fail=1; }
done
[ -f .rep.FILE01 ] || { echo "FAIL: the file .rep.FILE01 was removed"; fail=1; }
[ ! -e rep/.partnet.pid ] || { echo "FAIL: the pid file went into the report"; fail=1; }
left=$(find . -maxdepth 1 -name '.rep.??????' -type d | sort | tr '\n' ' ')
[ "$left" = "./.rep.LIVE01 ./.rep.new999 " ] || { echo "FAIL: left: $left"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
