#!/bin/bash
# The bash completion (issue 11): sources COMPLETION (build/partnet.bash, generated from the
# help texts) and checks COMPREPLY for commands, options per command, the values of the
# vocabulary options (views, layouts, formats, colour-by, export formats, metrics), the
# --opt=value form and file names. The expected lists are written here, independently of
# the help texts the file is made from.
# Usage: completion.sh COMPLETION WORK   (exit 1 on the first wrong answer)
set -u
source "$1" || exit 1
work=$2
rm -rf "$work" && mkdir -p "$work/files" && touch "$work/files/net.yaml" "$work/files/notes.txt"
fails=0
# expect "WORDS..." "EXPECTED" : completes the last word (empty when the line ends in a space)
expect() {
    local line=$1 want=$2
    read -r -a COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _partnet
    local got
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort -u | tr '\n' ' ')
    want=$(printf '%s\n' $want | sort -u | tr '\n' ' ')
    if [[ $got != "$want" ]]; then
        echo "FAILED: '$line' completes to '$got', expected '$want'"
        fails=$((fails + 1))
    fi
}
expect "partnet " "validate analyse render report export whatif diff evolution themes portfolio import init --help --version"
expect "partnet ren" "render"
expect "partnet in" "init"
expect "partnet render --vi" "--view"
expect "partnet render --view " "full ego community alliance geo"
expect "partnet render --layout f" "fdp fr"
expect "partnet render --format " "svg png pdf html"
expect "partnet render --color-by = " "community kind type country theme"
expect "partnet render --style " "light dark print"
expect "partnet analyse --format " "table csv json"
expect "partnet analyse --sort p" "pagerank"
expect "partnet analyze --top" "--top"
expect "partnet analyse --lay" ""
expect "partnet export --to g" "graphml gexf gml gml-ascii"
expect "partnet evolution --metric c" "closeness constraint coreness clustering"
expect "partnet render --algorithm leiden" "leiden leiden-cpm"
expect "partnet render --seed " ""
expect "partnet init --" "--help --quiet"
expect "partnet init -" "--help -h --quiet"
expect "partnet render -o $work/files/n" "$work/files/net.yaml $work/files/notes.txt"
expect "partnet validate $work/files/ne" "$work/files/net.yaml"
expect "partnet nosuch --" ""
if [[ $fails -gt 0 ]]; then
    echo "$fails wrong completion(s)"
    exit 1
fi
echo "ok: 22 completions"
