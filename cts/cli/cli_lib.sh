# cts/cli/cli_lib.sh - sourced by the cts/cli golden tests: a fresh
# temporary directory, the output normaliser, TAP helpers (pass, fail, ok,
# compare, golden, change, err) and a hacd --fake starter.  The sourcing
# script sets HA_IPC_NAME before sourcing (a name of its own).
#
#   golden NAME DESC ARGS...   stdout of `hactl ARGS` equals cts/cli/NAME.exp
#   change DESC ARGS...        a change: exit 0, silent stderr; transcript
#   err CODE DESC ARGS...      exit CODE, nothing on stdout; transcript
#   err_json CODE DESC ARGS... the same with --output json: an error envelope
#   cli_start_hacd             hacd --fake on $tmp/state; sets $pid, $host
#   cli_end                    kills hacd, prints the TAP plan, the status
# HA_CLI_REGEN=1 rewrites the golden files instead of comparing.
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
HA_SCHEMA_DIR=${HA_SCHEMA_DIR:-$top_srcdir/xml}
HACTL=$top_builddir/tools/hactl/hactl
HACD=$top_builddir/daemons/hacd/hacd
EXP=$top_srcdir/cts/cli
HA_IPC_NAME=${HA_IPC_NAME:-ha-cli-golden-$$}
HA_HACTL_TIMEOUT_MS=5000
LC_ALL=C
export HA_IPC_NAME HA_HACTL_TIMEOUT_MS HA_SCHEMA_DIR LC_ALL
tmp=$(mktemp -d /tmp/hactl-cli-XXXXXX)
chmod 755 "$tmp"
n=0
fails=0
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# The normaliser: `norm.py text|json HOST` reads stdin, writes stdout.
cat > "$tmp/norm.py" <<'PY'
import json, re, sys
mode, host = sys.argv[1], sys.argv[2]
hre = re.compile(r'(?<![A-Za-z0-9_.])' + re.escape(host) + r'(?![A-Za-z0-9_])')
MASK = {'config_version': 'VERSION', 'config_digest': 'DIGEST'}
def text(s):
    # on lines naming the host, column padding depends on its length:
    # squeeze runs of spaces after the indentation there
    s = ''.join(re.sub(r'(?<=\S) {2,}', ' ', l) if hre.search(l) else l
                for l in s.splitlines(True))
    s = hre.sub('NODE', s)
    s = re.sub(r'\b(admin_epoch|epoch|num_updates)="[0-9]+"', r'\1="N"', s)
    s = re.sub(r'validate-with="[^"]*"', 'validate-with="SCHEMA"', s)
    s = re.sub(r'\(ring [0-9.]+\)', '(ring N)', s)
    s = re.sub(r'version [0-9]+\.[0-9]+\.[0-9]+, digest [0-9a-f]+',
               'version VERSION, digest DIGEST', s)
    s = re.sub(r'configuration [0-9]+\.[0-9]+\.[0-9]+', 'configuration VERSION', s)
    s = re.sub(r'"config_version" : "[0-9.]+"', '"config_version" : "VERSION"', s)
    return s
def walk(v):
    if isinstance(v, dict):
        return {k: (MASK[k] if k in MASK else walk(x)) for k, x in v.items()}
    if isinstance(v, list):
        return [walk(x) for x in v]
    if isinstance(v, str):
        return hre.sub('NODE', v)
    return v
data = sys.stdin.read()
if mode == 'json':
    sys.stdout.write(json.dumps(walk(json.loads(data)), indent=2) + '\n')
else:
    sys.stdout.write(text(data))
PY

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"
    [ -n "$2" ] && sed 's/^/# /' "$2"
    return 0
}
ok() {   # ok DESCRIPTION COMMAND...   (passes if COMMAND succeeds)
    desc=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then
        pass "$desc"
    else
        cat "$tmp/out" "$tmp/err" > "$tmp/both"; fail "$desc" "$tmp/both"
    fi
}
# compare NAME DESC FILE: normalised FILE against $EXP/NAME.exp
compare() {
    if [ -n "$HA_CLI_REGEN" ]; then
        cp "$3" "$EXP/$1.exp"; pass "$2 # regenerated $1.exp"
    elif [ ! -f "$EXP/$1.exp" ]; then
        echo "missing $EXP/$1.exp" > "$tmp/diff"; fail "$2" "$tmp/diff"
    elif diff -u "$EXP/$1.exp" "$3" > "$tmp/diff"; then
        pass "$2"
    else
        fail "$2 (differs from ${EXP#"$top_srcdir"/}/$1.exp)" "$tmp/diff"
    fi
}
# golden NAME DESC HACTL-ARGS...: hactl must exit 0, its stdout normalised
# (as JSON when NAME ends in .json) must equal $EXP/NAME.exp.
golden() {
    name=$1; desc=$2; shift 2
    mode=text
    case "$name" in *.json) mode=json;; esac
    "$HACTL" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne 0 ]; then
        cat "$tmp/out" "$tmp/err" > "$tmp/both"
        fail "$desc (exit $got)" "$tmp/both"
    elif ! python3 "$tmp/norm.py" $mode "$host" <"$tmp/out" >"$tmp/norm" 2>"$tmp/err"; then
        cat "$tmp/out" "$tmp/err" > "$tmp/both"; fail "$desc (output does not parse)" "$tmp/both"
    else
        compare "$name" "$desc" "$tmp/norm"
    fi
}
# change DESC HACTL-ARGS...: a change must exit 0 with nothing on stderr
# (and, with --output json, print JSON); the command and what it printed
# go to the transcript compared with changes.exp at the end.
change() {
    desc=$1; shift
    "$HACTL" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    {
        echo "\$ hactl $*"
        cat "$tmp/out" "$tmp/err"
        echo "[exit $got]"
    } | python3 "$tmp/norm.py" text "$host" >> "$tmp/changes"
    if [ "$got" -eq 0 ] && [ ! -s "$tmp/err" ] && { [ "$1" != --output ] \
       || python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out"; }; then
        pass "$desc"
    else
        echo "exit $got" | cat - "$tmp/out" "$tmp/err" > "$tmp/both"; fail "$desc" "$tmp/both"
    fi
}
# err CODE DESC HACTL-ARGS...: hactl must exit CODE and print nothing on
# stdout; the command, its stderr and exit code go to the transcript that
# is compared with errors.exp at the end.  $ERR_ENV prefixes the command
# (an environment setting shown in the transcript).
ERR_ENV=
err() {
    want=$1; desc=$2; shift 2
    if [ -n "$ERR_ENV" ]; then
        env "$ERR_ENV" "$HACTL" "$@" >"$tmp/out" 2>"$tmp/err"
    else
        "$HACTL" "$@" >"$tmp/out" 2>"$tmp/err"
    fi
    got=$?
    {
        echo "\$ ${ERR_ENV:+$ERR_ENV }hactl $*"
        cat "$tmp/err"
        echo "[exit $got]"
    } | python3 "$tmp/norm.py" text "$host" >> "$tmp/errors"
    if [ "$got" -eq "$want" ] && [ ! -s "$tmp/out" ]; then
        pass "$desc: exit $want"
    else
        echo "exit $got, want $want" | cat - "$tmp/out" "$tmp/err" > "$tmp/both"
        fail "$desc: exit $want" "$tmp/both"
    fi
}
# err_json CODE DESC HACTL-ARGS...: with --output json, hactl must exit
# CODE and print one envelope with ok false and error.exit CODE; the
# envelope goes to the errors transcript.
err_json() {
    want=$1; desc=$2; shift 2
    "$HACTL" --output json "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    {
        echo "\$ hactl --output json $*"
        python3 "$tmp/norm.py" json "$host" <"$tmp/out" 2>&1
        echo "[exit $got]"
    } >> "$tmp/errors"
    if [ "$got" -eq "$want" ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False and d["error"]["exit"] == int(sys.argv[2]), d
assert d["error"]["message"], d' "$tmp/out" "$want" 2>>"$tmp/err"; then
        pass "$desc: exit $want, JSON error"
    else
        echo "exit $got, want $want" | cat - "$tmp/out" "$tmp/err" > "$tmp/both"
        fail "$desc: exit $want, JSON error" "$tmp/both"
    fi
}
digest() {
    "$HACTL" --output json status | python3 -c \
        'import json,sys; print(json.load(sys.stdin)["result"]["config_digest"])'
}
host=$(hostname)
: > "$tmp/errors"
: > "$tmp/changes"

cli_start_hacd() {
    "$HACD" --fake --state-dir "$tmp/state" --log-file "$tmp/hacd.log" \
        >"$tmp/hacd.out" 2>&1 &
    pid=$!
    i=0
    until "$HACTL" status >/dev/null 2>&1 || [ $i -ge 200 ]; do
        sleep 0.1; i=$((i + 1))
    done
    host=$("$HACTL" --output json status | python3 -c \
           'import json,sys; print(json.load(sys.stdin)["result"]["local_node"])')
}

cli_end() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    pid=
    echo "1..$n"
    [ "$fails" -eq 0 ]
}
