#!/bin/sh
# partnet init (issue 11): the starter network it writes is one that validate accepts
# without a warning and report draws; a second init into the same directory, or into a
# file, is refused and changes nothing.
# Usage: init_starter.sh PARTNET WORK
set -u
partnet=$1
work=$2
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAILED: $*"; exit 1; }
dir=$work/starter
"$partnet" init --quiet "$dir" || fail "init exited $?"
out=$("$partnet" validate "$dir" 2>"$work/validate.err") || fail "validate rejected the starter: $(cat "$work/validate.err")"
[ -s "$work/validate.err" ] && fail "validate warned: $(cat "$work/validate.err")"
case $out in
    *": ok: 4 institutions, 1 alliance, 1 network, 3 ties, 4 memberships") ;;
    *) fail "validate said: $out" ;;
esac
grep -c '#' "$dir"/*.yaml | grep -q ':0$' && fail "a starter file has no comment"
"$partnet" report --quiet "$dir" -o "$work/report" 2>/dev/null || fail "report on the starter exited $?"
[ -s "$work/report/map.html" ] || fail "report wrote no map.html"
before=$(cat "$dir"/*.yaml | cksum)
"$partnet" init "$dir" 2>"$work/again.err"
[ $? -eq 2 ] || fail "init into a non-empty directory did not exit 2"
grep -q "is not empty" "$work/again.err" || fail "no 'is not empty': $(cat "$work/again.err")"
[ "$(cat "$dir"/*.yaml | cksum)" = "$before" ] || fail "the refused init changed the files"
: > "$work/file"
"$partnet" init "$work/file" 2>/dev/null
[ $? -eq 2 ] || fail "init into a file did not exit 2"
[ -s "$work/file" ] && fail "init wrote into the file"
echo "ok: starter network valid, reported; non-empty directory and file refused"
