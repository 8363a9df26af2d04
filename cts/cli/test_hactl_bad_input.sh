#!/bin/sh
# TAP test: bad configuration files get one clear error and the same exit
# code from `hactl config verify --file`, `hactl config import` (to hacd
# --fake) and `hactl simulate --xml-file`, each within 60 s, and hacd
# keeps serving with its configuration unchanged (issue 16 items 3 and 8,
# issue 19): 200,000 nested groups (a recursive walk overflowed the stack),
# a 60 MB attribute value, 200,000 primitives and 300,000 nvpairs in one
# set (libxml2's RelaxNG takes minutes on such lists); and issue 16 item
# 12: a bad score, a constraint naming a missing resource, a bad interval,
# an empty id, '../' in an agent type or provider, a UTF-16 file (simulate
# validated nothing, import accepted UTF-16, agent paths passed).  The transcript of
# every command, its output and exit code is cts/cli/bad-input.exp.
#
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_bad_input.sh
# rewrites the golden file; review the diff.
HA_IPC_NAME=ha-cli-bad-input-$$
. "$(dirname "$0")/cli_lib.sh"

: > "$tmp/bad"
# bad CODE DESC FILE: the three commands exit CODE within 60 s
bad() {
    want=$1; desc=$2; f=$3
    for cmd in "config verify --file" "config import" "simulate --xml-file"; do
        # shellcheck disable=SC2086
        timeout 60 "$HACTL" $cmd "$f" >"$tmp/out" 2>&1
        got=$?
        {
            echo "\$ hactl $cmd $f"
            cat "$tmp/out"
            echo "[exit $got]"
        } >> "$tmp/bad"
        if [ "$got" -eq "$want" ]; then
            pass "$desc: $cmd exits $want"
        else
            echo "exit $got, want $want" | cat - "$tmp/out" > "$tmp/both"
            fail "$desc: $cmd exits $want" "$tmp/both"
        fi
    done
}

cd "$tmp" || exit 1   # messages name the files as given
python3 - <<'PY'
head = ('<cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="1" '
        'num_updates="0"><configuration><crm_config/><nodes/><resources>')
tail = '</resources><constraints/></configuration></cib>\n'
with open('deep.xml', 'w') as f:
    f.write(head + '<group id="g">' * 200000 + '</group>' * 200000 + tail)
with open('value.xml', 'w') as f:
    f.write(head + '<primitive id="r" class="ocf" provider="heartbeat" '
            'type="Dummy"><instance_attributes id="ia"><nvpair id="nv" '
            'name="n" value="' + 'x' * (60 * 1024 * 1024) + '"/>'
            '</instance_attributes></primitive>' + tail)
with open('primitives.xml', 'w') as f:
    f.write(head)
    f.writelines('<primitive id="r%d" class="ocf" provider="heartbeat" '
                 'type="Dummy"/>' % i for i in range(200000))
    f.write(tail)
with open('nvpairs.xml', 'w') as f:
    f.write(head + '<primitive id="r" class="ocf" provider="heartbeat" '
            'type="Dummy"><instance_attributes id="ia">')
    f.writelines('<nvpair id="nv%d" name="n%d" value="v"/>' % (i, i)
                 for i in range(300000))
    f.write('</instance_attributes></primitive>' + tail)
PY

# issue 16 item 12: what one command refused, another accepted
cat > clean.xml <<'XML'
<cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="3" num_updates="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="opt-stonith" name="stonith-enabled" value="false"/>
      </cluster_property_set>
    </crm_config>
    <nodes>
      <node id="1" uname="node1"/>
    </nodes>
    <resources>
      <primitive id="db" class="ocf" provider="heartbeat" type="Dummy">
        <operations><op id="db-mon" name="monitor" interval="10s"/></operations>
      </primitive>
    </resources>
    <constraints>
      <rsc_location id="db-on-node1" rsc="db" node="node1" score="50"/>
    </constraints>
  </configuration>
</cib>
XML
sed 's/score="50"/score="lots"/' clean.xml > score-lots.xml
sed 's/score="50"/score="banana"/' clean.xml > score-banana.xml
sed 's/rsc="db" node/rsc="web" node/' clean.xml > missing-rsc.xml
sed 's/interval="10s"/interval="-5x"/' clean.xml > interval.xml
sed 's/id="db-mon"/id=""/' clean.xml > empty-id.xml
sed 's|type="Dummy"|type="../../../bin/sh"|' clean.xml > agent-type.xml
sed 's|provider="heartbeat"|provider="../heartbeat"|' clean.xml > agent-provider.xml
iconv -f UTF-8 -t UTF-16 clean.xml > utf16.xml

cli_start_hacd
ok "hacd answers" test -n "$host"

bad 0 "a clean file" clean.xml
"$HACTL" config import clean.xml >/dev/null 2>&1   # the clean file is live
before=$(digest)
bad 3 "score lots" score-lots.xml
bad 3 "score banana" score-banana.xml
bad 3 "a constraint naming a missing resource" missing-rsc.xml
bad 3 "interval -5x" interval.xml
bad 3 "an empty id" empty-id.xml
bad 3 "../ in an agent type" agent-type.xml
bad 3 "../ in an agent provider" agent-provider.xml
bad 3 "a UTF-16 file" utf16.xml
bad 3 "200,000 nested groups" deep.xml
bad 3 "a 60 MB attribute value" value.xml
bad 3 "200,000 primitives" primitives.xml
bad 3 "300,000 nvpairs in one set" nvpairs.xml

# A schema that cannot be read is not a missing input file (it said "No
# such file or directory" about a file that exists, exit 4).
mkdir -p "$tmp/no-schema"
for cmd in "config import" "simulate --xml-file"; do
    # shellcheck disable=SC2086
    HA_SCHEMA_DIR=$tmp/no-schema "$HACTL" $cmd clean.xml >"$tmp/out" 2>&1
    got=$?
    {
        echo "\$ HA_SCHEMA_DIR=no-schema hactl $cmd clean.xml"
        sed "s|$tmp/||g" "$tmp/out"
        echo "[exit $got]"
    } >> "$tmp/bad"
    if [ "$got" -eq 1 ] && ! grep -q "imported: No such file" "$tmp/out"; then
        pass "no schema: $cmd exits 1 and does not call clean.xml missing"
    else
        echo "exit $got, want 1" | cat - "$tmp/out" > "$tmp/both"
        fail "no schema: $cmd exits 1 and does not call clean.xml missing" "$tmp/both"
    fi
done

ok "hacd still serves" "$HACTL" status
ok "the configuration is unchanged" test "$(digest)" = "$before"
python3 "$tmp/norm.py" text "$host" < "$tmp/bad" > "$tmp/bad.norm"
compare bad-input "bad inputs (transcript)" "$tmp/bad.norm"
cd / || exit 1
cli_end
