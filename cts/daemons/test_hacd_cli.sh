#!/bin/sh
# TAP test: hactl against a real hacd process (one-node simulated cluster,
# hacd --fake): status text/JSON, properties, config import/export,
# node attributes, exit codes, and who may connect.
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
HACTL=$top_builddir/tools/hactl/hactl
HACD=$top_builddir/daemons/hacd/hacd
HA_IPC_NAME=ha-cli-test-$$
HA_HACTL_TIMEOUT_MS=5000
export HA_IPC_NAME HA_HACTL_TIMEOUT_MS
tmp=$(mktemp -d /tmp/hacd-cli-XXXXXX)
chmod 755 "$tmp"
n=0
fails=0
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

ok() {   # ok DESCRIPTION COMMAND...   (passes if COMMAND succeeds)
    desc=$1; shift
    n=$((n + 1))
    if "$@" >"$tmp/out" 2>"$tmp/err"; then
        cp "$tmp/out" "$tmp/last.out"; cp "$tmp/err" "$tmp/last.err"
        echo "ok $n - $desc"
    else
        fails=$((fails + 1))
        echo "not ok $n - $desc"
        sed 's/^/# /' "$tmp/out" "$tmp/err"
    fi
}
code() {  # code EXPECTED DESCRIPTION COMMAND...   (checks the exit code)
    want=$1; desc=$2; shift 2
    n=$((n + 1))
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    cp "$tmp/out" "$tmp/last.out"; cp "$tmp/err" "$tmp/last.err"
    if [ "$got" -eq "$want" ]; then
        echo "ok $n - $desc"
    else
        fails=$((fails + 1))
        echo "not ok $n - $desc (exit $got, want $want)"
        sed 's/^/# /' "$tmp/out" "$tmp/err"
    fi
}

code 5 "status without hacd: exit 5" "$HACTL" status
ok "the error says hacd is not running" grep -q "hacd is not running" "$tmp/last.err"

"$HACD" --fake --state-dir "$tmp/state" --log-file "$tmp/hacd.log" \
    >"$tmp/hacd.out" 2>&1 &
pid=$!
i=0
until "$HACTL" status >/dev/null 2>&1 || [ $i -ge 50 ]; do
    sleep 0.1; i=$((i + 1))
done

ok "status" "$HACTL" status
ok "status names a DC and quorum" sh -c "grep -q '^DC: *[^( ]' $tmp/last.out && grep -q quorate $tmp/last.out"
ok "status --output json" sh -c "'$HACTL' --output json status > $tmp/st.json"
ok "JSON has dc, quorate, nodes" python3 -c "
import json,sys
d=json.load(open('$tmp/st.json'))['result']
assert d['dc'] and d['quorate'] is True and d['nodes'][0]['state']=='online'
assert d['config_version']=='0.0.0'"
ok "property set" "$HACTL" property set stonith-enabled false --force
ok "property get" sh -c "test \"\$('$HACTL' property get stonith-enabled)\" = false"
ok "property unset" "$HACTL" property unset stonith-enabled
code 4 "property get of an unset property: exit 4" "$HACTL" property get stonith-enabled
code 2 "property without verb: exit 2" "$HACTL" property

cat > "$tmp/cib.xml" <<'CIB'
<cib validate-with="pacemaker-3.0" admin_epoch="0" epoch="7" num_updates="0" crm_feature_set="3.0.14">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="opt-stonith" name="stonith-enabled" value="false"/>
      </cluster_property_set>
    </crm_config>
    <nodes/>
    <resources>
      <primitive id="web" class="ocf" provider="heartbeat" type="Dummy"/>
    </resources>
    <constraints/>
  </configuration>
  <status/>
</cib>
CIB
ok "config import --dry-run" "$HACTL" config import "$tmp/cib.xml" --dry-run
ok "dry run changes nothing" sh -c "'$HACTL' config show | grep -qv web && ! '$HACTL' config show | grep -q 'id=\"web\"'"
ok "config import of a Pacemaker CIB" "$HACTL" config import "$tmp/cib.xml"
ok "imported resource is in config show" sh -c "'$HACTL' config show | grep -q 'id=\"web\"'"
echo '<cib><configuration><resources><primitive/></resources></configuration>' > "$tmp/bad.xml"
code 3 "config import of a broken file: exit 3" "$HACTL" config import "$tmp/bad.xml"
ok "config export FILE equals config show" sh -c "'$HACTL' config export $tmp/exp.xml && '$HACTL' config show | cmp -s - $tmp/exp.xml"
host=$(sed -n 's/.*"local_node" : "\(.*\)",*/\1/p' "$tmp/st.json")
ok "node attribute set" "$HACTL" node attribute "$host" color blue
ok "node attribute get" sh -c "test \"\$('$HACTL' node attribute $host color)\" = blue"
ok "node attribute --delete" "$HACTL" node attribute "$host" color --delete
code 4 "deleted attribute: exit 4" "$HACTL" node attribute "$host" color
code 4 "unknown node: exit 4" "$HACTL" node attribute no-such-node color red

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && id hacluster >/dev/null 2>&1 \
   && su -s /bin/sh nobody -c "test -x $HACTL" 2>/dev/null; then
    code 7 "user nobody is refused: exit 7" su -s /bin/sh nobody -c "HA_IPC_NAME=$HA_IPC_NAME $HACTL status"
    ok "hacluster (group haclient, not root) may use hactl" su -s /bin/sh hacluster -c "HA_IPC_NAME=$HA_IPC_NAME $HACTL property set cluster-name lab"
    # any user may claim an IPC name first: root's hactl must not talk to it
    mkdir "$tmp/impostor" && chown nobody "$tmp/impostor"
    su -s /bin/sh nobody -c "HA_IPC_NAME=ha-impostor-$$ HA_EXECD_NAME=ha-impostor-e-$$ \
        exec $HACD --fake --state-dir $tmp/impostor/state" >"$tmp/impostor.out" 2>&1 &
    ipid=$!
    i=0
    until grep -q "hacd started" "$tmp/impostor.out" || [ $i -ge 50 ]; do
        sleep 0.1; i=$((i + 1))
    done
    code 7 "a hacd run by nobody under the IPC name: root's hactl refuses it, exit 7" \
        env HA_IPC_NAME=ha-impostor-$$ "$HACTL" property set cluster-name stolen
    ok "and says the name is served by another user" \
        grep -q "served by a user other than root" "$tmp/last.err"
    kill "$ipid" 2>/dev/null; wait "$ipid" 2>/dev/null
else
    for what in "nobody refused" "hacluster allowed" "impostor refused" "impostor message"; do
        n=$((n + 1)); echo "ok $n # SKIP needs root and a build directory other users can read ($what)"
    done
fi

# the IPC name is taken: a second hacd says so and exits 1 (no abort)
code 1 "a second hacd on the same IPC name exits 1" \
    "$HACD" --fake --state-dir "$tmp/state2" --log-file "$tmp/hacd2.log"
ok "and says why" grep -q "Could not serve IPC as .*Address already in use" "$tmp/last.err"

kill "$pid"; wait "$pid" 2>/dev/null; pid=
code 5 "status after hacd stopped: exit 5" "$HACTL" status
echo "1..$n"
[ "$fails" -eq 0 ]
