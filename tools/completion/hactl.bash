# SPDX-License-Identifier: LGPL-2.1-or-later
# bash completion for hactl(8).
#
# Nothing here lists hactl's commands: `hactl help --complete WORDS...`
# prints, from hactl's own command table, what may follow WORDS:
#     word W          a command, or the next word of a verb
#     at NOUN VERB    the command WORDS name
#     opt --O         an option of that command
#     arg PH          the next argument: a placeholder (NODE, ID, FILE ...)
#     val PH          the value of the option before: a placeholder or
#                     choices (a|b|c)
# (before the command, the options are the global ones).
# A placeholder says what to offer (NODE: node names, RSC/ID...: resource
# ids, FILE: files).  Ids come from the running cluster; when hacd does not
# answer, none are offered.

# What may follow WORDS..., as `hactl help --complete` says it.
_hactl_complete()
{
    "${_hactl_cmd:-hactl}" help --complete "$@" 2>/dev/null
}

# The nouns; the first words of NOUN's verbs; every option of NOUN's verbs
# (also read by cts/install/test_man.sh to check hactl(8) documents them).
_hactl_nouns()
{
    _hactl_complete | awk '$1 == "word" { print $2 }'
}

_hactl_verbs()
{
    _hactl_complete "$1" | awk '$1 == "word" { print $2 }'
}

_hactl_options()
{
    local noun=$1 verb sub
    {
        _hactl_complete "$noun"
        for verb in $(_hactl_verbs "$noun"); do
            _hactl_complete "$noun" "$verb"
            for sub in $(_hactl_complete "$noun" "$verb" |
                         awk '$1 == "word" { print $2 }'); do
                _hactl_complete "$noun" "$verb" "$sub"
            done
        done
    } | awk '$1 == "opt" { print $2 }' | sort -u
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

# Offer the values of a placeholder or of choices, for NOUN VERB.
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

_hactl()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local _hactl_cmd=${COMP_WORDS[0]}
    local kind what noun= verb= arg= val= words=() opts=()

    COMPREPLY=()
    while read -r kind what; do
        case $kind in
            word) words+=("$what") ;;
            opt) opts+=("$what") ;;
            arg) arg=$what ;;
            val) val=$what ;;
            at) noun=${what%% *}; verb=${what#* } ;;
        esac
    done < <(_hactl_complete "${COMP_WORDS[@]:1:COMP_CWORD-1}")
    if [[ -n $val ]]; then
        _hactl_offer "$noun" "$verb" "$val"
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "${opts[*]}" -- "$cur"))
        return 0
    fi
    if [[ -n $arg ]]; then
        _hactl_offer "$noun" "$verb" "$arg"
        return 0
    fi
    COMPREPLY=($(compgen -W "${words[*]}" -- "$cur"))
    return 0
}
complete -F _hactl hactl
