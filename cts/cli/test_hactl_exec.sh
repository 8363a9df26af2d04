#!/bin/sh
# TAP test: hactl's resource commands against a real hacd on the fake
# one-node cluster WITH a real ha-execd running the test agents, so that
# resources start, fail, stop and move: status (text and JSON) with
# groups, clones and fence devices, --wait, disable/enable, restart,
# standby, failed actions and cleanup, fencing history, resource debug,
# and the error exit codes.
#
# Outputs are normalised (host name -> NODE, times, versions, digests,
# durations, the temporary directory) and compared with cts/cli/exec-*.exp.
# Needs root (ha-execd serves root and hacd's user only).
# After a deliberate change of hactl's output:
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_exec.sh
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
HACTL=$top_builddir/tools/hactl/hactl
HACD=$top_builddir/daemons/hacd/hacd
EXECD=$top_builddir/daemons/execd/ha-execd
EXP=$top_srcdir/cts/cli
HA_SCHEMA_DIR=${HA_SCHEMA_DIR:-$top_srcdir/xml}
HA_IPC_NAME=ha-cli-exec-$$
HA_EXECD_NAME=ha-cli-execd-$$
HA_HACTL_TIMEOUT_MS=10000
LC_ALL=C
TZ=UTC
export HA_SCHEMA_DIR HA_IPC_NAME HA_EXECD_NAME HA_HACTL_TIMEOUT_MS LC_ALL TZ

if [ "$(id -u)" != 0 ]; then
    echo "1..0 # SKIP needs root (ha-execd serves root only)"
    exit 0
fi

tmp=$(mktemp -d /tmp/hactl-exec-XXXXXX)
chmod 755 "$tmp"
n=0
fails=0
hacd_pid=
execd_pid=
cleanup() {
    [ -n "$hacd_pid" ] && kill "$hacd_pid" 2>/dev/null && wait "$hacd_pid" 2>/dev/null
    [ -n "$execd_pid" ] && kill "$execd_pid" 2>/dev/null && wait "$execd_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
host=$(hostname)

# Stable text: no host name, times, versions, digests, durations or paths.
norm() {
    sed -e "s|$tmp|TMP|g" \
        -e "s/\\b$host\\b   */NODE  /g" -e "s/\\b$host\\b/NODE/g" \
        -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/TIME/g' \
        -e 's/configuration [0-9]*\.[0-9]*\.[0-9]*/configuration VERSION/' \
        -e 's/version [0-9]*\.[0-9]*\.[0-9]*, digest [0-9a-f]*/version VERSION, digest DIGEST/' \
        -e 's/(ring [0-9]*)/(ring N)/' \
        -e 's/, [0-9]* ms$/, N ms/' \
        -e 's/"\(config_version\|config_digest\)" : "[^"]*"/"\1" : "X"/' \
        -e 's/"\(completed\|last_rc_change\|duration_ms\)" : [0-9]*/"\1" : 0/' \
        -e 's/^  NODE: \(fail-count\|last-failure\)-\(.*\)=[0-9]*$/  NODE: \1-\2=N/'
}

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"
    [ -n "$2" ] && sed 's/^/# /' "$2"
    return 0
}
# run EXPECTED_EXIT DESCRIPTION COMMAND...: checks the exit code
run() {
    want=$1; desc=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then
        pass "$desc (exit $want)"
    else
        cat "$tmp/err" >>"$tmp/out"
        fail "$desc (exit $got, want $want)" "$tmp/out"
    fi
}
# golden NAME: the last command's normalised stdout equals exec-NAME.exp
golden() {
    norm <"$tmp/out" >"$tmp/$1.got"
    if [ -n "$HA_CLI_REGEN" ]; then
        cp "$tmp/$1.got" "$EXP/exec-$1.exp"
    fi
    if diff -u "$EXP/exec-$1.exp" "$tmp/$1.got" >"$tmp/diff" 2>&1; then
        pass "output is exec-$1.exp"
    else
        fail "output is exec-$1.exp" "$tmp/diff"
    fi
}
# check DESCRIPTION SHELL-TEST
check() {
    if sh -c "$2" >"$tmp/chk" 2>&1; then pass "$1"; else fail "$1" "$tmp/chk"; fi
}

# ---- a one-node cluster with a real executor ----
mkdir -p "$tmp/ocf/resource.d" "$tmp/fence" "$tmp/rsctmp"
ln -s "$top_srcdir/agents/ocf" "$tmp/ocf/resource.d/ha"
cat >"$tmp/fence/fence_cli_test" <<'EOF'
#!/bin/sh
# fence agent of the CLI tests: every action succeeds
action=reboot
while read -r line; do
    case "$line" in action=*) action=${line#action=} ;; esac
done
if [ "$action" = metadata ]; then
    cat <<'END'
<?xml version="1.0"?>
<resource-agent name="fence_cli_test" shortdesc="test fence agent">
<parameters><parameter name="port"><content type="string"/></parameter></parameters>
<actions><action name="reboot"/><action name="off"/><action name="on"/>
<action name="monitor"/><action name="metadata"/></actions>
</resource-agent>
END
fi
exit 0
EOF
chmod 755 "$tmp/fence/fence_cli_test"

run 5 "status without hacd" "$HACTL" status
"$EXECD" --name "$HA_EXECD_NAME" --hacd-name "$HA_IPC_NAME" \
    --ocf-root "$tmp/ocf" --rsctmp "$tmp/rsctmp" \
    --fence-dir "$tmp/fence" --node "$host" --log-file "$tmp/execd.log" \
    >"$tmp/execd.out" 2>&1 &
execd_pid=$!
# a short startup grace: its timer does not reschedule in the middle of
# the test (the --lifetime step must see the recheck of its own end)
"$HACD" --fake --keep-root --startup-grace-ms 1000 --state-dir "$tmp/state" \
    --log-file "$tmp/hacd.log" \
    >"$tmp/hacd.out" 2>&1 &
hacd_pid=$!
i=0
until "$HACTL" status >/dev/null 2>&1 || [ $i -ge 100 ]; do
    sleep 0.1; i=$((i + 1))
done

run 0 "property set" "$HACTL" property set stonith-enabled false --force
run 0 "stonith create" "$HACTL" stonith create fence1 fence_cli_test \
    pcmk_host_list="$host"
run 0 "resource create in a new group" "$HACTL" resource create vip \
    ocf:ha:stateless --group web
run 0 "resource create appended to the group, with an op" "$HACTL" resource \
    create www ocf:ha:stateless start_log=true --group web \
    --op monitor:interval=5s,timeout=15s
run 0 "resource create --clone --wait" "$HACTL" resource create ping \
    ocf:ha:stateless --clone --wait=30
run 0 "status --wait" "$HACTL" status --wait=30
golden status-started
run 0 "status --output json" "$HACTL" --output json status
golden status-started.json
check "JSON: every resource Started, the group's members on this node" \
    "python3 -c \"
import json
d = json.load(open('$tmp/out'))['result']
assert d['settled'] is True and d['failed_actions'] == [] and d['fencing'] == []
rs = {r['id']: r for r in d['resources']}
assert set(rs) == {'fence1', 'web', 'ping-clone'}, rs
m = {x['id']: x for x in rs['web']['members']}
assert m['vip']['node'] == m['www']['node'] == '$host'
assert all(x['role'] == 'Started' for x in m.values())
assert rs['ping-clone']['instances'][0]['nodes'] == ['$host']
assert rs['fence1']['agent'] == 'stonith:fence_cli_test'
\""
run 0 "resource list" "$HACTL" resource list
golden list
run 0 "stonith list" "$HACTL" stonith list
golden stonith-list
run 0 "resource show" "$HACTL" resource show www
golden show-www

# ---- disable, enable, restart ----
run 0 "resource disable --wait" "$HACTL" resource disable www --wait=30
golden disable
run 0 "status after disable" "$HACTL" status
golden status-disabled
run 0 "resource enable --wait" "$HACTL" resource enable www --wait=30
check "www runs again" "'$HACTL' resource list | grep -q '^www .*Started $host'"
starts=$(wc -l <"$tmp/rsctmp/starts-www" 2>/dev/null || echo 0)
run 0 "resource restart" "$HACTL" resource restart www --wait=30
golden restart
check "restart started www once more" \
    "test \$(wc -l <'$tmp/rsctmp/starts-www') -eq \$(($starts + 1))"
# ---- move: temporary by default, --pin keeps the constraint ----
run 0 "resource move (temporary, to where it is)" "$HACTL" resource move web \
    "$host" --wait=30
golden move
check "the temporary move left no cli-prefer-web" \
    "! '$HACTL' constraint list | grep -q cli-prefer-web"
check "web still runs on this node" \
    "'$HACTL' resource list | grep -q '^vip .*Started $host'"
run 9 "resource move away from the only node: nowhere to go" "$HACTL" \
    resource move web --wait=30
cp "$tmp/err" "$tmp/out"
golden move-nowhere-err
check "the failed move left no cli-ban-web-on-NODE" \
    "! '$HACTL' constraint list | grep -q cli-ban-web"
run 0 "status --wait: web back where it was" "$HACTL" status --wait=30
check "web runs again on this node" \
    "'$HACTL' resource list | grep -q '^www .*Started $host'"
run 0 "resource move away --pin --lifetime 4s: nowhere else, it stops" \
    "$HACTL" resource move web --pin --lifetime 4s --wait=30
check "web stopped" "'$HACTL' resource list | grep -q '^www .*Stopped'"
i=0
until "$HACTL" resource list | grep -q "^www .*Started $host" || [ $i -ge 150 ]; do
    sleep 0.1; i=$((i + 1))
done
check "once the lifetime ended web runs again, nothing else needed" \
    "'$HACTL' resource list | grep -q '^www .*Started $host'"
run 0 "resource clear of the ended constraint" "$HACTL" resource clear web \
    --wait=30
run 0 "resource move --pin --wait" "$HACTL" resource move web "$host" --pin \
    --wait=30
golden move-pin
check "--pin kept cli-prefer-web" \
    "'$HACTL' constraint list | grep -q cli-prefer-web"
run 0 "status lists the temporary constraint" "$HACTL" status
golden status-pinned
run 1 "status --check: WARN for the constraint left" "$HACTL" status --check
golden check-pinned
run 0 "resource clear --wait" "$HACTL" resource clear web --wait=30
golden clear
# a clone runs on this node: the move says so (it said "Stopped")
run 0 "resource move of a clone to where it runs" "$HACTL" resource move \
    ping-clone "$host" --wait=30
golden move-clone
# ---- move --promoted: the Promoted role of a promotable clone ----
run 0 "a promotable clone, its Promoted role preferred here" "$HACTL" \
    resource create st ocf:ha:promotable attr_cmd=true --wait=30
run 0 "clone create --promotable" "$HACTL" clone create st --promotable \
    --wait=30
run 0 "a Promoted role preference" "$HACTL" constraint location add \
    st-clone --rule "#uname eq $host" --score 10 --role Promoted --wait=30
run 0 "resource move --promoted (temporary, to where it is promoted)" \
    "$HACTL" resource move st-clone "$host" --promoted --wait=30
golden move-promoted
check "the temporary move left no cli-prefer-st-clone" \
    "! '$HACTL' constraint list | grep -q cli-prefer-st-clone"
run 3 "resource move --promoted of a primitive" "$HACTL" resource move www \
    "$host" --promoted
run 0 "unclone st (and its constraint)" "$HACTL" clone delete st-clone \
    --force --wait=30
run 0 "st goes" "$HACTL" resource delete st --wait=30
run 0 "and its history" "$HACTL" resource refresh st --wait=30
run 0 "status --check: OK" "$HACTL" status --check
golden check-ok

# ---- resource debug, through ha-execd ----
run 0 "resource debug monitor: rc 0 expected" "$HACTL" resource debug www monitor
golden debug-monitor
run 1 "resource debug --expect-stopped of a running resource" "$HACTL" \
    resource debug www monitor --expect-stopped
run 0 "resource debug --output json" "$HACTL" --output json resource debug \
    vip monitor --interval 10s
golden debug-monitor.json
run 4 "resource debug of an unknown resource" "$HACTL" resource debug nosuch start
run 4 "resource debug of a group" "$HACTL" resource debug web start
run 2 "resource debug without an action" "$HACTL" resource debug www
run 5 "resource debug without ha-execd" env HA_EXECD_NAME=no-such-execd-$$ \
    "$HACTL" resource debug www monitor

# ---- a failure, failed actions, cleanup ----
run 0 "a resource with a 1 s monitor" "$HACTL" resource create bad \
    ocf:ha:stateless fail_file="$tmp/fail" --op monitor:interval=1s \
    --meta migration-threshold=1 --wait=30
echo 1 >"$tmp/fail"
i=0
until "$HACTL" --output json status | grep -q '"rsc" : "bad"' || [ $i -ge 100 ]; do
    sleep 0.1; i=$((i + 1))
done
run 0 "status --wait after the failure" "$HACTL" status --wait=30
golden status-failed
run 0 "status --output json after the failure" "$HACTL" --output json status
golden status-failed.json
run 1 "status --check after the failure: WARN" "$HACTL" status --check
golden check-failed
rm -f "$tmp/fail"
run 0 "resource cleanup --wait" "$HACTL" resource cleanup bad --wait=30
golden cleanup
check "after cleanup: no failed action, bad runs" \
    "'$HACTL' --output json status | python3 -c \"
import json, sys
d = json.load(sys.stdin)['result']
assert d['failed_actions'] == [], d['failed_actions']
assert [r['role'] for r in d['resources'] if r['id'] == 'bad'] == ['Started']
\""
run 4 "resource cleanup of an unknown resource" "$HACTL" resource cleanup nosuch
run 0 "resource delete --wait" "$HACTL" resource delete bad --wait=30

# ---- a promotable clone: one instance promoted ----
# (a monitor per role: one without a role would expect rc 0 when promoted)
run 0 "a promotable clone (promoted-max 1)" "$HACTL" resource create db \
    ocf:ha:promotable attr_cmd="$HACTL node attribute" --promotable \
    --op monitor:interval=10s,role=Promoted \
    --op monitor:interval=11s,role=Unpromoted --wait=30
i=0
until "$HACTL" status | grep -q 'Promoted: \[' || [ $i -ge 100 ]; do
    sleep 0.1; i=$((i + 1))
done
run 0 "status --wait: the clone promoted" "$HACTL" status --wait=30
golden status-promoted
run 0 "status --output json: the clone promoted" "$HACTL" --output json status
check "JSON: the promotable clone by role" "python3 -c \"
import json
d = json.load(open('$tmp/out'))['result']
c = [r for r in d['resources'] if r['id'] == 'db-clone'][0]
assert c['promotable'] is True and c['unique'] is False, c
assert c['primitive'] == 'db' and c['role'] == 'Promoted', c
assert c['promoted'] == ['$host'] and c['unpromoted'] == [] == c['started'], c
assert c['stopped'] == [] == c['individual'], c
assert [i['role'] for i in c['instances']] == ['Promoted'], c['instances']
\""
run 0 "resource delete of the promotable clone --wait" "$HACTL" resource \
    delete db-clone --wait=30

# ---- a deleted resource goes, with its failures ----
run 0 "a resource that will fail" "$HACTL" resource create gone \
    ocf:ha:stateless fail_file="$tmp/fail-gone" --op monitor:interval=1s \
    --meta migration-threshold=1 --wait=30
echo 1 >"$tmp/fail-gone"
i=0
until "$HACTL" --output json status | grep -q '"rsc" : "gone"' || [ $i -ge 100 ]; do
    sleep 0.1; i=$((i + 1))
done
run 0 "status --wait after its failure" "$HACTL" status --wait=30
check "its failure is listed" "'$HACTL' status | grep -q '^  \* gone monitor'"
run 0 "resource delete without a cleanup --wait" "$HACTL" resource delete \
    gone --wait=30
run 0 "status after the delete" "$HACTL" status
golden status-deleted
check "JSON: neither the deleted resource nor its failure" \
    "'$HACTL' --output json status | python3 -c \"
import json, sys
d = json.load(sys.stdin)['result']
assert d['failed_actions'] == [], d['failed_actions']
assert 'gone' not in [r['id'] for r in d['resources']], d['resources']
\""
rm -f "$tmp/fail-gone"

# ---- standby ----
run 0 "node standby --wait" "$HACTL" node standby "$host" --wait=30
golden standby
run 0 "status in standby" "$HACTL" status
golden status-standby
run 0 "node unstandby --wait" "$HACTL" node unstandby "$host" --wait=30
check "resources run again after unstandby" \
    "'$HACTL' resource list | grep -q '^vip .*Started $host'"
run 4 "node standby of an unknown node" "$HACTL" node standby no-such-node

# ---- fencing: the only node cannot be fenced by another one ----
run 1 "stonith fence of the only node fails" "$HACTL" stonith fence "$host" \
    --action off
run 0 "stonith history" "$HACTL" stonith history
golden stonith-history
run 0 "stonith history --output json" "$HACTL" --output json stonith history "$host"
golden stonith-history.json
run 0 "status shows the fencing" "$HACTL" status
golden status-fencing
run 4 "stonith fence of an unknown node" "$HACTL" stonith fence no-such-node
run 2 "stonith fence with a bad action" "$HACTL" stonith fence "$host" --action explode

# ---- resource debug of an agent that fails (last: the cluster records it) ----
run 0 "a disabled resource whose monitor says 'not configured'" "$HACTL" \
    resource create dbg ocf:ha:stateless monitor_rc=6 --disabled --wait=30
run 1 "resource debug: rc 6 is not the expected 0" "$HACTL" resource debug \
    dbg monitor
golden debug-failing
run 0 "resource delete --wait" "$HACTL" resource delete dbg --wait=30

# ---- --wait runs out ----
run 0 "a resource that takes 3 s to start" "$HACTL" resource create slow \
    ocf:ha:stateless start_delay=3
run 9 "status --wait=0.3 while it starts: timeout" "$HACTL" status --wait=0.3
run 0 "resource delete --wait" "$HACTL" resource delete slow --wait=30

# ---- who may ----
if id nobody >/dev/null 2>&1 && su -s /bin/sh nobody -c "test -x $HACTL" 2>/dev/null; then
    run 7 "user nobody may not change resources" su -s /bin/sh nobody -c \
        "HA_IPC_NAME=$HA_IPC_NAME $HACTL resource disable www"
else
    n=$((n + 1)); echo "ok $n # SKIP the build directory is not readable by nobody"
fi

kill "$hacd_pid"; wait "$hacd_pid" 2>/dev/null; hacd_pid=
run 5 "resource create without hacd" "$HACTL" resource create x ocf:ha:stateless
run 5 "resource list without hacd" "$HACTL" resource list
run 5 "stonith history without hacd" "$HACTL" stonith history
echo "1..$n"
[ "$fails" -eq 0 ]
