#!/usr/bin/env bash
# PNG and PDF match the SVG (issue 9: "same label boxes within 2 px"). The SVG as a
# browser draws it is the reference: Chromium (Skia, its own text layout and font
# handling, nothing shared with librsvg) prints partnet's SVG to a PDF of the canvas's
# size, and every word of the PDF partnet writes must be within MAX_PX of the same word
# there (boxes_match.py: pdftotext -bbox on both). partnet's PNG is drawn by the same
# librsvg pass as its PDF (out/raster.c); formats_match.sh checks its canvas.
# Every view on NETWORK. Planted: every label 3 px to the right in the SVG Chromium prints
# must fail.
# Usage: browser_match.sh PARTNET WORKDIR NETWORK MAX_PX VIEW...   (exit 77: no chromium)
set -euo pipefail
partnet=$1 work=$2 net=$3 max=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
command -v chromium >/dev/null && command -v pdftotext >/dev/null || {
    echo "chromium or pdftotext missing: skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work/home"
browser_pdf() { # SVG PDF: Chromium's print of the SVG on a page of the canvas's size
    local svg=$1 out=$2 html=${1%.svg}.html
    printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:1920pt 1080pt;margin:0}html,body{margin:0;padding:0}img{display:block;width:1920pt;height:1080pt}</style></head><body><img src="%s"></body></html>\n' \
        "$(basename "$svg")" > "$html"
    HOME=$work/home timeout 120 chromium --headless --no-sandbox --disable-gpu \
        --no-pdf-header-footer --user-data-dir="$work/home/profile" \
        --print-to-pdf="$out" "file://$html" > "$work/chromium.log" 2>&1 || true
    test -s "$out" || { echo "chromium made no PDF"; cat "$work/chromium.log"; exit 1; }
}
status=0
for view in "$@"; do
    "$partnet" render --quiet --view "$view" --size 1920x1080 "$net" -o "$work/$view.svg"
    "$partnet" render --quiet --view "$view" --size 1920x1080 "$net" -o "$work/$view.pdf"
    browser_pdf "$work/$view.svg" "$work/$view.chromium.pdf"
    echo -n "$view: "
    /usr/bin/python3 "$here/boxes_match.py" "$work/$view.pdf" "$work/$view.chromium.pdf" --max-px "$max" || status=1
done
# planted: every label 3 px to the right in the SVG the browser prints
first=$1
/usr/bin/python3 - "$work/$first.svg" "$work/planted.svg" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r'(<text [^>]*? x=")([-0-9.]+)(")', lambda m: m.group(1) + "%.2f" % (float(m.group(2)) + 3) + m.group(3), s)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
browser_pdf "$work/planted.svg" "$work/planted.chromium.pdf"
if /usr/bin/python3 "$here/boxes_match.py" "$work/$first.pdf" "$work/planted.chromium.pdf" --max-px "$max" > "$work/planted.txt"; then
    echo "FAIL: the checker passed labels moved 3 px"; cat "$work/planted.txt"; status=1
else
    echo "ok: planted: $(tail -1 "$work/planted.txt")"
fi
[ $status -eq 0 ] && echo "ok: partnet's PDF puts every word within $max px of where the browser draws the SVG's"
exit $status
