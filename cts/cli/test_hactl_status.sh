#!/bin/sh
# TAP test: `hactl status --check` (monitoring-plugin line and exit codes),
# `hactl status --watch` (a frame per change, long-poll on hacd's status
# generation, no polling), the "Temporary constraints" that move and ban
# leave, and `resource move` without an executor (temporary: it cannot
# arrive, so the constraint goes again and the exit code is 9), against
# hacd --fake.  Outputs are normalised like test_hactl_cli.sh and compared
# with cts/cli/status-*.exp; rewrite them with
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_status.sh
HA_IPC_NAME=ha-cli-status-$$
. "$(dirname "$0")/cli_lib.sh"

# times that change from run to run: separators, --lifetime ends
untime() {
    sed -e 's/^---- [0-9-]* [0-9:]* ----$/---- TIME ----/' \
        -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g'
}
# state CODE NAME DESC HACTL-ARGS...: exit CODE, stdout normalised (as JSON
# when NAME ends in .json) equals $EXP/NAME.exp
state() {
    want=$1; name=$2; desc=$3; shift 3
    mode=text
    case "$name" in *.json) mode=json;; esac
    "$HACTL" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "exit $got, want $want" | cat - "$tmp/out" "$tmp/err" >"$tmp/both"
        fail "$desc: exit $want" "$tmp/both"
    elif ! python3 "$tmp/norm.py" $mode "$host" <"$tmp/out" | untime \
           >"$tmp/norm" 2>"$tmp/err"; then
        cat "$tmp/out" "$tmp/err" >"$tmp/both"; fail "$desc (output does not parse)" "$tmp/both"
    else
        compare "$name" "$desc: exit $want" "$tmp/norm"
    fi
}
# requests: how many STATUS_WAIT requests hacd has logged so far
requests() {
    grep -c 'A client waits for a status change' "$tmp/hacd.log"
}
# frames FILE: how many frames a --watch printed to FILE (0 while the
# background --watch has not opened it yet)
frames() {
    cat "$1" 2>/dev/null | grep -c '^---- '
}
# until_frames FILE N: wait (at most 5 s) until FILE has N frames
until_frames() {
    i=0
    while [ "$(frames "$1")" -lt "$2" ] && [ $i -lt 50 ]; do
        sleep 0.1; i=$((i + 1))
    done
}

state 3 status-check-unknown "status --check without hacd: UNKNOWN" status --check
state 3 status-check-unknown.json "status --check --output json without hacd" \
    --output json status --check

# cli_start_hacd with a short startup grace (a node never seen is unclean
# after it)
"$HACD" --fake --startup-grace-ms 1000 --state-dir "$tmp/state" \
    --log-file "$tmp/hacd.log" >"$tmp/hacd.out" 2>&1 &
pid=$!
i=0
until "$HACTL" status >/dev/null 2>&1 || [ $i -ge 200 ]; do
    sleep 0.1; i=$((i + 1))
done
host=$("$HACTL" --output json status | python3 -c \
       'import json,sys; print(json.load(sys.stdin)["result"]["local_node"])')
ok "hacd answers" test -n "$host"

# ---- --check ----
state 0 status-check-empty "status --check, nothing configured: OK" status --check
state 0 status-check-empty.json "status --check --output json: OK" \
    --output json status --check
change "a primitive" resource create db ocf:heartbeat:Dummy
change "a group" resource create vip ocf:heartbeat:IPaddr2 ip=192.0.2.1 --group web
state 0 status-check-rscs "status --check with resources: OK, counted" status --check

change "move --pin leaves cli-prefer-db" resource move db "$host" --pin
change "ban leaves cli-ban-web-on-NODE" resource ban web "$host"
golden status-temporary "status lists the temporary constraints" status
golden status-temporary.json "status --output json: constraints_temporary" \
    --output json status
state 1 status-check-temporary "status --check: WARN for each one left" status --check
state 1 status-check-temporary.json "status --check --output json: WARN" \
    --output json status --check
change "clear db" resource clear db
change "clear web" resource clear web
state 0 status-check-rscs "status --check: OK again after clear" status --check

change "move --pin --lifetime" resource move db "$host" --pin --lifetime PT1H
state 0 status-lifetime "status: the constraint shows its end" status
ok "the constraint is a rule that ends about an hour from now" sh -c \
    "'$HACTL' config show | python3 -c \"
import sys, time, calendar, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
loc = root.find('.//rsc_location[@id=\\\"cli-prefer-db\\\"]')
rule = loc.find('rule')
assert loc.get('rsc') == 'db' and rule.get('score') == 'INFINITY', ET.tostring(loc)
e = rule.find('expression')
assert (e.get('attribute'), e.get('operation'), e.get('value')) == ('#uname', 'eq', '$host')
d = rule.find('date_expression')
assert d.get('operation') == 'lt'
end = calendar.timegm(time.strptime(d.get('end'), '%Y-%m-%dT%H:%M:%SZ'))
assert abs(end - time.time() - 3600) < 120, d.get('end')
\""
change "clear the --lifetime move" resource clear db

# ---- --promoted: the Promoted role of a promotable clone ----
change "a resource to clone" resource create st ocf:pacemaker:Stateful
change "a promotable clone" clone create st --promotable
change "move --promoted --pin" resource move st-clone "$host" --promoted --pin
change "ban --promoted" resource ban st-clone "$host" --promoted
ok "both constraints are on the Promoted role" sh -c \
    "'$HACTL' config show | python3 -c \"
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
p = root.find('.//rsc_location[@id=\\\"cli-prefer-st-clone\\\"]')
b = root.find('.//rsc_location[@id=\\\"cli-ban-st-clone-on-$host\\\"]')
assert (p.get('rsc'), p.get('node'), p.get('score'), p.get('role')) == ('st-clone', '$host', 'INFINITY', 'Promoted'), ET.tostring(p)
assert (b.get('rsc'), b.get('node'), b.get('score'), b.get('role')) == ('st-clone', '$host', '-INFINITY', 'Promoted'), ET.tostring(b)
\""
change "clear st-clone" resource clear st-clone
err 9 "temporary move --promoted that cannot arrive (no executor)" \
    resource move st-clone "$host" --promoted --wait=1
err 1 "move --promoted without a node: promoted nowhere" \
    resource move st-clone --promoted
err 3 "move --promoted of a primitive" resource move db "$host" --promoted
change "a clone that is not promotable" resource create pl ocf:pacemaker:Dummy \
    --clone
err 3 "move --promoted --pin of a clone that is not promotable" \
    resource move pl-clone "$host" --promoted --pin
err 3 "ban --promoted of a primitive" resource ban db "$host" --promoted
err 2 "--promoted is for move and ban only" resource clear db --promoted
ok "the refused --promoted moves and bans left no constraint" sh -c \
    "! '$HACTL' constraint list | grep -q cli-"
change "unclone st" clone delete st-clone
change "delete st" resource delete st
change "unclone pl" clone delete pl-clone
change "delete pl" resource delete pl

change "node standby" node standby "$host"
change "node maintenance" node maintenance "$host"
state 1 status-check-node-flags "status --check: WARN for standby and maintenance" \
    status --check
change "node unstandby" node unstandby "$host"
change "node unmaintenance" node unmaintenance "$host"

change "a clone (no executor: its instance stays stopped)" resource create \
    ping ocf:pacemaker:ping host_list=192.0.2.9 --clone
state 1 status-check-degraded "status --check: WARN for a degraded clone" status --check
change "disable the clone" resource disable ping-clone
state 0 status-check-disabled "status --check: a disabled clone is not degraded" \
    status --check

# a configured node that never joins: offline, and unclean once the
# startup grace (1 s here) is over
"$HACTL" config show | python3 -c "
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
ET.SubElement(root.find('configuration/nodes'), 'node', id='2', uname='ghost')
sys.stdout.write(ET.tostring(root, encoding='unicode'))
" >"$tmp/ghost.xml"
ok "config import with a node that never joins" "$HACTL" config import "$tmp/ghost.xml"
i=0
until "$HACTL" --output json status | grep -q '"unclean" : true' || [ $i -ge 200 ]; do
    sleep 0.1; i=$((i + 1))
done
golden status-ghost "status lists the configured node as offline" status
state 2 status-check-ghost "status --check: CRIT for a node not online" status --check
state 2 status-check-ghost.json "status --check --output json: CRIT" \
    --output json status --check
"$HACTL" config show | python3 -c "
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
nodes = root.find('configuration/nodes')
nodes.remove(nodes.find('node[@uname=\"ghost\"]'))
sys.stdout.write(ET.tostring(root, encoding='unicode'))
" >"$tmp/noghost.xml"
ok "config import without it" "$HACTL" config import "$tmp/noghost.xml"

# ---- --wait is a long-poll too ----
before=$(requests)
err 9 "status --wait=1 while unsettled (no executor)" status --wait=1
after=$(requests)
ok "--wait=1 sent at most 2 requests, not one each 100 ms ($before -> $after)" \
    test $((after - before)) -le 2

# ---- --watch ----
"$HACTL" status --watch >"$tmp/watch" 2>"$tmp/watch.err" &
wpid=$!
until_frames "$tmp/watch" 1
ok "--watch printed the first frame" test "$(frames "$tmp/watch")" -eq 1
sleep 0.5       # its next request, held by hacd, is on record now
r0=$(requests)
sleep 2
ok "nothing changed for 2 s: no new frame" test "$(frames "$tmp/watch")" -eq 1
ok "nothing changed for 2 s: no new request ($r0 -> $(requests))" \
    test "$(requests)" -eq "$r0"
# latency: from the end of each change to its frame
"$HACTL" resource create w1 ocf:heartbeat:Dummy >/dev/null 2>&1
t0=$(date +%s%N)
until_frames "$tmp/watch" 2
t1=$(date +%s%N)
"$HACTL" node standby "$host" >/dev/null 2>&1
t2=$(date +%s%N)
until_frames "$tmp/watch" 3
t3=$(date +%s%N)
ok "two changes gave two more frames" test "$(frames "$tmp/watch")" -eq 3
ms=$(( (t1 - t0 + t3 - t2) / 1000000 ))
ok "and promptly (both within 2 s of the change, took $ms ms)" test "$ms" -lt 2000
ok "one request per frame and the one held now ($r0 -> $(requests))" \
    test "$(requests)" -eq $((r0 + 2))
kill -INT "$wpid"
wait "$wpid"
ok "Ctrl-C ends --watch with exit 0" test $? -eq 0
untime <"$tmp/watch" | python3 "$tmp/norm.py" text "$host" >"$tmp/watch.norm"
compare status-watch "--watch on a pipe: frames after a separator with the time" \
    "$tmp/watch.norm"
ok "--watch said nothing on stderr" test ! -s "$tmp/watch.err"

"$HACTL" --output json status --watch >"$tmp/ndjson" 2>&1 &
wpid=$!
i=0
until [ -s "$tmp/ndjson" ] || [ $i -ge 200 ]; do sleep 0.1; i=$((i + 1)); done
"$HACTL" node unstandby "$host" >/dev/null 2>&1
i=0
until [ "$(wc -l <"$tmp/ndjson")" -ge 2 ] || [ $i -ge 200 ]; do
    sleep 0.1; i=$((i + 1))
done
kill -INT "$wpid"
wait "$wpid"
ok "--output json --watch ends with exit 0 too" test $? -eq 0
ok "--output json --watch: one JSON object per line, the change in the second" \
    python3 -c "
import json, sys
lines = open('$tmp/ndjson').read().splitlines()
assert len(lines) == 2, lines
a, b = [json.loads(l)['result'] for l in lines]
assert a['nodes'][0]['standby'] is True, a['nodes']
assert b['nodes'][0]['standby'] is False, b['nodes']
assert a['config_version'] != b['config_version']
"

# ---- resource move without an executor: it never gets there ----
err 9 "temporary move that cannot arrive" resource move w1 "$host" --wait=1
ok "the failed move removed its cli-prefer-w1" sh -c \
    "! '$HACTL' constraint list | grep -q cli-prefer-w1"
err 1 "move without a node of a resource that runs nowhere" resource move w1
err 2 "move --lifetime without --pin" resource move w1 "$host" --lifetime 1h
err 3 "move with a bad --lifetime" resource move w1 "$host" --pin --lifetime soon
err 4 "move to an unknown node" resource move w1 nosuch
err 4 "move --pin of an unknown resource" resource move nosuch "$host" --pin
err 2 "move without a resource" resource move
err 2 "move with a bad --wait" resource move w1 "$host" --wait=x
err 3 "status --check with a bad argument: UNKNOWN" status --check --bogus
err 3 "status --check --watch: UNKNOWN" status --check --watch
err 2 "status --watch with a bad argument" status --watch --bogus
ok "the refused moves left no constraint" sh -c \
    "! '$HACTL' constraint list | grep -q cli-"

golden status-help "status --help" status --help
golden status-move-help "resource move --help" resource move --help

kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
pid=
state 3 status-check-unknown "status --check after hacd stopped: UNKNOWN" status --check
err 5 "status --watch without hacd" status --watch
compare status-errors "error messages and exit codes (transcript)" "$tmp/errors"
untime <"$tmp/changes" >"$tmp/changes.norm"
compare status-changes "what the changes printed (transcript)" "$tmp/changes.norm"
cli_end
