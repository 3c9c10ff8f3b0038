#!/bin/sh
# The title band (issue 9): a title and a subtitle too long for the canvas wrap into lines
# (2 and 3 at most, the rest cut with "…") and never widen it: the default network at
# 1600x900 as SVG and PNG, checked by check_title.py and check_labels.py --size. The
# previous binary (one HTML-like line each) drew a 3,979 pt wide canvas here.
# Usage: title_band.sh PARTNET PYTHON3 TESTS_DIR WORK_DIR NETWORK
set -eu
partnet=$1 py=$2 tdir=$3 work=$4 net=$5
rm -rf "$work" && mkdir -p "$work"
title="Université de Lorraine and its partners in research, teaching, innovation and funding: the whole network of 2026 with every alliance"
sub="A subtitle far longer than one line of a small canvas: every institution, alliance and network the university works with, from the regional innovation agencies of the Grand Est to the European university alliances EURECA-PRO and UniGR, the national research organisations, the programmes that fund them and the partners on other continents, with the ties of research, teaching and funding drawn as lines, and then more words than three lines can hold, so that the last line is cut: the regional agencies, the alliances, the national organisations, the programmes and the partners abroad, once more, in other words · size: PageRank · data as of 2026 · 43 sources"
for ext in svg png; do
    "$partnet" render --quiet --size 1600x900 --title "$title" --subtitle "$sub" "$net" \
        -o "$work/map.$ext"
    "$py" "$tdir/map/check_labels.py" "$work/map.$ext" --size 1600x900
done
"$py" "$tdir/map/check_title.py" "$work/map.svg" 1600x900 "$title" "$sub" --cut
