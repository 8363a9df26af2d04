#!/bin/sh
# TAP test: `hactl metrics` and hacd's metrics endpoint (--metrics-address)
# against a real hacd process on a one-node simulated cluster (hacd --fake,
# no executor: resources are configured but never start).
#
# * golden files of `hactl metrics` (text and JSON) on an empty cluster and
#   after resources, node flags and fail counts were set (the host name
#   becomes NODE);
# * every output passes a Prometheus text-format checker written here
#   (comments, blank lines or `name{labels} value`; HELP and TYPE before a
#   family's samples; no duplicate series; histograms cumulative);
# * the endpoint serves the same series as `hactl metrics`, 404 for other
#   paths, 405 for other methods, 400 for garbage and oversized requests,
#   never stalls on a silent client, and hacd survives all of it;
# * errors: no hacd (exit 5), bad arguments, a bad or busy address.
#
# After a deliberate change of the output, rewrite the golden files with
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_metrics.sh
# and review the diff.
HA_IPC_NAME=ha-cli-metrics-$$
. "$(dirname "$0")/cli_lib.sh"
execd_pid=
trap '[ -n "$execd_pid" ] && kill "$execd_pid" 2>/dev/null; cleanup' EXIT

# ---- the checker and the HTTP client ----
cat > "$tmp/promcheck.py" <<'PY'
"""promcheck.py FILE [SERIES-OUT]: check Prometheus text format 0.0.4;
write the series (name{sorted labels} value), sorted, to SERIES-OUT."""
import math, re, sys
NAME = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*'
SAMPLE = re.compile(r'^(' + NAME + r')(\{(.*)\})? (\S+)$')
LABELS = re.compile(r'\s*(' + LABEL + r')="((?:[^"\\\n]|\\[\\"n])*)"\s*(,|$)')
def fail(n, line, why):
    sys.exit('line %d: %s: %r' % (n, why, line))
def value(n, line, v):
    if v in ('+Inf', '-Inf', 'NaN'):
        return float(v.replace('Inf', 'inf').replace('NaN', 'nan'))
    try:
        return float(v)
    except ValueError:
        fail(n, line, 'bad value')
def labels(n, line, text):
    out, pos = [], 0
    while pos < len(text):
        m = LABELS.match(text, pos)
        if m is None:
            fail(n, line, 'bad labels')
        out.append((m.group(1), m.group(2)))
        pos = m.end()
    if len(set(k for k, _ in out)) != len(out):
        fail(n, line, 'a label twice')
    return tuple(sorted(out))
data = open(sys.argv[1], encoding='utf-8').read()
if data and not data.endswith('\n'):
    sys.exit('no newline at the end')
help_, type_, seen, series, closed = {}, {}, set(), {}, set()
current = None
for n, line in enumerate(data.split('\n')[:-1], 1):
    if line == '':
        continue
    if line.startswith('#'):
        parts = line.split(' ', 3)
        if len(parts) >= 3 and parts[1] in ('HELP', 'TYPE'):
            kind, fam = parts[1], parts[2]
            if not re.fullmatch(NAME, fam):
                fail(n, line, 'bad family name')
            if fam in closed or (kind == 'HELP' and fam in help_) \
               or (kind == 'TYPE' and fam in type_):
                fail(n, line, 'family declared again')
            if fam in seen:
                fail(n, line, kind + ' after samples')
            if kind == 'TYPE':
                if len(parts) != 4 or parts[3] not in (
                        'counter', 'gauge', 'histogram', 'summary', 'untyped'):
                    fail(n, line, 'bad type')
                type_[fam] = parts[3]
            else:
                help_[fam] = parts[3] if len(parts) == 4 else ''
            if current is not None and current != fam:
                closed.add(current)
            current = fam
        continue
    m = SAMPLE.match(line)
    if m is None:
        fail(n, line, 'neither comment, blank nor sample')
    name, lab, v = m.group(1), labels(n, line, m.group(3) or ''), m.group(4)
    fam = name
    for suffix in ('_bucket', '_sum', '_count'):
        base = name[:-len(suffix)]
        if name.endswith(suffix) and type_.get(base) == 'histogram':
            fam = base
    if fam not in type_ or fam not in help_:
        fail(n, line, 'sample before its HELP and TYPE')
    if fam != current or fam in closed:
        fail(n, line, 'sample outside its family')
    if type_[fam] == 'counter' and not name.endswith('_total'):
        fail(n, line, 'counter without _total')
    key = name + '{' + ','.join('%s="%s"' % kv for kv in lab) + '}'
    if key in series:
        fail(n, line, 'duplicate series')
    seen.add(fam)
    series[key] = value(n, line, v)
for fam, t in type_.items():
    if t != 'histogram':
        continue
    les = []
    for s, v in series.items():
        if s.startswith(fam + '_bucket{'):
            le = re.search(r'le="([^"]*)"', s).group(1)
            les.append((value(0, s, le), v))
    les.sort()
    if not les or not math.isinf(les[-1][0]):
        sys.exit('%s: no +Inf bucket' % fam)
    if any(a[1] > b[1] for a, b in zip(les, les[1:])):
        sys.exit('%s: buckets not cumulative' % fam)
    if series.get(fam + '_count{}') != les[-1][1]:
        sys.exit('%s: _count is not the +Inf bucket' % fam)
if len(sys.argv) > 2:
    with open(sys.argv[2], 'w') as out:
        for k in sorted(series):
            out.write('%s %r\n' % (k, series[k]))
PY

cat > "$tmp/scrape.py" <<'PY'
"""scrape.py PORT MODE ...: talk to hacd's metrics endpoint.
  get PATH OUT          GET with urllib: print "STATUS CONTENT-TYPE", body to OUT
  raw BYTES-REPR        send these bytes, print the status line (or "closed")
  silent SECONDS PORT   hold a connection open without sending, while a
                        second client must still be answered"""
import socket, sys, time, urllib.error, urllib.request
port, mode = int(sys.argv[1]), sys.argv[2]
def raw(data, timeout=15):
    try:
        s = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    except ConnectionRefusedError:
        return 'refused'
    try:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        got = b''
        while True:
            b = s.recv(65536)
            if not b:
                break
            got += b
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        s.close()
    return got.split(b'\r\n', 1)[0].decode('latin-1') if got else 'closed'
if mode == 'get':
    url = 'http://127.0.0.1:%d%s' % (port, sys.argv[3])
    try:
        r = urllib.request.urlopen(url, timeout=15)
    except urllib.error.HTTPError as e:
        r = e
    body = r.read()
    open(sys.argv[4], 'wb').write(body)
    print(r.status, r.headers.get('Content-Type'))
elif mode == 'raw':
    print(raw(eval(sys.argv[3])))
elif mode == 'silent':
    quiet = socket.create_connection(('127.0.0.1', port), timeout=15)
    quiet.sendall(b'GET /metr')       # an unfinished request, then nothing
    t0 = time.monotonic()
    line = raw(b'GET /metrics HTTP/1.0\r\n\r\n')
    fast = time.monotonic() - t0 < 5
    quiet.settimeout(float(sys.argv[3]) + 10)
    t0 = time.monotonic()
    try:
        dropped = quiet.recv(1) == b''
    except ConnectionResetError:
        dropped = True
    waited = time.monotonic() - t0
    print(line, 'answered-while-stalled' if fast else 'stalled',
          'dropped' if dropped and waited < float(sys.argv[3]) + 5 else 'kept')
PY

promcheck() {   # promcheck DESC FILE: the file is valid exposition text
    if python3 "$tmp/promcheck.py" "$2" > "$tmp/pc" 2>&1; then
        pass "$1"
    else
        fail "$1" "$tmp/pc"
    fi
}
# expect DESC WANT COMMAND...: COMMAND's stdout is WANT
expect() {
    desc=$1; want=$2; shift 2
    got=$("$@" 2>"$tmp/err")
    if [ "$got" = "$want" ]; then
        pass "$desc"
    else
        { echo "got:  $got"; echo "want: $want"; cat "$tmp/err"; } > "$tmp/both"
        fail "$desc" "$tmp/both"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# hacd --fake as in cli_start_hacd, with the metrics endpoint on $port
# (and --keep-root: no hacluster user needed)
start_hacd_metrics() {
    "$HACD" --fake --keep-root --state-dir "$tmp/state" \
        --log-file "$tmp/hacd.log" --metrics-address "127.0.0.1:$port" \
        >"$tmp/hacd.out" 2>&1 &
    pid=$!
    i=0
    until "$HACTL" status >/dev/null 2>&1 || [ $i -ge 200 ]; do
        sleep 0.1; i=$((i + 1))
    done
    host=$("$HACTL" --output json status | python3 -c \
           'import json,sys; print(json.load(sys.stdin)["result"]["local_node"])')
}

# hactl metrics and GET /metrics name the same series with the same values
same_series() {
    "$HACTL" metrics > "$tmp/cli.txt" 2>"$tmp/err" \
    && python3 "$tmp/scrape.py" "$port" get /metrics "$tmp/http.txt" > "$tmp/hdr" \
    && python3 "$tmp/promcheck.py" "$tmp/cli.txt" "$tmp/cli.series" \
    && python3 "$tmp/promcheck.py" "$tmp/http.txt" "$tmp/http.series" \
    && diff -u "$tmp/cli.series" "$tmp/http.series" \
    && cmp -s "$tmp/cli.txt" "$tmp/http.txt"
}

err 5 "metrics without hacd" metrics

port=$(free_port)
start_hacd_metrics
ok "hacd answers; the fake node is named after the host" test -n "$host"
ok "hacd --help documents --metrics-address" sh -c \
    "'$HACD' --help | grep -q -- '--metrics-address=ADDR:PORT'"
golden metrics-help "metrics --help" metrics --help

# ---- an empty cluster ----
golden metrics-empty "metrics: an empty cluster" metrics
"$HACTL" metrics > "$tmp/m.txt"
promcheck "metrics (empty) is valid exposition text" "$tmp/m.txt"
ok "the endpoint serves the same series as hactl metrics (empty)" same_series
expect "GET /metrics: 200 with the 0.0.4 text content type" \
    "200 text/plain; version=0.0.4; charset=utf-8" \
    python3 "$tmp/scrape.py" "$port" get /metrics "$tmp/b"

# ---- resources, node flags, fail counts ----
change "create a primitive in a group" resource create vip ocf:heartbeat:IPaddr2 \
    ip=192.168.1.100 --group web
change "create a second group member" resource create www ocf:heartbeat:apache \
    --group web
change "create a clone" resource create ping ocf:pacemaker:ping \
    host_list=10.0.0.1 --clone
change "create a promotable clone" resource create state ocf:pacemaker:Stateful \
    --promotable
change "create a disabled primitive" resource create off ocf:heartbeat:Dummy --disabled
change "create an unmanaged primitive" resource create db ocf:heartbeat:Dummy \
    --meta is-managed=false
change "node standby" node standby "$host"
change "node maintenance" node maintenance "$host"
change "a fail count of db's monitor" node attribute "$host" \
    'fail-count-db#monitor_10000' 3
change "a second fail count of db (summed)" node attribute "$host" \
    'fail-count-db#start_0' INFINITY
change "a fail count whose name needs escaping" node attribute "$host" \
    'fail-count-q"u\ote#monitor_0' 1
golden metrics "metrics after resources, node flags and fail counts" metrics
golden metrics.json "metrics --output json" --output json metrics
"$HACTL" metrics > "$tmp/m.txt"
promcheck "metrics is valid exposition text" "$tmp/m.txt"
"$HACTL" --output json metrics > "$tmp/m.json"
python3 "$tmp/promcheck.py" "$tmp/m.txt" "$tmp/m.series"
ok "the JSON has the text's series and values" python3 -c '
import json, sys
series = {}
for f in json.load(open(sys.argv[1]))["result"]:
    for s in f["samples"]:
        v = s["value"]
        v = float(v.replace("Inf", "inf")) if isinstance(v, str) else float(v)
        lab = ",".join("%s=\"%s\"" % (k, s["labels"][k].replace("\\", "\\\\")
                                         .replace("\"", "\\\""))
                       for k in sorted(s["labels"]))
        series[s["name"] + "{" + lab + "}"] = v
got = "".join("%s %r\n" % (k, series[k]) for k in sorted(series))
sys.exit(got != open(sys.argv[2]).read())' "$tmp/m.json" "$tmp/m.series"
ok "the endpoint serves the same series as hactl metrics" same_series
expect "the label value is escaped (backslash, quote)" \
    'ha_resource_failcount{resource="q\"u\\ote",node="NODE"} 1' \
    sh -c "grep '^ha_resource_failcount{resource=\"q' '$tmp/m.txt' | sed 's/node=\"[^\"]*\"/node=\"NODE\"/'"
expect "configuration changes are counted (6 resources, 2 node flags)" \
    "ha_config_changes_total 8" grep '^ha_config_changes_total' "$tmp/m.txt"

# ---- the endpoint: other paths, methods, garbage, slow clients ----
expect "GET / is 404" "404 text/plain; charset=utf-8" \
    python3 "$tmp/scrape.py" "$port" get / "$tmp/b"
expect "GET /metrics/x is 404" "404 text/plain; charset=utf-8" \
    python3 "$tmp/scrape.py" "$port" get /metrics/x "$tmp/b"
expect "GET /metrics?x=1 is the metrics" "200 text/plain; version=0.0.4; charset=utf-8" \
    python3 "$tmp/scrape.py" "$port" get '/metrics?x=1' "$tmp/b"
expect "HEAD /metrics: 200" "HTTP/1.1 200 OK" \
    python3 "$tmp/scrape.py" "$port" raw "b'HEAD /metrics HTTP/1.0\r\n\r\n'"
expect "POST /metrics: 405" "HTTP/1.1 405 Method Not Allowed" \
    python3 "$tmp/scrape.py" "$port" raw "b'POST /metrics HTTP/1.0\r\nContent-Length: 0\r\n\r\n'"
expect "a garbage line: 400" "HTTP/1.1 400 Bad Request" \
    python3 "$tmp/scrape.py" "$port" raw "b'\xff\xfe garbage here\r\n\r\n'"
expect "binary garbage with NUL bytes: 400" "HTTP/1.1 400 Bad Request" \
    python3 "$tmp/scrape.py" "$port" raw "b'GET /metrics\x00\x01\x02\r\n\r\n'"
expect "a request line of 40 KiB without an end: 414" "HTTP/1.1 414 URI Too Long" \
    python3 "$tmp/scrape.py" "$port" raw "b'GET /' + b'a' * 40960"
expect "an oversized request is answered every time, never reset (20 tries)" \
    "HTTP/1.1 414 URI Too Long" sh -c "for i in \$(seq 20); do python3 '$tmp/scrape.py' '$port' raw \"b'GET /' + b'a' * 40960\"; done | sort -u"
expect "a header of 40 KiB: 431" "HTTP/1.1 431 Request Header Fields Too Large" \
    python3 "$tmp/scrape.py" "$port" raw "b'GET /metrics HTTP/1.0\r\nX-A: ' + b'b' * 40960 + b'\r\n\r\n'"
expect "a request cut short (no blank line, then the end) is dropped" "closed" \
    python3 "$tmp/scrape.py" "$port" raw "b'GET /metrics HTTP/1.0\r\n'"
expect "a client that sends nothing is dropped" "closed" \
    python3 "$tmp/scrape.py" "$port" raw "b''"
expect "a stalled client neither blocks others nor stays for good" \
    "HTTP/1.1 200 OK answered-while-stalled dropped" \
    python3 "$tmp/scrape.py" "$port" silent 10
# ---- health, DC and resources for load balancers (JSON) ----
expect "GET /health: 200, JSON" "200 application/json" \
    python3 "$tmp/scrape.py" "$port" get /health "$tmp/b"
ok "/health says online, quorate, synced" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(not (d["online"] and d["quorate"] and d["synced"] and d["dc"] == d["node"]))' "$tmp/b"
expect "GET /dc on the DC: 200" "200 application/json" \
    python3 "$tmp/scrape.py" "$port" get /dc "$tmp/b"
expect "GET /resource/vip (configured, not running: no executor): 503" \
    "503 application/json" python3 "$tmp/scrape.py" "$port" get /resource/vip "$tmp/b"
expect "GET /resource/web/promoted (a group never promoted): 503" \
    "503 application/json" python3 "$tmp/scrape.py" "$port" get /resource/web/promoted "$tmp/b"
expect "GET /resource/nope: 404" "404 application/json" \
    python3 "$tmp/scrape.py" "$port" get /resource/nope "$tmp/b"
ok "hacd survived all of it" kill -0 "$pid"
ok "the endpoint still serves the same series as hactl metrics" same_series

# ---- errors ----
err 2 "metrics with an argument" metrics --bogus
ERR_ENV="HA_IPC_NAME=ha-cli-metrics-nobody"
err 5 "metrics with no hacd behind the IPC name" metrics
ERR_ENV=
expect "hacd with a bad address: exit 2" "2" sh -c \
    "HA_IPC_NAME=ha-cli-metrics-bad-$$ '$HACD' --fake --keep-root --state-dir '$tmp/s2' \
     --metrics-address nonsense >/dev/null 2>&1; echo \$?"
expect "hacd with an address in use: exit 1, nothing joined" "1" sh -c \
    "HA_IPC_NAME=ha-cli-metrics-busy-$$ '$HACD' --fake --keep-root --state-dir '$tmp/s3' \
     --metrics-address 127.0.0.1:$port >/dev/null 2>&1; echo \$?"
ok "the first hacd still answers" same_series

compare metrics-errors "error messages and exit codes (transcript)" "$tmp/errors"
compare metrics-changes "what the changes printed (transcript)" "$tmp/changes"

kill "$pid"; wait "$pid" 2>/dev/null; pid=
expect "the endpoint is gone with hacd" "refused" \
    python3 "$tmp/scrape.py" "$port" raw "b'GET /metrics HTTP/1.0\r\n\r\n'"

# ---- with a real executor (root): transitions and fencing are counted ----
# value NAME{LABELS}: the value of one series in $tmp/x.series
value() { sed -n "s/^$1 //p" "$tmp/x.series"; }
if [ "$(id -u)" != 0 ]; then
    pass "transitions and fencing counted with ha-execd # SKIP needs root"
else
    HA_EXECD_NAME=ha-cli-metrics-execd-$$
    export HA_EXECD_NAME
    mkdir -p "$tmp/ocf/resource.d" "$tmp/rsctmp" "$tmp/fence"
    ln -s "$top_srcdir/agents/ocf" "$tmp/ocf/resource.d/ha"
    "$top_builddir/daemons/execd/ha-execd" --name "$HA_EXECD_NAME" \
        --ocf-root "$tmp/ocf" --rsctmp "$tmp/rsctmp" --fence-dir "$tmp/fence" \
        --node "$host" --log-file "$tmp/execd.log" >"$tmp/execd.out" 2>&1 &
    execd_pid=$!
    port=$(free_port)
    "$HACD" --fake --keep-root --state-dir "$tmp/state2" \
        --log-file "$tmp/hacd2.log" --metrics-address "127.0.0.1:$port" \
        >"$tmp/hacd2.out" 2>&1 &
    pid=$!
    i=0
    until "$HACTL" status >/dev/null 2>&1 || [ $i -ge 100 ]; do
        sleep 0.1; i=$((i + 1))
    done
    ok "property set stonith-enabled false" "$HACTL" property set \
        stonith-enabled false --force
    ok "a resource that starts (--wait)" "$HACTL" resource create one \
        ocf:ha:stateless --wait=60
    ok "fencing the only node fails" sh -c \
        "! '$HACTL' stonith fence '$host' --wait=30"
    ok "the cluster settles" "$HACTL" status --wait=60
    expect "GET /resource/one where it runs: 200" "200 application/json" \
        python3 "$tmp/scrape.py" "$port" get /resource/one "$tmp/b"
    ok "and its body says active" grep -q '"active":true' "$tmp/b"
    "$HACTL" metrics > "$tmp/x.txt"
    python3 "$tmp/promcheck.py" "$tmp/x.txt" "$tmp/x.series"
    expect "the started resource is counted" "1.0" \
        value 'ha_resources{state="started"}'
    ok "transitions are counted and timed (count = complete + aborted)" \
        python3 -c '
import sys
v = dict(l.rsplit(" ", 1) for l in open(sys.argv[1]).read().splitlines())
done = float(v["ha_transitions_total{result=\"complete\"}"])
both = done + float(v["ha_transitions_total{result=\"aborted\"}"])
sys.exit(not (done >= 1 and both == float(v["ha_transition_duration_seconds_count{}"])
              and float(v["ha_transition_duration_seconds_sum{}"]) > 0))' \
        "$tmp/x.series"
    expect "the failed fencing is counted" "1.0" \
        value 'ha_fencing_events_total{result="failed"}'
    ok "the endpoint serves the same series as hactl metrics (executor)" \
        same_series
    kill "$pid"; wait "$pid" 2>/dev/null; pid=
    kill "$execd_pid"; wait "$execd_pid" 2>/dev/null; execd_pid=
fi
cli_end
