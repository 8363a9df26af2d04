#!/bin/sh
# TAP test: `hactl config verify|diff|history|rollback` and `config import
# --dry-run`, golden files against hacd --fake (one simulated node, no
# executor).
#
# verify runs offline on files written below (clean, warnings only, broken
# references, duplicate ids, bad scores, malformed XML, a schema error, an
# unsupported feature) and on the live configuration.  history, diff and
# rollback run on versions made here, so their numbers are known; saving
# times and digests are masked (DATE, DIGEST).  Error paths are collected
# with their exit codes in cts/cli/config-errors.exp, changes in
# cts/cli/config-changes.exp.
#
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_config.sh
# rewrites the golden files; review the diff.
HA_IPC_NAME=ha-cli-config-$$
. "$(dirname "$0")/cli_lib.sh"

# Times and digests vary from run to run.
mask() {
    sed -E -e "s|$tmp|TMP|g" -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}/DATE               /' \
        -e 's/"saved": [0-9]+/"saved": TIME/' \
        -e 's/\b[0-9a-f]{64}\b/DIGEST/g' -e 's/\b[0-9a-f]{12}\b/DIGEST      /g'
}

# cgolden CODE NAME DESC ARGS...: hactl exits CODE; its stdout, normalised
# and masked, equals cts/cli/NAME.exp (JSON when NAME ends in .json).
cgolden() {
    want=$1; name=$2; desc=$3; shift 3
    mode=text
    case "$name" in *.json) mode=json;; esac
    "$HACTL" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "exit $got, want $want" | cat - "$tmp/out" "$tmp/err" > "$tmp/both"
        fail "$desc (exit $got)" "$tmp/both"
    elif ! python3 "$tmp/norm.py" $mode "$host" <"$tmp/out" >"$tmp/norm1" 2>"$tmp/err"; then
        cat "$tmp/out" "$tmp/err" > "$tmp/both"; fail "$desc (output does not parse)" "$tmp/both"
    else
        mask <"$tmp/norm1" >"$tmp/norm"
        compare "$name" "$desc: exit $want" "$tmp/norm"
    fi
}

# ---- files for verify ----
cat > "$tmp/clean.xml" <<'EOF'
<cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="3" num_updates="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="opt-stonith" name="stonith-enabled" value="true"/>
      </cluster_property_set>
    </crm_config>
    <nodes>
      <node id="1" uname="node1"/>
      <node id="2" uname="node2"/>
    </nodes>
    <resources>
      <primitive id="fence1" class="stonith" type="fence_dummy"/>
      <primitive id="db" class="ocf" provider="heartbeat" type="Dummy"/>
    </resources>
    <constraints>
      <rsc_location id="db-on-node1" rsc="db" node="node1" score="50"/>
    </constraints>
    <fencing-topology>
      <fencing-level id="fl1" target="node1" index="1" devices="fence1"/>
    </fencing-topology>
  </configuration>
</cib>
EOF
# no fence device, a location for a node nobody knows, an op timeout that
# only strict loading refuses
sed -e 's/node="node1" score/node="node9" score/' \
    -e 's/<primitive id="fence1" class="stonith" type="fence_dummy"\/>//' \
    -e 's/devices="fence1"/devices="db"/' \
    -e 's/type="Dummy"\/>/type="Dummy"><operations><op id="db-mon" name="monitor" interval="10s" timeout="soon"\/><\/operations><\/primitive>/' \
    "$tmp/clean.xml" > "$tmp/warnings.xml"
# constraints naming unknown resources, a fencing level naming an unknown
# device, a fencing level for an unknown node (a warning)
sed -e 's/<rsc_location id="db-on-node1" rsc="db"/<rsc_colocation id="db-with-web" rsc="db" with-rsc="web" score="INFINITY"\/><rsc_order id="web-then-db" first="web" then="db"\/><rsc_location id="db-on-node1" rsc="db"/' \
    -e 's/devices="fence1"/devices="fence1,fence2"\/><fencing-level id="fl2" target="node7" index="1" devices="fence1"/' \
    "$tmp/clean.xml" > "$tmp/refs.xml"
sed -e 's/<primitive id="db"/<primitive id="fence1"/' "$tmp/clean.xml" > "$tmp/dup.xml"
# scores the schema lets through as text
sed -e 's/<\/constraints>/<rsc_colocation id="c1" rsc="db" with-rsc="fence1" score="+-5"\/><rsc_colocation id="c2" rsc="fence1" with-rsc="db" score="INFINITE"\/><\/constraints>/' \
    "$tmp/clean.xml" > "$tmp/score.xml"
sed -e 's/<\/resources>/<\/resource>/' "$tmp/clean.xml" > "$tmp/malformed.xml"
sed -e 's/<nodes>/<nodes><bogus\/>/' "$tmp/clean.xml" > "$tmp/schema.xml"
sed -e 's/<resources>/<resources><bundle id="b1"><docker image="x"\/><\/bundle>/' \
    "$tmp/clean.xml" > "$tmp/unsupported.xml"

# notify=true on a primitive: Pacemaker ignores it (a warning)
sed -e 's/type="Dummy"\/>/type="Dummy"><meta_attributes id="db-m"><nvpair id="db-m-n" name="notify" value="true"\/><\/meta_attributes><\/primitive>/' \
    "$tmp/clean.xml" > "$tmp/notify.xml"

cgolden 0 config-verify-clean "verify: a clean file" config verify --file "$tmp/clean.xml"
cgolden 0 config-verify-notify-primitive "verify: notify=true on a primitive (a warning)" \
    config verify --file "$tmp/notify.xml"
cgolden 0 config-verify-clean.json "verify --output json: a clean file is []" \
    --output json config verify --file "$tmp/clean.xml"
cgolden 0 config-verify-warnings "verify: warnings only" config verify --file "$tmp/warnings.xml"
cgolden 3 config-verify-warnings-strict "verify --strict: warnings fail" \
    config verify --file "$tmp/warnings.xml" --strict
cgolden 0 config-verify-warnings.json "verify --output json: warnings" \
    --output json config verify --file "$tmp/warnings.xml"
cgolden 3 config-verify-refs "verify: broken references" config verify --file "$tmp/refs.xml"
cgolden 3 config-verify-refs.json "verify --output json: broken references" \
    --output json config verify --file "$tmp/refs.xml"
cgolden 3 config-verify-dup "verify: duplicate ids" config verify --file "$tmp/dup.xml"
cgolden 3 config-verify-score "verify: bad scores" config verify --file "$tmp/score.xml"
cgolden 3 config-verify-malformed "verify: malformed XML" config verify --file "$tmp/malformed.xml"
cgolden 3 config-verify-schema "verify: not the schema" config verify --file "$tmp/schema.xml"
cgolden 3 config-verify-unsupported "verify: a feature the scheduler does not implement" \
    config verify --file "$tmp/unsupported.xml"
cgolden 0 config-verify-help "verify --help" config verify --help

err 4 "verify a file that does not exist" config verify --file "$tmp/nonexistent.xml"
err 2 "verify with an unknown option" config verify --bogus
err 5 "verify without hacd" config verify
err 5 "history without hacd" config history

cli_start_hacd
ok "hacd answers" test -n "$host"

# ---- a fresh cluster ----
cgolden 0 config-history-empty "history: nothing saved yet" config history
cgolden 0 config-verify-live-empty "verify: the empty live configuration warns about fencing" \
    config verify

# ---- a few versions: 0.1.0 ... 0.6.0 ----
change "0.1.0: fencing off" property set stonith-enabled false --force
change "0.2.0: a resource" resource create db ocf:heartbeat:Dummy
change "0.3.0: another" resource create web ocf:heartbeat:Dummy --meta resource-stickiness=10
change "0.4.0: a colocation" constraint colocation add web-with-db web db INFINITY
change "0.5.0: a parameter and a meta attribute" resource update db fake=1 --meta target-role=Stopped
change "0.6.0: a location for an unknown node" constraint location add db-far db node9 20

cgolden 0 config-verify-live "verify: the live configuration (a warning)" config verify
cgolden 3 config-verify-live-strict "verify --strict: the live warning fails" \
    config verify --strict
cgolden 0 config-history "history after six changes" config history
cgolden 0 config-history.json "history --output json" --output json config history

# ---- diff ----
cgolden 0 config-diff-versions "diff of two kept versions" \
    config diff --version 0.5.0 --against-version 0.2.0
cgolden 0 config-diff-versions.json "diff --output json of two kept versions" \
    --output json config diff --version 0.5.0 --against-version 0.2.0
"$HACTL" config export "$tmp/live.xml"
cgolden 0 config-diff-same "diff: the live configuration against its export" \
    config diff --file "$tmp/live.xml"
sed -e 's/name="stonith-enabled" value="false"/name="stonith-enabled" value="true"/' \
    -e 's/<\/resources>/<primitive id="fence1" class="stonith" type="fence_dummy"\/><\/resources>/' \
    -e '/id="db-far"/d' "$tmp/live.xml" > "$tmp/edited.xml"
cgolden 0 config-diff-file "diff: live against an edited file" config diff --file "$tmp/edited.xml"
cgolden 0 config-diff-file.json "diff --output json: live against an edited file" \
    --output json config diff --file "$tmp/edited.xml"
cgolden 0 config-diff-file-version "diff: a file against a kept version" \
    config diff --file "$tmp/edited.xml" --against-version 0.1.0

err 4 "diff against a version not kept" config diff --version 0.99.0
err 3 "diff with a version that is not one" config diff --version 1.2
err 3 "diff with a malformed file" config diff --file "$tmp/malformed.xml"
err 4 "diff with a file that does not exist" config diff --file "$tmp/nonexistent.xml"
err 2 "diff with nothing to compare" config diff
err 2 "diff with --file and --version" config diff --file "$tmp/edited.xml" --version 0.1.0

# ---- import --dry-run: the diff and the transition, nothing written ----
before=$(digest)
cgolden 0 config-import-dry-run "import --dry-run shows the diff and the transition" \
    config import "$tmp/edited.xml" --dry-run
ok "import --dry-run changed nothing" test "$(digest)" = "$before"

# ---- rollback ----
cgolden 0 config-rollback-dry-run "rollback --dry-run" config rollback 0.3.0 --dry-run
ok "rollback --dry-run changed nothing" test "$(digest)" = "$before"
cgolden 0 config-rollback-dry-run.json "rollback --dry-run --output json" \
    --output json config rollback 0.3.0 --dry-run
cgolden 0 config-rollback "rollback to 0.3.0 writes 0.7.0" config rollback 0.3.0
"$HACTL" --output json config history > "$tmp/hist.json"
ok "after the rollback the live digest is 0.3.0's" python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))["result"]
v = {e["version"]: e for e in h}
assert v["0.7.0"]["live"] and v["0.7.0"]["digest"] == v["0.3.0"]["digest"], h
assert v["0.7.0"]["digest"] == sys.argv[2], (v["0.7.0"]["digest"], sys.argv[2])
' "$tmp/hist.json" "$(digest)"
cgolden 0 config-history-rollback "history after the rollback" config history
cgolden 0 config-rollback-same "rollback to the content already live" config rollback 0.7.0

before=$(digest)
cgolden 0 config-rollback-dry-run-warnings "rollback --dry-run prints the warnings" \
    config rollback 0.6.0 --dry-run
err 12 "rollback to a version with warnings without --force" config rollback 0.6.0
ok "the refused rollback changed nothing" test "$(digest)" = "$before"
err 4 "rollback to a version not kept" config rollback 0.42.0
err 3 "rollback to something that is not a version" config rollback latest
err 2 "rollback without a version" config rollback
err 2 "rollback with a bad --wait" config rollback 0.6.0 --wait=soon
ok "the failed rollbacks changed nothing" test "$(digest)" = "$before"
change "rollback --force to a version with warnings" config rollback 0.6.0 --force

# a version the scheduler cannot run: hacd keeps it, rollback refuses it
sed -e 's/<resources>/<resources><bundle id="b1"><docker image="x"\/><\/bundle>/' \
    "$tmp/live.xml" > "$tmp/bundle.xml"
change "import a configuration with a bundle (0.9.0)" config import "$tmp/bundle.xml"
change "rollback away from it (0.10.0)" config rollback 0.8.0 --force
before=$(digest)
err 3 "rollback to a version that does not verify" config rollback 0.9.0
err 3 "even with --force" config rollback 0.9.0 --force
ok "the refused rollbacks changed nothing" test "$(digest)" = "$before"

cgolden 0 config-history-final "history: rollbacks, an import, the content they came from" \
    config history
cgolden 0 config-rollback-help "rollback --help" config rollback --help
cgolden 0 config-history-help "history --help" config history --help
cgolden 0 config-diff-help "diff --help" config diff --help
err 2 "history with an argument" config history extra

# the transcripts name the files of this run
sed -i "s|$tmp|TMP|g" "$tmp/errors" "$tmp/changes"
compare config-errors "error messages and exit codes (transcript)" "$tmp/errors"
compare config-changes "what the changes printed (transcript)" "$tmp/changes"
cli_end
