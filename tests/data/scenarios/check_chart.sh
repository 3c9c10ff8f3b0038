#!/bin/sh
# check_chart.sh PARTNET WORKDIR NETWORK.yaml XMLLINT
# The evolution chart is valid SVG, escapes user text, names one group per
# charted partner, and is byte-identical across runs.
set -e
partnet=$1 d=$2 net=$3 xmllint=$4
rm -rf "$d"
mkdir -p "$d"
"$partnet" evolution --quiet "$net" --years 1998..2016 --top 3 --chart "$d/a.svg" -o "$d/a.txt"
"$partnet" evolution --quiet "$net" --years 1998..2016 --top 3 --chart "$d/b.svg" -o "$d/b.txt"
"$xmllint" --noout "$d/a.svg"
cmp "$d/a.svg" "$d/b.svg"
grep -q 'P &lt;first&gt;' "$d/a.svg"
grep -q 'Growth &lt;2000–2016&gt; &amp; change' "$d/a.svg"
test "$(grep -c '<g class="partner"' "$d/a.svg")" -eq 3
echo "chart ok"
