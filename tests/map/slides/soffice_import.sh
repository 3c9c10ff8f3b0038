#!/usr/bin/env bash
# Opens partnet maps in a real slide program: LibreOffice imports each SVG (as
# Impress/Draw do when a user inserts it) and exports a PDF; the PDF's text layer
# must hold the title, the legend and node labels, including names that need
# escaping, so the labels stayed text through the import.
# Usage: soffice_import.sh PARTNET WORKDIR NETWORK TEXT...   (exit 77: no LibreOffice)
set -euo pipefail
partnet=$1 work=$2 net=$3
shift 3
command -v soffice >/dev/null && command -v pdftotext >/dev/null || {
    echo "soffice or pdftotext missing: skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
"$partnet" render --quiet "$net" -o "$work/map.svg"
# a private profile: no shared state between runs, nothing written to $HOME
timeout 300 soffice -env:UserInstallation="file://$work/profile" --headless \
    --convert-to pdf --outdir "$work" "$work/map.svg" > "$work/soffice.log" 2>&1
test -s "$work/map.pdf" || { echo "LibreOffice produced no PDF"; cat "$work/soffice.log"; exit 1; }
pdftotext "$work/map.pdf" "$work/map.txt"
status=0
for want in "$@"; do
    if ! grep -qF -- "$want" "$work/map.txt"; then
        echo "missing from the imported slide's text: $want"
        status=1
    fi
done
[ $status -eq 0 ] && echo "LibreOffice import kept every expected text ($# strings)"
exit $status
