#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# TAP: `hactl agent list|describe|test` on a private OCF root, through
# lib/exec directly (no daemon).
. "${top_srcdir:-$(dirname "$0")/../..}/cts/exec/exec-lib.sh"

HACTL=$top_builddir/tools/hactl/hactl
W=$(mktemp -d /tmp/ha-cts-hactl-agent.XXXXXX)
trap 'rm -rf "$W"' EXIT
make_ocf_root "$W/ocf"
export OCF_ROOT="$W/ocf" HA_RSCTMP="$W/rsctmp"
mkdir -p "$HA_RSCTMP"

"$HACTL" agent list ocf:ha > "$W/list"
grep -qx 'ocf:ha:stateless' "$W/list" && grep -qx 'ocf:ha:vip' "$W/list"
ok "agent list ocf:ha names our agents"
"$HACTL" agent describe ocf:ha:stateless > "$W/desc"
grep -q '^ocf:ha:stateless: Test agent with configurable failures' "$W/desc" &&
    grep -q '^  start_delay ' "$W/desc" && grep -q '^  monitor .*interval=10s' "$W/desc"
ok "agent describe shows parameters and actions"
"$HACTL" --output json agent describe ocf:ha:witness > "$W/desc.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["result"]; assert any(p["name"]=="lockfile" and p["required"] for p in d["parameters"])' "$W/desc.json"
ok "agent describe --output json"
"$HACTL" agent test ocf:ha:stateless state="$W/st.state" > "$W/test.out"
ok "agent test passes a correct agent"
"$HACTL" agent test ocf:ha:stateless state="$W/st2.state" stop_rc=1 > "$W/test2.out"
[ $? -eq 1 ] && grep -q '^FAIL  stop ' "$W/test2.out"
ok "agent test fails an agent whose stop fails"
"$HACTL" agent test ocf:ha:promotable state="$W/p.state" > "$W/test3.out" &&
    grep -q '^ok    promote ' "$W/test3.out" &&
    grep -q '^ok    monitor (promoted) .*rc=8' "$W/test3.out" &&
    grep -q '^ocf:ha:promotable: 0 of 20 checks failed' "$W/test3.out"
ok "agent test drives a promotable agent through promote and demote"
"$HACTL" agent test ocf:ha:stateless state="$W/st3.state" colour=red > "$W/test4.out"
[ $? -eq 1 ] && grep -q '^FAIL  parameters given are known   colour' "$W/test4.out"
ok "agent test fails a parameter the meta-data does not know"
"$HACTL" agent test ocf:ha:witness > "$W/test5.out"
[ $? -eq 1 ] && grep -q '^FAIL  required parameters          lockfile ledger' "$W/test5.out"
ok "agent test names the required parameters not given"
"$HACTL" --output json agent test ocf:ha:stateless state="$W/st4.state" stop_rc=1 > "$W/test6.json"
[ $? -eq 1 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False and d["exit"] == 1, d
r = d["result"]
assert r["failed"] == 3 and r["total"] == 16, r
bad = [c["check"] for c in r["checks"] if not c["ok"]]
assert bad == ["stop", "monitor (stopped)", "stop again (idempotent)"], bad' "$W/test6.json"
ok "agent test --output json: every check, the failed ones marked"
"$HACTL" agent test ocf:ha:stateless --timeout soon 2>/dev/null
[ $? -eq 2 ]
ok "agent test with a bad --timeout: usage (2)"
# the example agent of docs/agent-authors.md passes, as the guide says
mkdir -p "$W/ocf/resource.d/acme"
python3 - "$top_srcdir/docs/agent-authors.md" "$W/ocf/resource.d/acme/sleeper" <<'PY'
import sys
s = open(sys.argv[1]).read()
i = s.index('```sh\n') + 6
open(sys.argv[2], 'w').write(s[i:s.index('```', i)])
PY
chmod 755 "$W/ocf/resource.d/acme/sleeper"
"$HACTL" agent test ocf:acme:sleeper seconds=600 > "$W/guide.out" &&
    grep -q '^ocf:acme:sleeper: 0 of 16 checks failed' "$W/guide.out"
ok "the example agent of docs/agent-authors.md passes agent test"
if command -v ocf-tester >/dev/null; then
    chmod 755 "$W"      # ocf-tester wants the agent's path readable by all
    OCF_ROOT="$W/ocf" timeout 300 ocf-tester -n sleeper1 -o seconds=600 \
        "$W/ocf/resource.d/acme/sleeper" > "$W/guide-tester.out" 2>&1
    ok "the example agent of docs/agent-authors.md passes ocf-tester"
else
    fail "ocf-tester (resource-agents) is not installed"
fi
# what ocf-tester refuses, agent test refuses: meta-data without its
# DOCTYPE, and meta-data the DTD does not allow
sed '/^<!DOCTYPE/d' "$W/ocf/resource.d/acme/sleeper" > "$W/ocf/resource.d/acme/nodtd"
sed 's|^<version>1.0</version>|<version>1.0</version><colour/>|' \
    "$W/ocf/resource.d/acme/sleeper" > "$W/ocf/resource.d/acme/badel"
chmod 755 "$W/ocf/resource.d/acme/nodtd" "$W/ocf/resource.d/acme/badel"
"$HACTL" agent test ocf:acme:nodtd seconds=600 > "$W/nodtd.out"
[ $? -eq 1 ] && grep -q '^FAIL  meta-data: DTD .*no <!DOCTYPE resource-agent' "$W/nodtd.out"
ok "agent test fails meta-data without its DOCTYPE"
! OCF_ROOT="$W/ocf" timeout 300 ocf-tester -n nodtd1 -o seconds=600 \
    "$W/ocf/resource.d/acme/nodtd" > "$W/nodtd-tester.out" 2>&1
ok "ocf-tester fails the same agent (what agent test mirrors)"
"$HACTL" agent test ocf:acme:badel seconds=600 > "$W/badel.out"
[ $? -eq 1 ] && grep -q '^FAIL  meta-data: DTD .*not valid against ra-api-1.dtd' "$W/badel.out"
ok "agent test fails meta-data the DTD does not allow (as ocf-tester does)"
HA_RA_API_DTD=$W/none.dtd "$HACTL" agent test ocf:acme:sleeper seconds=600 > "$W/nodtdfile.out"
[ $? -eq 1 ] && grep -q '^FAIL  meta-data: DTD .*none.dtd: not found' "$W/nodtdfile.out"
ok "agent test says so when ra-api-1.dtd is missing"
"$HACTL" agent describe ocf:ha:nosuch 2>/dev/null
[ $? -eq 4 ]
ok "agent describe of a missing agent: not found (4)"
finish
