#!/bin/sh
# render_only (issue 12): `render` computes only the metrics its map draws. Its tooltips
# hold the size metric (PageRank by default), degree and community, no betweenness or
# closeness; --size-by betweenness brings betweenness back; `report`'s map keeps every
# metric. (The binary before issue 12 fails the first check: 99 Betweenness lines.)
# Usage: render_only.sh PARTNET NETWORK WORK_DIR
set -eu
partnet=$1 net=$2 work=$3
mkdir -p "$work"
fail=0
count() { grep -c "$1" "$2" || true; }
expect() { # expect LABEL WANT(zero|some) PATTERN FILE
    n=$(count "$3" "$4")
    if { [ "$2" = zero ] && [ "$n" -ne 0 ]; } || { [ "$2" = some ] && [ "$n" -eq 0 ]; }; then
        echo "FAIL: $1: $n line(s) with '$3', expected $2"; fail=1
    else
        echo "ok: $1: $n line(s) with '$3'"
    fi
}
"$partnet" render --quiet "$net" -o "$work/map.svg" 2>/dev/null
expect "render" zero "Betweenness: " "$work/map.svg"
expect "render" zero "Closeness: " "$work/map.svg"
expect "render" some "PageRank: " "$work/map.svg"
"$partnet" render --quiet --size-by betweenness "$net" -o "$work/bet.svg" 2>/dev/null
expect "render --size-by betweenness" some "Betweenness: " "$work/bet.svg"
expect "render --size-by betweenness" zero "PageRank: " "$work/bet.svg"
"$partnet" render --quiet --view ego "$net" -o "$work/ego.svg" 2>/dev/null
expect "render --view ego" some "PageRank: " "$work/ego.svg"
"$partnet" report --quiet "$net" -o "$work/report" 2>/dev/null
expect "report map.svg" some "Betweenness: " "$work/report/map.svg"
exit $fail
