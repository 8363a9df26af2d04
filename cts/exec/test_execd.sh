#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# TAP: ha-execd as a process, driven through its IPC by ha-execd-cli, on a
# private service name with a private OCF root.  Debian's Dummy, our
# stateless agent, fence_dummy, misbehaving test agents, and the executor's
# state read back after clients went away.
. "${top_srcdir:-$(dirname "$0")/../..}/cts/exec/exec-lib.sh"

W=$(mktemp -d /tmp/ha-cts-exec.XXXXXX)
chmod 755 "$W"
NAME=ha-execd-cts-$$
OCF=$W/ocf
make_ocf_root "$OCF"
CLI() { "$CLI_BIN" -n "$NAME" "$@"; }
cleanup() {
    [ -n "${EXECD_PID:-}" ] && kill "$EXECD_PID" 2>/dev/null
    pkill -KILL -f "$W/" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT

test_agent "$OCF" crash 'echo "ocf-exit-reason:crashing now" >&2; kill -SEGV $$'
test_agent "$OCF" garbage 'head -c 4000 /dev/urandom; head -c 4000 /dev/urandom >&2; exit 0'
test_agent "$OCF" huge 'head -c 50000000 /dev/zero | tr "\0" x; echo "ocf-exit-reason:done talking" >&2; exit 0'
test_agent "$OCF" noexec 'exit 0' 644
test_agent "$OCF" envdump 'env | sort > "$(dirname "$0")/env.$1"; exit 0'

mkdir -p "$W/init.d"
cat > "$W/init.d/svc" <<'END'
#!/bin/sh
f=$(dirname "$0")/svc.running
case "$1" in
    start) touch "$f" ;;
    stop) rm -f "$f" ;;
    status) [ -f "$f" ] && exit 0; exit 3 ;;
    *) exit 3 ;;
esac
END
chmod 755 "$W/init.d/svc"

if ! start_execd "$NAME" "$OCF" "$W"; then
    echo "Bail out! ha-execd did not start: $(cat "$W/execd.out")"
    exit 1
fi

# result LINE FIELD -> value
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }

D="ocf:heartbeat:Dummy"
out=$(CLI exec d1 $D monitor -w state="$W/d1.state"); [ "$(field "$out" rc)" = 7 ]
ok "Dummy probe finds it stopped (7)"
out=$(CLI exec d1 $D start -w state="$W/d1.state"); [ "$(field "$out" rc)" = 0 ]
ok "Dummy start"
out=$(CLI exec d1 $D monitor -i 0 -w state="$W/d1.state"); [ "$(field "$out" rc)" = 0 ]
ok "Dummy probe finds it running"

CLI exec envdump ocf:cts:envdump monitor -i 0 -t 15000 -w -m clone-max=2 ip=10.0.0.1 >/dev/null
grep -qx 'OCF_RESKEY_CRM_meta_interval=0' "$OCF/resource.d/cts/env.monitor" &&
grep -qx 'OCF_RESKEY_CRM_meta_timeout=15000' "$OCF/resource.d/cts/env.monitor" &&
grep -qx 'OCF_RESKEY_CRM_meta_clone_max=2' "$OCF/resource.d/cts/env.monitor" &&
grep -qx 'OCF_RESKEY_ip=10.0.0.1' "$OCF/resource.d/cts/env.monitor" &&
grep -qx 'OCF_RESOURCE_INSTANCE=envdump' "$OCF/resource.d/cts/env.monitor" &&
grep -qx 'OCF_RA_VERSION_MAJOR=1' "$OCF/resource.d/cts/env.monitor" &&
grep -qx 'OCF_RESKEY_CRM_meta_on_node=cts-node' "$OCF/resource.d/cts/env.monitor" &&
! grep -q '^HOME=' "$OCF/resource.d/cts/env.monitor"
ok "agents get Pacemaker's environment and nothing of the executor's"

# A recurring monitor reports its first result, then only changes.
CLI watch 6 > "$W/watch.txt" &
WATCH=$!
sleep 0.5
CLI exec d1 $D monitor -i 300 state="$W/d1.state" >/dev/null
sleep 1.5
rm -f "$W/d1.state"
sleep 1.5
n0=$(grep -c 'action=monitor interval=300 .* rc=0 ' "$W/watch.txt")
n7=$(grep -c 'action=monitor interval=300 .* rc=7 ' "$W/watch.txt")
[ "$n0" = 1 ] && [ "$n7" = 1 ]
ok "recurring monitor: reported once running, once when it died (got $n0 and $n7)"
kill $WATCH 2>/dev/null; wait $WATCH 2>/dev/null
CLI cancel d1 monitor 300 >/dev/null
ok "cancel a recurring monitor"
CLI cancel d1 monitor 300 >/dev/null 2>&1
[ $? -eq 101 ]
ok "cancelling it again is refused (not found)"

# Timeouts: a start that hangs and ignores TERM is killed with its group.
S="ocf:ha:stateless"
t0=$(date +%s)
out=$(CLI exec h1 $S start -t 1000 -w start_hang=true ignore_term=true)
t1=$(date +%s)
[ "$(field "$out" status)" = timeout ] && [ "$(field "$out" rc)" = 1 ]
ok "hanging start ends as a timeout"
sleep 0.3
! pgrep -f "$OCF/resource.d/ha/stateless start" >/dev/null
ok "nothing of the timed-out action's process group is left"
[ $((t1 - t0)) -lt 15 ]
ok "the group was killed within timeout + grace ($((t1 - t0)) s)"

out=$(CLI exec s1 $S start -w start_rc=6)
[ "$(field "$out" rc)" = 6 ] && echo "$out" | grep -q "reason='start configured to return 6'"
ok "exit code and ocf-exit-reason come through"

out=$(CLI exec c1 ocf:cts:crash start -w)
[ "$(field "$out" status)" = error ] && [ "$(field "$out" rc)" = 1 ] &&
echo "$out" | grep -q 'signal 11'
ok "an agent crashing mid-action is an error, not a success"

out=$(CLI exec g1 ocf:cts:garbage start -w)
[ "$(field "$out" status)" = done ] && [ "$(field "$out" rc)" = 0 ]
ok "binary garbage output is survived"

rss0=$(rss_kb "$EXECD_PID")
out=$(CLI exec big ocf:cts:huge start -t 60000 -w)
rss1=$(rss_kb "$EXECD_PID")
[ "$(field "$out" status)" = done ] && echo "$out" | grep -q "reason='done talking'" &&
[ $((rss1 - rss0)) -lt 20000 ]
ok "50 MB of output is bounded (RSS ${rss0} -> ${rss1} kB)"

out=$(CLI exec m1 ocf:cts:missing start -w)
[ "$(field "$out" status)" = not-installed ] && [ "$(field "$out" rc)" = 5 ]
ok "missing agent: not installed (5)"
out=$(CLI exec m2 ocf:cts:noexec start -w 2>&1)
[ "$(field "$out" status)" = not-installed ] && echo "$out" | grep -q 'not executable'
ok "non-executable agent: not installed, says why"

CLI exec bad ocf:heartbeat:Dummy start 'bad name=x' >/dev/null 2>&1
[ $? -eq 101 ]
ok "a parameter name that is not a valid variable name is refused"

# fence_dummy through stdin key=value lines
if [ -x /usr/sbin/fence_dummy ]; then
    F="stonith:fence_dummy"
    SF="status_file=$W/fd.status"
    out=$(CLI exec f1 $F status -w $SF); [ "$(field "$out" rc)" = 7 ]
    ok "fence_dummy status of an absent file: off (2 -> 7)"
    out=$(CLI exec f1 $F on -w $SF -m target=node2); [ "$(field "$out" rc)" = 0 ] &&
        [ "$(cat "$W/fd.status")" = on ]
    ok "fence_dummy on"
    out=$(CLI exec f1 $F off -w $SF -m target=node2); [ "$(field "$out" rc)" = 0 ] &&
        [ "$(cat "$W/fd.status")" = off ]
    ok "fence_dummy off"
    out=$(CLI exec f1 $F list -w $SF); [ "$(field "$out" rc)" = 1 ]
    ok "fence_dummy list is unsupported (1)"
    out=$(CLI exec f2 $F monitor -w $SF); [ "$(field "$out" rc)" = 7 ]
    ok "probe of a fence device that was never started: not running"
    out=$(CLI exec f2 $F start -w $SF); [ "$(field "$out" rc)" = 0 ]
    ok "start of a fence device runs its monitor"
else
    skip "fence_dummy" "fence-agents is not installed"
fi

out=$(CLI exec svc lsb:svc monitor -w); [ "$(field "$out" rc)" = 7 ]
ok "lsb: status 3 is not running (7)"
out=$(CLI exec svc lsb:svc start -w); [ "$(field "$out" rc)" = 0 ] &&
    out=$(CLI exec svc lsb:svc monitor -w) && [ "$(field "$out" rc)" = 0 ]
ok "lsb: start, then status 0 is running"
out=$(CLI exec svc lsb:svc stop -w); [ "$(field "$out" rc)" = 0 ]
ok "lsb: stop"

CLI metadata ocf:heartbeat:Dummy | grep -q '<resource-agent name="Dummy"'
ok "meta-data of Dummy through the daemon"
CLI list ocf | grep -qx 'ha:vip' && CLI list ocf | grep -qx 'heartbeat:Dummy'
ok "agent listing"
CLI list stonith | grep -qx 'fence_dummy'
ok "fence agent listing"

# Clients come and go; monitors keep running and the state can be read back.
CLI exec d2 $D start -w state="$W/d2.state" >/dev/null
CLI exec d2 $D monitor -i 200 state="$W/d2.state" >/dev/null
sleep 1
state=$(CLI state)
echo "$state" | grep -q '^resource d2 ocf:heartbeat:Dummy' &&
echo "$state" | grep -q 'monitor monitor 200: rsc=d2 .*status=done rc=0' &&
echo "$state" | grep -q 'last: rsc=d2 action=start .*rc=0' &&
echo "$state" | grep -q 'failure: rsc=c1 action=start .*status=error'
ok "state read back after the submitting clients left (last op, failure, monitors)"
CLI exec d2 $D stop -w state="$W/d2.state" >/dev/null
! CLI state | grep -q 'monitor monitor 200: rsc=d2'
ok "stop cancels the resource's monitors"

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$CLI_BIN" -n "$NAME" stats >/dev/null 2>&1
    [ $? -eq 100 ]
    ok "a user other than root and the allowed one is refused at connect"
    # the allowed unprivileged user (hacd's, here nobody) can connect and
    # map the shared memory of its connection
    cp "$CLI_BIN" "$W/cli" && chmod 755 "$W/cli"
    "$EXECD" -n "$NAME-nobody" --allow-user nobody --ocf-root "$OCF" \
        --rsctmp "$W/rsctmp" >"$W/execd2.out" 2>&1 &
    E2=$!
    sleep 0.5
    out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$W/cli" \
              -n "$NAME-nobody" exec nb ocf:heartbeat:Dummy monitor -w state="$W/nb.state")
    [ "$(field "$out" rc)" = 7 ]
    ok "the allowed unprivileged user is served"
    kill "$E2"
else
    skip "refusal of other users" "needs root and setpriv"
fi

pid_before=$EXECD_PID
kill "$EXECD_PID"; wait "$EXECD_PID" 2>/dev/null
EXECD_PID=
echo "$(tail -n 3 "$W/execd.log")" | grep -q 'left as they are'
ok "ha-execd stops on SIGTERM ($pid_before) and leaves resources alone"
finish
