#!/bin/sh
# TAP test: a big cluster and many clients against a real hacd process on a
# one-node simulated cluster (hacd --fake, no executor).
#
# * 2,000 resources (a configuration generated here, ~1.5 MB of XML) and
#   then one more resource with a 1 MB id: `config import` (a request over
#   the connection's buffer) and every read command whose reply is over it
#   (`status`, `status --check`, `resource list`, `metrics`, `config show`,
#   `config export`) succeed and report every resource (lib/ipc sends what
#   does not fit in the buffer in parts);
# * 40 clients that leave a status wait pending and are killed cost hacd
#   nothing afterwards: their connections (and the shared memory of each)
#   are released at once, not when the wait times out, and hacd's RSS
#   stays bounded.
# HA_BIG_TIMING=1 prints how long `hactl status` takes at 2,000 resources.
HA_IPC_NAME=ha-cli-big-$$
. "$(dirname "$0")/cli_lib.sh"
HA_HACTL_TIMEOUT_MS=60000
export HA_HACTL_TIMEOUT_MS
watchers=
trap 'for w in $watchers; do kill -9 "$w" 2>/dev/null; done; cleanup' EXIT

cli_start_hacd

# ---- a generated configuration: N resources, optionally one long id ----
cat > "$tmp/gen.py" <<'PY'
"""gen.py N [LONG-ID-LENGTH] < CIB > CIB: add N Dummy primitives (and one
whose id is LONG-ID-LENGTH characters) to the resources of a CIB."""
import sys, xml.etree.ElementTree as ET
n = int(sys.argv[1])
long_id = int(sys.argv[2]) if len(sys.argv) > 2 else 0
root = ET.fromstring(sys.stdin.read())
rscs = root.find('configuration/resources')
def dummy(rid):
    p = ET.SubElement(rscs, 'primitive', id=rid, **{'class': 'ocf'},
                      provider='heartbeat', type='Dummy')
    ops = ET.SubElement(p, 'operations')
    ET.SubElement(ops, 'op', id=rid + '-monitor-10s', name='monitor',
                  interval='10s', timeout='20s')
for i in range(n):
    dummy('big-rsc-%04d' % i)
if long_id:
    dummy('L' * long_id)
sys.stdout.write(ET.tostring(root, encoding='unicode'))
PY
"$HACTL" config show > "$tmp/empty.xml"
python3 "$tmp/gen.py" 2000 < "$tmp/empty.xml" > "$tmp/big.xml"
ok "import 2,000 resources ($(wc -c < "$tmp/big.xml") bytes of XML)" \
    "$HACTL" config import "$tmp/big.xml"

# every read command answers, whole
count_json() {   # count_json KEY: number of our resources in JSON stdin
    python3 -c "
import json, sys
d = json.load(sys.stdin)['result']
if sys.argv[1] != '.':
    d = d[sys.argv[1]]
print(len([r for r in d if r.get('id', '').startswith(('big-rsc-', 'LLLL'))]))
" "$1"
}
expect_count() {   # expect_count DESC WANT KEY-PATH HACTL-ARGS...
    desc=$1; want=$2; path=$3; shift 3
    if "$HACTL" --output json "$@" >"$tmp/out" 2>"$tmp/err" \
       && got=$(count_json "$path" <"$tmp/out" 2>>"$tmp/err") \
       && [ "$got" = "$want" ]; then
        pass "$desc"
    else
        echo "want $want resources, got '${got:-}'" | cat - "$tmp/err" \
            > "$tmp/both"
        fail "$desc" "$tmp/both"
    fi
}
expect_count "status reports 2,000 resources" 2000 resources status
expect_count "resource list reports 2,000 resources" 2000 . resource list
ok "status (text)" "$HACTL" status
grep -q big-rsc-1999 "$tmp/out" || fail "status (text) names the last resource" "$tmp/out"
# no executor: the resources stay stopped, so the check reports them
# (exit 1 or 2), but never UNKNOWN (3) for want of a reply
"$HACTL" status --check >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -le 2 ] && ! grep -q UNKNOWN "$tmp/out"; then
    pass "status --check answers (exit $rc)"
else
    fail "status --check answers (exit $rc)" "$tmp/out"
fi
ok "metrics" "$HACTL" metrics
grep -q '^ha_resources{state="stopped"} 2000$' "$tmp/out" \
    && pass "metrics count every resource" \
    || fail "metrics count every resource" "$tmp/out"
ok "config show" "$HACTL" config show
[ "$(grep -c '<primitive id="big-rsc-' "$tmp/out")" -eq 2000 ] \
    && pass "config show has every resource" || fail "config show has every resource" "$tmp/out"
ok "config export" "$HACTL" config export "$tmp/export.xml"
[ "$(grep -c '<primitive id="big-rsc-' "$tmp/export.xml")" -eq 2000 ] \
    && pass "config export has every resource" \
    || fail "config export has every resource" "$tmp/export.xml"

if [ -n "$HA_BIG_TIMING" ]; then
    python3 - "$HACTL" <<'PY'
import subprocess, sys, time
t = []
for _ in range(5):
    t0 = time.monotonic()
    subprocess.run([sys.argv[1], 'status'], stdout=subprocess.DEVNULL, check=True)
    t.append(time.monotonic() - t0)
print('# hactl status at 2,000 resources: min %.3f s, median %.3f s'
      % (min(t), sorted(t)[2]))
PY
fi

# one more resource, with an id of 1 MB
python3 "$tmp/gen.py" 2000 1000000 < "$tmp/empty.xml" > "$tmp/long.xml"
ok "import a resource with a 1 MB id" "$HACTL" config import "$tmp/long.xml"
expect_count "status reports the 1 MB id too" 2001 resources status
expect_count "resource list reports it" 2001 . resource list
ok "config show with the 1 MB id" "$HACTL" config show
grep -q "LLLLLLLLLL" "$tmp/out" && pass "config show has the 1 MB id" \
    || fail "config show has the 1 MB id" "$tmp/err"

# ---- clients that go away with a wait pending cost nothing ----
shm_files() {   # hacd's IPC connections (shared memory, one entry each)
    ls /dev/shm 2>/dev/null | grep -c "^qb-$pid-"
}
rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"
}
ok "import an empty configuration" "$HACTL" config import "$tmp/empty.xml"
rss0=$(rss_kb)
i=0
while [ $i -lt 40 ]; do
    "$HACTL" status --watch >/dev/null 2>&1 &
    watchers="$watchers $!"
    i=$((i + 1))
done
# every watcher connected and waits (its first status came)
i=0
until [ "$(shm_files)" -ge 40 ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
held=$(shm_files)
for w in $watchers; do kill -9 "$w" 2>/dev/null; wait "$w" 2>/dev/null; done
watchers=
i=0
until [ "$(shm_files)" -eq 0 ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
left=$(shm_files)
if [ "$held" -ge 40 ] && [ "$left" -eq 0 ]; then
    pass "40 killed watchers: shared memory released at once ($held connections, then 0)"
else
    echo "shm files of hacd: $held while watching, $left 5 s after the kill" \
        > "$tmp/both"
    ls -l /dev/shm | grep "qb-$pid-" | head >> "$tmp/both"
    fail "40 killed watchers: shared memory released at once" "$tmp/both"
fi
rss1=$(rss_kb)
if [ $((rss1 - rss0)) -lt 16384 ]; then
    pass "hacd's RSS stays bounded (${rss0} kB, then ${rss1} kB)"
else
    echo "RSS ${rss0} kB before, ${rss1} kB after" > "$tmp/both"
    fail "hacd's RSS stays bounded" "$tmp/both"
fi
grep -q "A client waiting for a status change went away" "$tmp/hacd.log" \
    && pass "hacd dropped the pending waits" \
    || { tail -20 "$tmp/hacd.log" > "$tmp/both"; fail "hacd dropped the pending waits" "$tmp/both"; }
ok "hacd still answers" "$HACTL" status

cli_end
