#!/usr/bin/env bash
# The DOT export carries every attribute (issue 13): before, url, city, region, short,
# themes, years, location, provenance and the ties' labels were dropped although the
# export's help says "every attribute". Usage: dot_attributes.sh PARTNET NETWORK
set -uo pipefail
dot=$("$1" export --quiet --to dot -o - "$2") || { echo "FAIL: the export failed"; exit 1; }
fail=0
for want in 'city=Nancy' 'url="https://www.univ-lorraine.fr"' 'themes="energy;health"' \
            'region="Grand Est"' 'short=UL' 'since=2012' 'lat=48.6921' 'provenance=web' \
            'full_name="Université de Lorraine"' 'label="Framework agreement"' 'until=2025'; do
    grep -qF -- "$want" <<<"$dot" || { echo "FAIL: no $want in the DOT export"; fail=1; }
done
[ $fail = 0 ] && echo "ok: every attribute"
exit $fail
