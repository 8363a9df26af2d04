#!/bin/sh
# TAP test: golden files of hactl's output and exit codes against a real
# hacd process on a one-node simulated cluster (hacd --fake, no executor:
# resources are configured but never start).
#
# Every command's stdout is normalised (the fake node's host name becomes
# NODE; epochs, schema versions, digests and ring ids are masked; JSON is
# parsed and printed again with those keys masked) and compared with
# cts/cli/NAME.exp.  Error paths are checked for their exit code
# (tools/hactl/hactl.h) and collected, with their messages, in
# cts/cli/errors.exp.
#
# After a deliberate change of hactl's output, rewrite the golden files with
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_cli.sh
# and review the diff.
HA_IPC_NAME=ha-cli-golden-$$
. "$(dirname "$0")/cli_lib.sh"

err 5 "status without hacd" status

cli_start_hacd
ok "hacd answers; the fake node is named after the host" test -n "$host"

# ---- an empty cluster ----
golden empty-config "config show: an empty configuration" config show
golden empty-status "status: no resources" status
golden empty-status.json "status --output json: no resources" --output json status
golden empty-list "resource list: nothing" resource list
golden empty-list.json "resource list --output json: []" --output json resource list
golden empty-constraints.json "constraint list --output json: []" --output json constraint list
golden stonith-history "stonith history: no fencing" stonith history
golden stonith-history.json "stonith history --output json: []" --output json stonith history
golden stonith-history-node "stonith history NODE: no fencing" stonith history "$host"

# ---- resource create (text and JSON mode print nothing) ----
change "create a primitive in a new group" resource create vip ocf:heartbeat:IPaddr2 \
    ip=192.168.1.100 cidr_netmask=24 --group web
change "create a second group member with --op" resource create www ocf:heartbeat:apache \
    configfile=/etc/apache2/apache2.conf --group web \
    --op monitor:interval=30s,timeout=40s --op start:timeout=60s
change "create a primitive with --meta (--output json)" --output json resource create db \
    ocf:heartbeat:Dummy --meta resource-stickiness=100 --meta migration-threshold=3
change "create a clone with clone meta (--output json)" --output json resource create ping \
    ocf:pacemaker:ping host_list=10.0.0.1 --clone --meta clone-max=2
change "create a promotable clone" resource create state ocf:pacemaker:Stateful --promotable
change "create a disabled primitive" resource create off ocf:heartbeat:Dummy --disabled
change "create a disabled clone (--output json)" --output json resource create offc \
    ocf:heartbeat:Dummy --clone --disabled
change "create an lsb resource (no provider)" resource create cron lsb:cron
golden created-config "config show after resource create" config show
ok "config export FILE equals config show" sh -c \
    "'$HACTL' config export '$tmp/exp.xml' && '$HACTL' config show | cmp -s - '$tmp/exp.xml'"

golden list "resource list" resource list
golden list.json "resource list --output json" --output json resource list
golden show-www "resource show (group member)" resource show www
golden show-www.json "resource show --output json (group member)" --output json resource show www
golden show-web "resource show (group)" resource show web
golden show-state-clone.json "resource show --output json (promotable clone)" \
    --output json resource show state-clone
golden status "status with resources" status
golden status.json "status --output json with resources" --output json status

# ---- constraints ----
change "location add" constraint location add db-prefers db "$host" 50
change "location add -INFINITY (--output json)" --output json constraint location add \
    db-avoids db elsewhere -INFINITY
change "colocation add" constraint colocation add web-with-db web db INFINITY
change "order add" constraint order add db-then-web db web
change "order add with actions, --kind, --no-symmetrical" constraint order add \
    ping-then-state ping-clone:start state-clone:promote --kind Optional --no-symmetrical
golden constraints "constraint list" constraint list
golden constraints.json "constraint list --output json" --output json constraint list

# ---- move, ban, clear ----
change "resource move --pin" resource move db "$host" --pin
change "resource move --pin again replaces cli-prefer-" resource move --pin db "$host"
change "resource ban" resource ban db "$host"
change "resource ban of a group" resource ban web "$host"
golden moved "constraint list: cli-prefer- and cli-ban- appear" constraint list
golden moved.json "constraint list --output json: cli-prefer- and cli-ban-" \
    --output json constraint list
change "resource clear" resource clear db
golden cleared "constraint list: clear removed db's cli- constraints only" constraint list
change "resource clear of the group" resource clear web
golden constraints "constraint list: back to what was added" constraint list

# ---- update, enable, disable ----
change "resource update: parameters and meta" resource update www \
    configfile=/etc/apache2/other.conf statusurl=http://127.0.0.1/status --meta resource-stickiness=5
golden updated-www "resource show after update" resource show www
change "resource update NAME= removes a parameter" resource update www statusurl=
golden updated2-www "resource show after removing a parameter" resource show www
change "resource disable" resource disable db
golden disabled-db "resource show after disable" resource show db
golden disabled-db.json "resource show --output json after disable (target_role)" \
    --output json resource show db
golden disabled-status "status shows (disabled)" status
change "resource enable" resource enable db
golden enabled-db "resource show after enable" resource show db
change "resource disable of a group (meta on the group)" resource disable web
change "resource enable of a group" resource enable web

# ---- stonith ----
change "stonith create" stonith create fence-ipmi fence_ipmilan ip=10.0.0.9 \
    username=admin password=secret "pcmk_host_list=$host"
change "stonith create stonith:AGENT --disabled" stonith create fence-off \
    stonith:fence_dummy --disabled
golden stonith-list "stonith list: fence devices only" stonith list
golden stonith-list.json "stonith list --output json" --output json stonith list
golden stonith-history "stonith history: still no fencing" stonith history
golden stonith-history.json "stonith history --output json: still []" --output json stonith history

# ---- nodes ----
change "node standby" node standby "$host"
change "node maintenance" node maintenance "$host"
golden node-flags "the <nodes> section has standby and maintenance" config show
change "node unstandby" node unstandby "$host"
change "node unmaintenance" node unmaintenance "$host"
golden node-unflags "unstandby and unmaintenance set them off" config show
golden full-status "status with everything" status
golden full-status.json "status --output json with everything" --output json status

# ---- errors: exit codes, messages, and nothing changes ----
before=$(digest)
"$HACTL" config show > "$tmp/before.xml"
err 4 "delete of an unknown resource" resource delete nosuch
err 4 "update of an unknown resource" resource update nosuch a=b
err 4 "enable of an unknown resource" resource enable nosuch
err 4 "disable of an unknown resource" resource disable nosuch
err 4 "move of an unknown resource" resource move nosuch "$host"
err 4 "ban of an unknown resource" resource ban nosuch "$host"
err 4 "clear of an unknown resource" resource clear nosuch
err 4 "show of an unknown resource" resource show nosuch
err_json 4 "show --output json of an unknown resource" resource show nosuch
err 4 "show of a constraint id is not a resource" resource show db-prefers
err 4 "location for an unknown resource" constraint location add x1 nosuch "$host" 10
err 4 "colocation with an unknown resource" constraint colocation add x1 db nosuch 10
err 4 "order after an unknown resource" constraint order add x1 nosuch db
err 4 "delete of an unknown constraint" constraint delete nosuch
err 4 "constraint delete of a resource id" constraint delete db
err 4 "standby of an unknown node" node standby nosuch
err 4 "ban from an unknown node" resource ban db nosuch
err 11 "create with an existing resource id" resource create db ocf:heartbeat:Dummy
err 11 "create with a group's id" resource create web ocf:heartbeat:Dummy
err 11 "create with a constraint's id" resource create db-prefers ocf:heartbeat:Dummy
err 11 "constraint with an existing id" constraint location add db-prefers db "$host" 10
err 11 "constraint with a resource's id" constraint colocation add www www db 10
err 3 "--group naming a primitive" resource create x1 ocf:heartbeat:Dummy --group db
err 11 "stonith create with an existing id" stonith create fence-ipmi fence_ipmilan
err 3 "invalid resource id (digit first)" resource create 1bad ocf:heartbeat:Dummy
err 3 "invalid resource id (space)" resource create "a b" ocf:heartbeat:Dummy
err 3 "invalid group id" resource create x1 ocf:heartbeat:Dummy --group 9g
err 3 "invalid constraint id" constraint location add 9x db "$host" 10
err 3 "invalid stonith id" stonith create "f:1" fence_ipmilan
err 3 "bad score (word)" constraint location add s1 db "$host" abc
err 3 "bad score (fraction)" constraint colocation add s1 db web 1.5
err 3 "bad score (empty)" constraint location add s1 db "$host" ""
err 3 "bad order kind" constraint order add o1 db web --kind Bogus
err 3 "bad agent (no type)" resource create x1 ocf:heartbeat
err 3 "bad agent (empty provider)" resource create x1 ocf::Dummy
err 3 "bad agent (bare type)" resource create x1 Dummy
err 3 "stonith create with an ocf agent" stonith create f1 ocf:heartbeat:Dummy
err 10 "unsupported agent class" resource create x1 nosuchclass:x:y
err 3 "bad NAME=VALUE" resource create x1 ocf:heartbeat:Dummy =x
err 3 "bad --meta" resource create x1 ocf:heartbeat:Dummy --meta =x
err 3 "bad --op name" resource create x1 ocf:heartbeat:Dummy --op "bad op"
err 3 "bad --op interval" resource create x1 ocf:heartbeat:Dummy --op monitor:interval=xyz
err 3 "an --op hacd's schema refuses" resource create x1 ocf:heartbeat:Dummy \
    --op monitor:interval=10s,role=Bogus
err 3 "an order action hacd's schema refuses" constraint order add o1 db:bogus web
err 3 "update with a bad parameter name" resource update www 1bad=x
err 3 "parameters of a group" resource update web foo=bar
err 2 "hactl without a command" 
err 2 "unknown command" bogus
err 2 "unknown global option" --bogus status
err 2 "unknown output format" --output xml status
err 2 "status with an extra argument" status extra
err 2 "resource without a verb" resource
err 2 "unknown resource verb" resource bogus
err 2 "create without an agent" resource create onlyid
err 2 "create with an unknown option" resource create x1 ocf:heartbeat:Dummy --bogus
err 2 "create with a bad --wait" resource create x1 ocf:heartbeat:Dummy --wait=abc
err 2 "--group with --clone" resource create x1 ocf:heartbeat:Dummy --clone --group g
err 2 "move with an extra argument" resource move db "$host" extra
err 2 "delete with two ids" resource delete db www
err 2 "list with an argument" resource list extra
err 2 "constraint without a verb" constraint
err 2 "location add with a missing score" constraint location add x1 db "$host"
err 2 "unknown constraint type" constraint bogus add x1
err 2 "stonith without a verb" stonith
err 2 "unknown stonith verb" stonith bogus
err 2 "node without a verb" node
err 2 "standby without a node" node standby
err 2 "config without a verb" config
err 2 "config show with an argument" config show extra
ok "the failed edits changed nothing (same digest)" test "$(digest)" = "$before"
ok "the failed edits changed nothing (same configuration)" sh -c \
    "'$HACTL' config show | cmp -s - '$tmp/before.xml'"

ERR_ENV=HA_IPC_NAME=ha-cli-nowhere-$$
err 5 "no daemon: status" status
err 5 "no daemon: resource list" resource list
err 5 "no daemon: resource create" resource create x1 ocf:heartbeat:Dummy
err 5 "no daemon: constraint list" constraint list
err 5 "no daemon: config show" config show
ERR_ENV=
sed -i "s/ha-cli-nowhere-$$/ha-cli-nowhere/" "$tmp/errors"
compare errors "error messages and exit codes (transcript)" "$tmp/errors"

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null \
   && setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$HACTL" 2>/dev/null; then
    asnobody="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    for args in "status" "resource list" "config show" \
                "resource create x1 ocf:heartbeat:Dummy" "resource delete db"; do
        # shellcheck disable=SC2086
        $asnobody "$HACTL" $args >"$tmp/out" 2>"$tmp/err"
        got=$?
        if [ "$got" -eq 7 ] && grep -q "permission denied" "$tmp/err"; then
            pass "user nobody: $args: exit 7"
        else
            echo "exit $got" | cat - "$tmp/out" "$tmp/err" > "$tmp/both"
            fail "user nobody: $args: exit 7" "$tmp/both"
        fi
    done
    ok "refused writes changed nothing" test "$(digest)" = "$before"
else
    for i in 1 2 3 4 5 6; do
        n=$((n + 1)); echo "ok $n # SKIP needs root, setpriv and a build directory user nobody can read"
    done
fi

# ---- delete ----
change "resource delete of a constrained primitive" resource delete db
golden deleted-db "constraints naming db went with it" constraint list
change "resource delete of a group member" resource delete vip
change "resource delete of the last group member" resource delete www
change "resource delete of a clone's primitive" resource delete state
change "stonith delete" stonith delete fence-off
golden deleted-config "emptied group and clone are gone, constraints too" config show
golden deleted-list.json "resource list --output json after deletes" --output json resource list

compare changes "what the changes printed (transcript)" "$tmp/changes"

kill "$pid"; wait "$pid" 2>/dev/null; pid=
"$HACTL" status >/dev/null 2>&1
code=$?
if [ "$code" -eq 5 ]; then pass "status after hacd stopped: exit 5"; else
    echo "exit $code" > "$tmp/both"; fail "status after hacd stopped: exit 5" "$tmp/both"; fi
echo "1..$n"
[ "$fails" -eq 0 ]
