#!/bin/sh
# cts/cli/test_hactl_grammar.sh - hactl's command line as data
# (tools/hactl/hactl_cli.c): every help in one layout, the same text
# however it is asked for; "did you mean" for a mistyped noun, verb,
# option and node; --output and --wait anywhere on the line; a bad line
# exits 2 (3 for status --check) before asking hacd anything.
HA_IPC_NAME=ha-cli-grammar-$$
. "$(dirname "$0")/cli_lib.sh"

golden grammar-help-top "hactl --help: commands and global options" --help
golden grammar-help-noun "a noun's help: its verbs" node --help
golden grammar-help-verb "a verb's help: arguments, options, examples" \
    node attribute --help
golden grammar-help-simulate "simulate's help in the same layout" \
    simulate --help
golden grammar-help-sub "a verb of two words" stonith level add --help

# the same text however help is asked for
"$HACTL" node attribute --help > "$tmp/h0"
same=yes
for how in "help node attribute" "node attribute -h" "--help node attribute" \
           "node attribute n1 rack --delete --help"; do
    # shellcheck disable=SC2086
    "$HACTL" $how > "$tmp/h1" 2>&1 || same="no (exit $?: $how)"
    cmp -s "$tmp/h0" "$tmp/h1" || same="no ($how)"
done
if [ "$same" = yes ]; then pass "help, -h and --help anywhere: one text"
else echo "$same" > "$tmp/diff"; fail "help, -h and --help anywhere: one text" "$tmp/diff"; fi

err 2 "a mistyped noun" nod list
err 2 "a mistyped verb" node stnadby node1
err 2 "a mistyped verb of two words" defaults resource sett a=1
err 2 "a mistyped option" resource cleanup www --nod node1
err 2 "a mistyped global option" --outptu json status
err 2 "an unknown option: exit 2, hacd never asked" status --bogus
err 3 "status --check: a bad line is UNKNOWN for monitoring" status --check --bogus
err 2 "a value outside the option's choices" node attribute n1 rack --lifetime always
err 2 "a flag given a value" resource delete www --force=yes
err 2 "an option without its value" resource cleanup www --node
err 2 "--wait on a verb that does not wait" node list --wait
err 2 "missing arguments" node standby
err 2 "an extra argument" node list extra
err_json 2 "an unknown command: still one JSON envelope" nosuch

# suggest CODE DESC WANT HACTL-ARGS...: exit CODE, and stderr ends with
# "did you mean 'WANT'?" (for names that differ from host to host)
suggest() {
    want=$1; desc=$2; hint=$3; shift 3
    "$HACTL" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ] && tail -n 1 "$tmp/err" |
            grep -qxF "hactl: did you mean '$hint'?"; then
        pass "$desc: exit $want, did you mean '$hint'"
    else
        echo "exit $got, want $want" | cat - "$tmp/out" "$tmp/err" > "$tmp/both"
        fail "$desc" "$tmp/both"
    fi
}

cli_start_hacd
change "--wait before the verb" node --wait=10 standby "$host"
change "--output json and --wait after the arguments" node unstandby "$host" --output json --wait=10
golden grammar-json-after-args.json "--output json after the positional arguments" \
    node utilization "$host" --output json
change "options before the positional arguments" \
    resource create --disabled --meta priority=1 vip ocf:heartbeat:Dummy
golden grammar-show-vip "the options took effect" resource show vip
suggest 4 "a mistyped node" "$host" node standby "${host}x"
err 4 "a mistyped primitive: did you mean it" resource debug vipp monitor
err 4 "a mistyped resource: did you mean it" resource show vpi
suggest 4 "a mistyped node in a ban" "$host" resource ban vip "${host}x"
err 3 "a mistyped property: did you mean it" property set no-quorum-polcy=stop
compare grammar-changes "what the changes printed (transcript)" "$tmp/changes"
compare grammar-errors "error messages and exit codes (transcript)" "$tmp/errors"
cli_end
