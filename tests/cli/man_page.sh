#!/bin/sh
# The man page (issue 11): `cmake --install` into a fresh prefix puts partnet, its man page
# and its bash completion in place; `man` finds the page there (MANPATH) and `man -l` reads
# it without a warning; every line of `partnet --help` and of each `partnet COMMAND --help`
# is in the rendered page, and every command has its section. Then a planted page without
# the init section must fail the same check.
# Usage: man_page.sh PARTNET BUILD_DIR CMAKE WORK
set -u
partnet=$1
build=$2
cmake=$3
work=$4
fail() { echo "FAILED: $*"; exit 1; }
command -v man >/dev/null || { echo "skipped: man (man-db) is not installed"; exit 77; }
rm -rf "$work" && mkdir -p "$work" || exit 1
"$cmake" --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 ||
    fail "cmake --install: $(cat "$work/install.log")"
page=$work/prefix/share/man/man1/partnet.1
[ -x "$work/prefix/bin/partnet" ] || fail "no bin/partnet installed"
[ -s "$page" ] || fail "no share/man/man1/partnet.1 installed"
[ -s "$work/prefix/share/bash-completion/completions/partnet" ] || fail "no completion installed"
found=$(MANPATH=$work/prefix/share/man man -w partnet 2>&1) || fail "man -w partnet: $found"
[ "$found" = "$page" ] || fail "man partnet found '$found', not the installed page"

# check PAGE: renders without a warning and holds every help line
check() {
    MANWIDTH=200 LC_ALL=C.UTF-8 man --warnings -l "$1" 2>"$work/warn" | col -bx >"$work/text" ||
        { echo "man -l $1 failed"; return 1; }
    [ -s "$work/warn" ] && { echo "man warns: $(head -3 "$work/warn")"; return 1; }
    sed 's/^ *//; s/  */ /g' "$work/text" >"$work/flat"
    for c in $("$partnet" --help | awk '/^Commands:/ {on = 1; next} on && /^$/ {exit} on {print $1}'); do
        grep -qx "$c" "$work/flat" || { echo "no section for '$c'"; return 1; }
        "$partnet" "$c" --help | sed 's/^ *//; s/  */ /g' | grep -v '^$' >"$work/help"
        while IFS= read -r line; do
            grep -qxF -- "$line" "$work/flat" || { echo "$c: help line not in the page: $line"; return 1; }
        done <"$work/help"
    done
    "$partnet" --help | sed -n '2p' | grep -qxF -f - "$work/flat" || { echo "no description"; return 1; }
    return 0
}
why=$(check "$page") || fail "$why"
MANPATH=$work/prefix/share/man man -P cat partnet 2>/dev/null | grep -q "partnet init" ||
    fail "man partnet does not show 'partnet init'"
# planted: the page without the init section
awk '/^\.SS "init"/ {skip = 1; next} /^\.SS/ {skip = 0} !skip' "$page" >"$work/planted.1"
why=$(check "$work/planted.1") && fail "the check passed on a page without the init section"
echo "ok: installed; man partnet finds it; every help line in the page; planted page fails ($why)"
