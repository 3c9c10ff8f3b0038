# A planted broken completion for completion.sh (issue 11): it offers the commands only,
# never an option or a value, so the checks must fail on it.
_partnet() { COMPREPLY=($(compgen -W "validate analyse render report export whatif diff evolution themes init --help --version" -- "${COMP_WORDS[COMP_CWORD]}")); }
complete -F _partnet partnet
