#!/usr/bin/env bash
# PNG and PDF tell what the SVG tells (issue 9): the PDF partnet writes and the PDF that
# LibreOffice makes when it imports partnet's SVG (as a slide program does) put every word
# in the same place, within MAX_PX (boxes_match.py: pdftotext -bbox on both), and the PNG
# and PDF are exactly the canvas asked. PNG and PDF are drawn from the finished SVG by
# librsvg (out/raster.c); when Graphviz's cairo renderer drew them, words were up to 6.4 px
# off (its hinted text is narrower). Every label's halo comes through the import (a
# translucent fill each). Planted: one label moved 12 px in the SVG before the import must
# fail; halos removed are not found. Views: the full map and the alliance map (names on
# outlines).
# Usage: formats_match.sh PARTNET WORKDIR NETWORK MAX_PX   (exit 77: no LibreOffice)
set -euo pipefail
partnet=$1 work=$2 net=$3 max=$4
here=$(cd "$(dirname "$0")" && pwd)
command -v soffice >/dev/null && command -v pdftotext >/dev/null || {
    echo "soffice or pdftotext missing: skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
lo() { # lo SVG OUTDIR: LibreOffice's PDF of the SVG
    timeout 300 soffice -env:UserInstallation="file://$work/profile" --headless \
        --convert-to pdf --outdir "$2" "$1" > "$work/soffice.log" 2>&1
    test -s "$2/$(basename "${1%.svg}").pdf" || { echo "LibreOffice made no PDF"; cat "$work/soffice.log"; exit 1; }
}
# halos_ok SVG PDF: every label's halo (a box of the background colour at 90% opacity)
# came through the import: LibreOffice writes each as a fill with its own alpha (/ca 0.9)
halos_ok() {
    local want got
    want=$(grep -c 'fill-opacity="0.901961"' "$1" || true)
    got=$(grep -ac '/ca 0\.9' "$2" || true)
    if [ "$want" -eq 0 ] || [ "$got" -lt "$want" ]; then
        echo "FAIL: $(basename "$1"): $want halos in the SVG, $got in LibreOffice's PDF"; return 1
    fi
    echo "ok: $(basename "$1"): $want halos in the SVG, $got translucent fills in LibreOffice's PDF"
}
status=0
for view in full alliance; do
    for ext in svg pdf png; do
        "$partnet" render --quiet --view $view --size 1920x1080 "$net" -o "$work/$view.$ext"
    done
    # the canvas: PNG 1920 x 1080 pixels, PDF 1920 x 1080 points
    png=$(od -An -tu1 -j16 -N8 "$work/$view.png" | tr -s ' ')
    [ "$png" = " 0 0 7 128 0 0 4 56" ] || { echo "FAIL: $view.png is not 1920x1080 ($png)"; status=1; }
    pdfinfo "$work/$view.pdf" | grep -q "Page size: *1920 x 1080 pts" ||
        { echo "FAIL: $view.pdf is not 1920x1080 pt"; status=1; }
    lo "$work/$view.svg" "$work/lo"
    /usr/bin/python3 "$here/boxes_match.py" "$work/$view.pdf" "$work/lo/$view.pdf" --max-px "$max" || status=1
    halos_ok "$work/$view.svg" "$work/lo/$view.pdf" || status=1
done
# planted: a label 12 px to the right in the SVG the slide program imports
/usr/bin/python3 - "$work/full.svg" "$work/planted.svg" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index('class="node label')
m = re.compile(r'(<text text-anchor="middle" x=")([-0-9.]+)(")').search(s, i)
s = s[:m.start(2)] + "%.2f" % (float(m.group(2)) + 12) + s[m.end(2):]
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
lo "$work/planted.svg" "$work/lo"
if /usr/bin/python3 "$here/boxes_match.py" "$work/full.pdf" "$work/lo/planted.pdf" --max-px "$max" > "$work/planted.txt"; then
    echo "FAIL: the checker passed a label moved 12 px"; cat "$work/planted.txt"; status=1
else
    echo "ok: planted: $(tail -1 "$work/planted.txt")"
fi
# planted: the halos drawn opaque-less (no fill-opacity) are not counted as come through
sed 's/ fill-opacity="0.901961"//' "$work/full.svg" > "$work/nohalo.svg"
sed -i 's/fill="#ffffff" stroke="transparent" stroke-width="0"/fill="none" stroke="transparent" stroke-width="0"/' "$work/nohalo.svg"
lo "$work/nohalo.svg" "$work/lo"
if grep -q 'fill-opacity="0.901961"' "$work/nohalo.svg" ||
    [ "$(grep -ac '/ca 0\.9' "$work/lo/nohalo.pdf" || true)" -ge 1 ]; then
    echo "FAIL: the halo check cannot fail (halos removed, still found)"; status=1
else
    echo "ok: planted: without halos the import has none"
fi
[ $status -eq 0 ] && echo "ok: PNG and PDF at the canvas size, words where LibreOffice puts the SVG's, halos kept"
exit $status
