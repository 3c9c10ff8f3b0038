#!/bin/sh
# The man page and the bash completion of partnet, made at build time from the help texts
# the binary prints (issue 11), so neither can drift from them: the help lists come from the
# vocabulary tables (views, layouts, formats, colour-by, styles, algorithms, metrics...).
#   help_docs.sh PARTNET man  [OUT]   (OUT: written through OUT.tmp; default stdout)
#   help_docs.sh PARTNET bash [OUT]
# POSIX sh and awk only (both in every Debian system).
set -eu
bin=$1
mode=$2
out=${3-}
version=$("$bin" --version | awk '{print $2}')
commands=$("$bin" --help | awk '/^Commands:/ {on = 1; next} on && /^$/ {exit} on {print $1}')

# troff: backslashes, leading dots and quotes, hyphens as minus signs (options copy right).
troff_escape() {
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

man_page() {
    cat <<EOF
.TH PARTNET 1 "" "partnet $version" "User Commands"
.SH NAME
partnet \\- map and measure partnership networks between research institutions
.SH SYNOPSIS
.B partnet
.I COMMAND
[\\fIoptions\\fR] \\fIPATH\\fR...
.br
.B partnet
.BR \\-\\-help " | " \\-\\-version
.SH DESCRIPTION
EOF
    "$bin" --help | awk 'NR == 2' | troff_escape
    cat <<'EOF'
.PP
partnet reads YAML descriptions of institutions, alliances, networks and bilateral ties,
builds the network, computes influence metrics and communities, and draws maps (SVG, PNG,
PDF, and an interactive HTML page).
\fIPATH\fR is a YAML file, a directory of *.yaml files (merged in name order), or \- for
standard input; \fB\-o \-\fR writes to standard output.
Every command has \fB\-\-help\fR; its text is the section of that command below.
A mistyped command, option or value gets a suggestion ("did you mean").
.SH COMMANDS
EOF
    for c in $commands; do
        printf '.SS "%s"\n' "$c"
        "$bin" --help | awk -v c="$c" '$1 == c {sub(/^ *[^ ]+ +/, ""); print}' | troff_escape
        printf '.PP\n.nf\n'
        "$bin" "$c" --help | troff_escape
        printf '.fi\n'
    done
    cat <<'EOF'
.SH EXIT STATUS
.TP
.B 0
success
.TP
.B 1
invalid input (the errors are printed as file:line:column: error: message)
.TP
.B 2
usage error
.TP
.B 3
I/O or library failure
.SH FILES
.TP
.I output/<network>/
what \fBpartnet report\fR writes when no \fB\-o\fR is given
.SH EXAMPLES
.nf
partnet init mynetwork
partnet validate mynetwork
partnet report mynetwork
partnet render networks/lorraine \-o map.html
partnet analyse networks/lorraine \-\-top 10
.fi
.SH SEE ALSO
The documentation in the source tree: README.md, docs/format.md (the YAML format),
docs/maps.md, docs/analysis.md, docs/scenarios.md.
EOF
}

# One "case" entry per command: its options, the options that take a value, the values
# of the options whose help lists them ("a | b | c"), and the options that take a file.
completion() {
    cat <<EOF
# bash completion for partnet $version: generated from its --help texts by
# cmake/help_docs.sh (do not edit). Installed as
# share/bash-completion/completions/partnet; or source it from ~/.bashrc.
_partnet_commands="$(echo $commands)"
EOF
    for c in $commands; do
        "$bin" "$c" --help | awk -v c="$c" '
            function flush(   n, i, t, out) {
                # placeholders (top:N) are not values to complete
                n = split(vals, t, " ")
                out = ""
                for (i = 1; i <= n; i++) if (t[i] !~ /[A-Z]/) out = out " " t[i]
                if (opt != "" && out != "") values[opt] = substr(out, 2)
                vals = ""
            }
            /^ *Metrics: / { m = $0; sub(/^ *Metrics: /, "", m); metrics = m; inmet = 1; cont = 0; next }
            inmet && /^          +[a-z]/ { m = $0; sub(/^ +/, "", m); metrics = metrics " " m; next }
            { inmet = 0 }
            /^(  -[a-z], |      )--[a-z]/ {
                flush()
                line = $0
                sub(/^ +(-[a-z], )?/, "", line)
                opt = line; sub(/[ =].*/, "", opt)
                rest = line; sub(/^--[a-z-]+/, "", rest)
                names = opt
                if ($0 ~ /^ +-[a-z], /) { s = $0; sub(/^ +/, "", s); names = opt " " substr(s, 1, 2) }
                all = all " " names
                arg = ""
                if (rest ~ /^ [A-Z]/) { arg = rest; sub(/^ /, "", arg); sub(/ .*/, "", arg) }
                if (arg != "") {
                    takes = takes " " names
                    if (arg ~ /FILE|DIR|OLD|MAP/) files = files " " names
                    if (arg == "METRIC") metric_opts = metric_opts " " opt
                }
                text = rest; sub(/^ [^ ]+ +/, "", text)
                if (arg != "" && text ~ / \| /) {
                    v = text; sub(/ \(.*/, "", v); gsub(/ \| /, " ", v); sub(/ \|$/, "", v)
                    vals = v
                    cont = (text ~ /\|$/)
                } else cont = 0
                next
            }
            cont && /^                    +[^ ]/ {
                v = $0; sub(/^ +/, "", v); sub(/ \(.*/, "", v); gsub(/ \| /, " ", v); sub(/ \|$/, "", v)
                vals = vals " " v
                cont = ($0 ~ /\|$/)
                next
            }
            { cont = 0 }
            END {
                flush()
                gsub(/,/, "", metrics)
                n = split(metric_opts, mo, " ")
                for (i = 1; i <= n; i++) values[mo[i]] = (mo[i] == "--size-by" ? metrics " none" : metrics)
                printf "_partnet_opts_%s=\"%s\"\n", c == "analyze" ? "analyse" : c, substr(all, 2)
                printf "_partnet_takes_%s=\"%s\"\n", c, substr(takes, 2)
                printf "_partnet_files_%s=\"%s\"\n", c, substr(files, 2)
                for (o in values) {
                    key = o; gsub(/-/, "_", key)
                    printf "_partnet_values_%s%s=\"%s\"\n", c, key, values[o]
                }
            }' | sort
    done
    cat <<'EOF'

_partnet()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local cword=$COMP_CWORD
    COMPREPLY=()
    # --opt=value: bash splits at '=' (COMP_WORDBREAKS)
    if [[ $cur == = ]]; then
        cur=""
    elif [[ $prev == = ]]; then
        prev=${COMP_WORDS[cword-2]}
    fi
    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$_partnet_commands --help --version" -- "$cur"))
        return
    fi
    local cmd=${COMP_WORDS[1]}
    [[ $cmd == analyze ]] && cmd=analyse
    [[ " $_partnet_commands " == *" $cmd "* ]] || return
    local opts takes files values key
    eval "opts=\$_partnet_opts_$cmd takes=\$_partnet_takes_$cmd files=\$_partnet_files_$cmd"
    if [[ $prev == -* && " $takes " == *" $prev "* ]]; then
        key=${prev//-/_}
        eval "values=\${_partnet_values_$cmd$key-}"
        if [[ -n $values ]]; then
            COMPREPLY=($(compgen -W "$values" -- "$cur"))
        elif [[ " $files " == *" $prev "* ]]; then
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _partnet partnet
EOF
}

case $mode in
    man|bash) ;;
    *) echo "usage: help_docs.sh PARTNET man|bash [OUT]" >&2; exit 2 ;;
esac
if [ -n "$out" ]; then
    exec >"$out.tmp"
fi
if [ "$mode" = man ]; then man_page; else completion; fi
if [ -n "$out" ]; then
    exec >&-
    mv "$out.tmp" "$out"
fi
