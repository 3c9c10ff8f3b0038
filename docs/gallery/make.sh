#!/bin/sh
# Regenerate the gallery of maps of the default network (docs/maps.md shows them).
# Usage: docs/gallery/make.sh [PARTNET]   (default: build/partnet)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
partnet=${1:-$root/build/partnet}
net=$root/networks/lorraine
r() { out=$1; shift; "$partnet" render --quiet "$@" -o "$here/$out" "$net"; }
r full.png
r ego.png --view ego --focus univ-lorraine --radius 1
r community.png --view community
r alliance.png --view alliance
r geo.png --view geo --color-by country
r years.png --years 2010,2015,2020,2025
r change.png --since-year 2018
r dark.png --style dark --color-by kind --labels top:40
r print.png --style print --color-by type --labels top:30
echo "gallery: wrote $(ls "$here"/*.png | wc -l) maps to $here"
