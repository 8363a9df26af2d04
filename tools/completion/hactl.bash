# SPDX-License-Identifier: LGPL-2.1-or-later
# bash completion for hactl(8).
#
# Nothing here lists hactl's commands: the nouns come from `hactl --help`,
# the verbs, sub-verbs, options and argument kinds of a noun from
# `hactl NOUN --help`, so the completion follows the command table of the
# hactl that is installed.  A synopsis line of a noun's help, such as
#     "  move ID NODE"  or  "Usage: hactl node standby NODE",
# names its verb and placeholders; a placeholder says what to offer there
# (NODE: node names, RSC/ID...: resource ids, FILE: files).  Ids come from
# the running cluster; when hacd does not answer, none are offered.

# Keep the help text of "hactl [NOUN] --help" for this shell.  Called in
# the completing shell itself (not in a $(...) subshell), so that the
# subshells below find it and hactl runs once per help text.
_hactl_help_load()
{
    local var=_hactl_help_cache_${1:-_}
    var=${var//[^a-zA-Z0-9_]/_}
    if [[ -z ${!var+set} ]]; then
        printf -v "$var" '%s' "$("${_hactl_cmd:-hactl}" ${1:+"$1"} --help 2>/dev/null)"
    fi
}

# Print the help text of "hactl [NOUN] --help".
_hactl_help()
{
    local var=_hactl_help_cache_${1:-_}
    var=${var//[^a-zA-Z0-9_]/_}
    _hactl_help_load "$1"
    printf '%s\n' "${!var}"
}

# The nouns: the command lines of `hactl --help` after "Commands:".
_hactl_nouns()
{
    _hactl_help | awk '/^Commands:/ { on = 1; next }
        on && /^  [a-z][a-z-]* / { print $1 }
        on && /^$/ && seen { exit }
        on && /^  / { seen = 1 }'
}

# The synopsis lines of a noun's help, each as "VERB WORD...": the lines
# "  verb ..." and "... hactl [options] NOUN verb ...", up to the examples.
_hactl_synopsis()
{
    local noun=$1
    _hactl_help "$noun" | awk -v noun="$noun" '
        /^ *Example/ { exit }
        # notes after the synopsis ("SCORE: ...", "EXPR: ...") end it
        /^[A-Z][A-Za-z ]*:/ && !/^Usage:/ { exit }
        {
            # a description follows two or more spaces
            line = $0
            sub(/^Usage: */, "", line)
            sub(/^ */, "", line)
            sub(/   *.*/, "", line)
            n = split(line, w, " ")
            for (i = 1; i <= n; i++) {
                if (w[i] == noun && i > 1 && (w[i - 1] == "hactl" ||
                    w[i - 1] ~ /^\[/ || w[i - 1] ~ /\]$/)) {
                    out = ""
                    for (j = i + 1; j <= n; j++) {
                        out = out (out == "" ? "" : " ") w[j]
                    }
                    print out
                    next
                }
            }
            if ($0 ~ /^  [a-z][a-z-]*( |$)/ && $1 != "hactl" && $1 != noun) {
                print line
            }
        }'
}

# The verbs of NOUN (possibly none).
_hactl_verbs()
{
    _hactl_synopsis "$1" | awk '$1 ~ /^[a-z][a-z-]*$/ { print $1 }' | sort -u
}

# The options of NOUN: every --option its help names, and --help
# (--output is global: it goes before the noun).
_hactl_options()
{
    { _hactl_help "$1" | grep -o -e '--[a-z][a-z0-9-]*'; echo --help; } |
        grep -vx -e --output | sort -u
}

# The sub-verbs of NOUN VERB ("constraint location add").
_hactl_subverbs()
{
    _hactl_synopsis "$1" |
        awk -v verb="$2" '$1 == verb && $2 ~ /^[a-z][a-z-]*$/ { print $2 }' |
        sort -u
}

# The placeholders after "NOUN VERB [SUB]" as the first synopsis line of
# that verb names them (VERB empty: those of a noun without verbs).
_hactl_args()
{
    _hactl_synopsis "$1" | awk -v verb="$2" -v sub_="$3" '
        verb == "" && $1 !~ /^[a-z]/ { $0 = "- " $0 }
        ($1 == verb || (verb == "" && $1 == "-")) && (sub_ == "" || $2 == sub_) {
            for (i = (sub_ == "") ? 2 : 3; i <= NF; i++) {
                if ($i ~ /^\[?-/) { break }
                printf "%s ", $i
            }
            print ""
            exit
        }'
}

# What an option takes, from the word after it in the help: a
# placeholder (NODE, G ...), alternatives (a|b|c), or nothing.
_hactl_option_arg()
{
    _hactl_help "$1" | awk -v opt="$2" '{
        for (i = 1; i < NF; i++) {
            if ($i == opt || $i == "[" opt) {
                a = $(i + 1)
                gsub(/[][]/, "", a)
                if (a ~ /^[A-Za-z]/) { print a; exit }
            }
        }
    }'
}

# Offer the values of a placeholder or of alternatives.
_hactl_offer()
{
    local noun=$1 verb=$2 ph=${3//[\[\]\.]/} kind=
    case $ph in
        *\|*) COMPREPLY=($(compgen -W "${ph//|/ }" -- "$cur")); return ;;
        NODE*) kind=node ;;
        RSC*|WITH_RSC|FIRST*|THEN*|RESOURCE|R|G) kind=resource ;;
        ID) [[ ($noun == resource || $noun == stonith) && $verb != create ]] &&
                kind=resource ;;
        FILE*) kind=file ;;
    esac
    case $kind in
        node) COMPREPLY=($(compgen -W "$(_hactl_node_names)" -- "$cur")) ;;
        resource) COMPREPLY=($(compgen -W "$(_hactl_resource_ids)" -- "$cur")) ;;
        file) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}

_hactl_resource_ids()
{
    HA_HACTL_TIMEOUT_MS=${HA_HACTL_TIMEOUT_MS:-2000} \
        "${_hactl_cmd:-hactl}" --output json resource list 2>/dev/null |
        sed -n 's/^ *"id" *: *"\([^"]*\)".*/\1/p'
}

_hactl_node_names()
{
    HA_HACTL_TIMEOUT_MS=${HA_HACTL_TIMEOUT_MS:-2000} \
        "${_hactl_cmd:-hactl}" --output json status 2>/dev/null |
        sed -n 's/^ *"name" *: *"\([^"]*\)".*/\1/p'
}

_hactl()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local i w noun= verb= sub= nargs=0 words=() arg
    local _hactl_cmd=${COMP_WORDS[0]}

    COMPREPLY=()
    _hactl_help_load ""
    if [[ $prev == --output ]]; then
        COMPREPLY=($(compgen -W 'text json' -- "$cur"))
        return 0
    fi
    # Find the noun, the verb (and sub-verb) and count the positional
    # arguments before the word being completed.
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ -z $noun ]]; then
            if [[ $w == --output ]]; then
                ((++i))
            elif [[ $w != -* ]]; then
                noun=$w
                _hactl_help_load "$noun"
            fi
        elif [[ $w == -* ]]; then
            # skip the value of an option that takes one
            [[ $w != *=* && -n $(_hactl_option_arg "$noun" "$w") ]] && ((++i))
        elif [[ -z $verb && -n $(_hactl_verbs "$noun") ]]; then
            verb=$w
        elif [[ -n $verb && -z $sub && $nargs -eq 0 ]] &&
             _hactl_subverbs "$noun" "$verb" | grep -qx -- "$w"; then
            sub=$w
        else
            ((++nargs))
        fi
    done

    if [[ -z $noun ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--output --verbose --help --version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_hactl_nouns)" -- "$cur"))
        fi
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_hactl_options "$noun")" -- "$cur"))
        return 0
    fi
    if [[ $prev == -* && $prev != *=* && $COMP_CWORD -gt 2 ]]; then
        arg=$(_hactl_option_arg "$noun" "$prev")
        if [[ -n $arg ]]; then
            _hactl_offer "$noun" "$verb" "$arg"
            return 0
        fi
    fi
    if [[ -z $verb && -n $(_hactl_verbs "$noun") ]]; then
        COMPREPLY=($(compgen -W "$(_hactl_verbs "$noun")" -- "$cur"))
        return 0
    fi

    if [[ -n $verb && -z $sub && $nargs -eq 0 &&
          -n $(_hactl_subverbs "$noun" "$verb") ]]; then
        COMPREPLY=($(compgen -W "$(_hactl_subverbs "$noun" "$verb")" -- "$cur"))
        return 0
    fi
    read -r -a words <<< "$(_hactl_args "$noun" "$verb" "$sub")"
    _hactl_offer "$noun" "$verb" "${words[nargs]:-}"
    return 0
}
complete -F _hactl hactl
