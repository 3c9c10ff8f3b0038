#!/bin/bash
# Labels and canvas of every view (issue 9): check_labels_views.sh PARTNET PYTHON3 CHECKER
# NETWORK OUTDIR. For the full, ego, community and geo views: --labels top:10 labels
# exactly the 10 highest by PageRank (community map: by members); the default (auto)
# labels the 10 highest and crosses under 10% of its labels with a line; every label has
# a halo, is at least 16 px, reads unlike every other label (--distinct), overlaps no
# node and no other label, its leader line (if any) is dashed; the canvas is exactly
# 1920x1080 (and 1920x1440 for --aspect 4:3; PNG pixels and PDF points at 1280x720).
# The alliance view is left out: its boxes are being replaced by group outlines (the
# other half of issue 9), and its canvas follows them.
set -u
partnet=$1 python=$2 checker=$3 net=$4 out=$5
rm -rf "$out" && mkdir -p "$out" || exit 1
failed=0
check() { # NAME FILE CHECKER-ARGS...
    local name=$1 file=$2
    shift 2
    if ! msg=$("$python" "$checker" "$file" "$@"); then
        echo "$name: $msg"
        failed=1
    else
        echo "$name: ${msg#check_labels: }"
    fi
}
render() { # FILE ARGS...
    local file=$1
    shift
    "$partnet" render --quiet "$net" "$@" -o "$file" 2>"$file.err" || {
        echo "render $* failed: $(cat "$file.err")"
        failed=1
    }
}
for view in full ego community geo; do
    metric=PageRank
    [ "$view" = community ] && metric=members
    common=(--size 1920x1080 --metric "$metric" --min-px 16 --max-overlaps 0 --halo --distinct
            --dashed-leaders)
    # (the community map's labels near their nodes, issue 9: the 2,000 network's were up
    # to 805 px away, 4 leader lines over 300 px; now inside their discs or near them)
    [ "$view" = community ] && common+=(--max-leader 300)
    render "$out/$view-top10.svg" --view "$view" --labels top:10
    check "$view top:10" "$out/$view-top10.svg" "${common[@]}" --top 10 --max-crossed 0.3
    render "$out/$view-auto.svg" --view "$view"
    # (the geographic map names 85% of its nodes, where lines cross everywhere: the labels
    # no line crosses first, further out than on the other views, then crossed ones, on
    # their halo; docs/maps.md. It was allowed 35% before the further search: 24.7%)
    check "$view auto" "$out/$view-auto.svg" "${common[@]}" --top-in 10 --max-crossed 0.1
done
render "$out/aspect.svg" --aspect 4:3
check "full --aspect 4:3" "$out/aspect.svg" --size 1920x1440 --max-overlaps 0
for fmt in png pdf; do
    render "$out/small.$fmt" --size 1280x720
    check "full $fmt 1280x720" "$out/small.$fmt" --size 1280x720
done
exit $failed
