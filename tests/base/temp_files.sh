#!/usr/bin/env bash
# Temp files are fresh and never follow a planted link (issue 13). Before, every output
# went to the fixed name TARGET.tmp, opened without O_EXCL: a symlink planted there
# redirected the write to the file it named, and an existing TARGET.tmp was clobbered.
# Here the old names are planted as links to a victim file (and one as a plain file) for
# render, analyse, export and report; the victims and the planted files must be left as
# they were, the outputs written, and no temp file left behind.
# Usage: temp_files.sh PARTNET WORK_DIR NETWORK
set -euo pipefail
partnet=$1 work=$2 net=$3
rm -rf "$work"; mkdir -p "$work/rep"
cd "$work"
printf 'precious\n' > victim
printf 'mine\n' > out.json.tmp
ln -s victim map.svg.tmp
ln -s victim out.csv.tmp
ln -s victim out.graphml.tmp
ln -s victim rep/report.md.tmp
ln -s victim rep/map.svg.tmp
ln -s ../victim rep/metrics.csv.tmp
fail=0
run() { if ! "$@" >/dev/null 2>err.txt; then echo "FAIL: '$*' exited non-zero: $(cat err.txt)"; fail=1; fi; }
run "$partnet" render --quiet -o map.svg "$net"
run "$partnet" analyse --quiet --format csv -o out.csv "$net"
run "$partnet" analyse --quiet --format json -o out.json "$net"
run "$partnet" export --quiet --to graphml -o out.graphml "$net"
run "$partnet" report --quiet -o rep "$net"
[ "$(cat victim)" = precious ] || { echo "FAIL: the victim was overwritten through a planted link"; fail=1; }
[ "$(cat out.json.tmp)" = mine ] || { echo "FAIL: an existing out.json.tmp was clobbered"; fail=1; }
for l in map.svg.tmp out.csv.tmp out.graphml.tmp rep/report.md.tmp rep/map.svg.tmp rep/metrics.csv.tmp; do
    [ -L "$l" ] || { echo "FAIL: the planted link $l was removed or replaced"; fail=1; }
done
for f in map.svg out.csv out.json out.graphml rep/report.md rep/map.svg rep/metrics.csv; do
    [ -f "$f" ] && [ ! -L "$f" ] && [ -s "$f" ] || { echo "FAIL: $f was not written"; fail=1; }
done
left=$(find . -name '.*.tmp' -o -name '.*.XXXXXX*' | wc -l)
[ "$left" = 0 ] || { echo "FAIL: temp files left: $(find . -name '.*.tmp')"; fail=1; }
# a target that is not a regular file (a FIFO here, /dev/null or /dev/full in use) is
# written in place, never replaced by a rename: run as root, `-o /dev/null` used to leave
# a regular file in /dev's place
mkfifo fifo.svg
timeout 20 cat fifo.svg > fifo.got &
run "$partnet" render --quiet -o fifo.svg "$net"
wait
[ -p fifo.svg ] || { echo "FAIL: the FIFO target was replaced"; fail=1; }
grep -q '</svg>' fifo.got || { echo "FAIL: the map did not go through the FIFO"; fail=1; }
rc=0; "$partnet" analyse --quiet -o /dev/full "$net" 2>err.txt || rc=$?
[ -c /dev/full ] || { echo "FAIL: /dev/full is no longer a device"; fail=1; }
grep -q "cannot write '/dev/full': No space left on device" err.txt && [ $rc = 3 ] ||
    { echo "FAIL: -o /dev/full: exit $rc, $(cat err.txt)"; fail=1; }
[ $fail = 0 ] && echo "ok: no link followed, nothing clobbered, no temp left"
exit $fail
