#!/bin/sh
# TAP test: hactl's bash completion (tools/completion/hactl.bash) offers
# what `hactl` itself lists: nouns, verbs, sub-verbs, options and option
# values from its help, resource ids and node names from a running hacd
# (hacd --fake), and nothing, quickly, when hacd is not running.
#
# Each check runs bash, sources the completion, sets COMP_WORDS and
# COMP_CWORD as bash does on TAB, calls _hactl and compares COMPREPLY,
# sorted, with what a user must see.
HA_IPC_NAME=ha-cli-completion-$$
. "$(dirname "$0")/../cli/cli_lib.sh"
COMPLETION=$top_srcdir/tools/completion/hactl.bash
mkdir -p "$tmp/bin" "$tmp/files/sub"
ln -s "$HACTL" "$tmp/bin/hactl"
: > "$tmp/files/cib.xml"
: > "$tmp/files/other.txt"

# complete WORDS...: the sorted offers for the last word (may be empty).
complete_words() {
    (cd "$tmp/files" && PATH=$tmp/bin:$PATH bash -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _hactl || exit 1
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ $//"
    ' completion "$COMPLETION" "$@")
}
# offers DESC "EXPECTED" WORDS...: the offers are exactly EXPECTED
offers() {
    desc=$1; want=$2; shift 2
    got=$(complete_words "$@")
    if [ "$got" = "$want" ]; then
        pass "$desc"
    else
        printf 'completing: %s|\nwant: %s\ngot:  %s\n' "$*" "$want" "$got" > "$tmp/diff"
        fail "$desc" "$tmp/diff"
    fi
}
# includes DESC "WORD..." WORDS...: the offers include each WORD
includes() {
    desc=$1; want=$2; shift 2
    got=" $(complete_words "$@") "
    missing=
    for w in $want; do
        case "$got" in *" $w "*) ;; *) missing="$missing $w" ;; esac
    done
    if [ -z "$missing" ]; then
        pass "$desc"
    else
        printf 'completing: %s|\nmissing:%s\ngot: %s\n' "$*" "$missing" "$got" > "$tmp/diff"
        fail "$desc" "$tmp/diff"
    fi
}

# ---- from hactl's help, no hacd needed ----
nouns=$("$HACTL" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' |
        sort | tr '\n' ' ' | sed 's/ $//')
offers "nouns: exactly those of 'hactl --help'" "$nouns" hactl ""
includes "nouns include the documented ones" \
    "agent config constraint node property report resource simulate status stonith" hactl ""
offers "a prefix selects nouns" "report resource" hactl re
offers "global options before the noun" "--output" hactl --out
offers "--output takes text or json" "json text" hactl --output ""
includes "after --output json, the nouns again" "resource status" hactl --output json ""
includes "resource verbs" \
    "ban cleanup clear create debug delete disable enable list move restart show update" \
    hactl resource ""
offers "a prefix selects verbs" "delete" hactl resource del
includes "constraint verbs" "colocation delete list location order" hactl constraint ""
offers "constraint location: its sub-verb" "add" hactl constraint location ""
offers "--kind: its three values" "Mandatory Optional Serialize" \
    hactl constraint order add o1 a b --kind ""
offers "stonith fence --action: its values" "off on reboot" \
    hactl stonith fence n1 --action ""
includes "resource options" "--clone --disabled --group --meta --op --promotable --wait" \
    hactl resource create vip ocf:ha:vip --
offers "--output is not offered after the noun" "" hactl status --out
includes "simulate options (GLib help)" "--xml-file --node-down --show-scores" \
    hactl simulate --
offers "config import FILE: files" "cib.xml other.txt sub" hactl config import ""
offers "report FILE: files, prefix" "cib.xml" hactl report ci
includes "node verbs" "attribute maintenance standby unmaintenance unstandby" hactl node ""

# ---- without hacd: no ids, no error, no wait (a completion that waited
# for hacd would take HA_HACTL_TIMEOUT_MS, a minute here) ----
start=$(date +%s)
HA_HACTL_TIMEOUT_MS=60000 offers "resource show without hacd: nothing" "" hactl resource show ""
HA_HACTL_TIMEOUT_MS=60000 offers "node standby without hacd: nothing" "" hactl node standby ""
end=$(date +%s)
if [ $((end - start)) -le 20 ]; then
    pass "completion without hacd returns at once ($((end - start)) s)"
else
    echo "took $((end - start)) s" > "$tmp/diff"; fail "completion without hacd returns at once" "$tmp/diff"
fi

# ---- ids from a running hacd ----
cli_start_hacd
ok "create vip" "$HACTL" resource create vip ocf:heartbeat:IPaddr2 ip=192.168.1.100 --group web
ok "create www" "$HACTL" resource create www ocf:heartbeat:apache configfile=/etc/apache2/apache2.conf
offers "resource show: resource ids" "vip web www" hactl resource show ""
offers "resource show w: ids with that prefix" "web www" hactl resource show w
offers "resource move ID NODE: the node" "$host" hactl resource move vip ""
offers "resource cleanup --node: the node" "$host" hactl resource cleanup vip --node ""
offers "node standby: the node" "$host" hactl node standby ""
offers "constraint location add ID RSC: resources" "vip web www" \
    hactl constraint location add loc1 ""
offers "constraint location add ID RSC NODE: the node" "$host" \
    hactl constraint location add loc1 www ""
offers "resource create ID: nothing (a new id)" "" hactl resource create ""
cli_end
