#!/bin/sh
# TAP test: ha's Pacemaker tools for agents (tools/pcmk) and the
# environment ha-execd gives agents (lib/exec, lib/sched).
#
# 1. crm_attribute, crm_master, attrd_updater, crm_node, crm_resource and
#    crm_mon, called through links named like them, against hacd --fake:
#    the transcript (command, stdout, stderr, exit code; host name ->
#    NODE) equals cts/cli/pcmk-tools.exp, bad options included.
# 2. With a real ha-execd (root): a promotable clone (notify=true) of a
#    dumping agent that runs Pacemaker's stock ocf:pacemaker:Stateful
#    after recording its environment.  Stateful's promotion score goes
#    through our crm_attribute -p (it needs OCF_RESKEY_crm_feature_set
#    and HA_SBIN_DIR), so the clone gets promoted; the environment of its
#    start and of its recurring monitor equal cts/cli/pcmk-agent-env.exp
#    (what Pacemaker 2.1.5 passes, see docs/agent-authors.md).
# After a deliberate change: HA_CLI_REGEN=1 make check TESTS=cts/cli/test_pcmk_tools.sh
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
HACTL=$top_builddir/tools/hactl/hactl
HACD=$top_builddir/daemons/hacd/hacd
EXECD=$top_builddir/daemons/execd/ha-execd
EXP=$top_srcdir/cts/cli
HA_SCHEMA_DIR=${HA_SCHEMA_DIR:-$top_srcdir/xml}
HA_IPC_NAME=ha-pcmk-tools-$$
HA_EXECD_NAME=ha-pcmk-tools-execd-$$
HA_HACTL_TIMEOUT_MS=10000
LC_ALL=C
export HA_SCHEMA_DIR HA_IPC_NAME HA_EXECD_NAME HA_HACTL_TIMEOUT_MS LC_ALL
STATEFUL=/usr/lib/ocf/resource.d/pacemaker/Stateful

tmp=$(mktemp -d /tmp/pcmk-tools-XXXXXX)
chmod 755 "$tmp"
n=0
fails=0
hacd_pid=
execd_pid=
cleanup() {
    [ -n "$hacd_pid" ] && kill "$hacd_pid" 2>/dev/null && wait "$hacd_pid" 2>/dev/null
    [ -n "$execd_pid" ] && kill "$execd_pid" 2>/dev/null && wait "$execd_pid" 2>/dev/null
    [ -n "$HA_TEST_KEEP" ] || rm -rf "$tmp"
}
trap cleanup EXIT
host=$(hostname)
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"
    [ -n "$2" ] && sed 's/^/# /' "$2"
    return 0
}
compare() {     # compare NAME DESC FILE
    [ -n "$HA_CLI_REGEN" ] && cp "$3" "$EXP/$1.exp"
    if diff -u "$EXP/$1.exp" "$3" >"$tmp/diff" 2>&1; then
        pass "$2"
    else
        fail "$2 (differs from cts/cli/$1.exp)" "$tmp/diff"
    fi
}
check() { if sh -c "$2" >"$tmp/chk" 2>&1; then pass "$1"; else fail "$1" "$tmp/chk"; fi; }
start_hacd() {
    "$HACD" --fake --keep-root --startup-grace-ms 1000 \
        --state-dir "$tmp/state$1" --log-file "$tmp/hacd.log" \
        >"$tmp/hacd.out" 2>&1 &
    hacd_pid=$!
    i=0
    until "$HACTL" status >/dev/null 2>&1 || [ $i -ge 100 ]; do
        sleep 0.1; i=$((i + 1))
    done
    host=$("$HACTL" --output json status | python3 -c \
           'import json,sys; print(json.load(sys.stdin)["result"]["local_node"])')
}
stop_hacd() { kill "$hacd_pid"; wait "$hacd_pid" 2>/dev/null; hacd_pid=; }

# the tools directory, as installed: links to hactl named like the tools
mkdir -p "$tmp/pcmk-tools"
for t in crm_attribute crm_master attrd_updater crm_node crm_resource crm_mon; do
    ln -s "$HACTL" "$tmp/pcmk-tools/$t"
done

# ---- 1. the tools against hacd --fake ----
: >"$tmp/transcript"
t() {       # t [VAR=VALUE] TOOL ARGS...: one transcript entry
    pre=
    case "$1" in *=*) pre=$1; shift ;; esac
    tool=$1; shift
    env $pre "$tmp/pcmk-tools/$tool" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    {
        echo "\$ ${pre:+$pre }$tool $*"
        cat "$tmp/out" "$tmp/err"
        echo "[exit $rc]"
    } | sed -e "s/\\b$host\\b/NODE/g" >>"$tmp/transcript"
}
t crm_node -n
start_hacd 1
"$HACTL" property set stonith-enabled false --force >/dev/null
"$HACTL" resource create db ocf:pacemaker:Stateful --clone --promotable \
    --meta migration-threshold=3 --disabled >/dev/null
"$HACTL" resource update db-clone --meta notify=true >/dev/null
"$HACTL" resource create vip ocf:heartbeat:Dummy fake=x --disabled >/dev/null
t crm_node -n
t crm_node --name
t crm_node -l
t crm_node -p
t crm_node -q
t crm_node -i
t crm_node
t crm_node -R "$host"
t crm_attribute -N "$host" -n trans -v one -l reboot
t crm_attribute -N "$host" -n trans -G -l reboot
t crm_attribute --node "$host" --name trans --query --lifetime reboot --quiet
t crm_attribute -l reboot -n trans -G -q
t crm_attribute -N "$host" -n perm -v 42
t crm_attribute -N "$host" -n perm -G
t crm_attribute --lifetime=forever --name=perm --query --quiet
t crm_attribute -N "$host" -n perm -G -l reboot
t crm_attribute -N "$host" -n perm -D
t crm_attribute -N "$host" -n perm -G
t crm_attribute -N "$host" -n perm -G -q -d fallback
t crm_attribute -N "$host" -n perm -D
t crm_attribute --type crm_config --name cluster-name -v pcmk-test
t crm_attribute --type crm_config --name cluster-name -G -q
t OCF_RESOURCE_INSTANCE=db crm_attribute -p -v 7
t crm_attribute --promotion=db -G
t OCF_RESOURCE_INSTANCE=db crm_master -l reboot -v 9
t OCF_RESOURCE_INSTANCE=db crm_master -l reboot -G -q
t crm_master -r db --lifetime forever --quiet --update 11
t crm_master -r db --lifetime forever --quiet --get-value
t crm_master -r db --lifetime forever -D
t crm_master -v 1
t crm_attribute -p -v 1
t crm_attribute -n x -t rsc_defaults -G
t crm_attribute -n x -z -N "$host" -G
t crm_attribute -n x -l sometimes -G
t crm_attribute -n x -v
t crm_attribute -G
t crm_attribute -n x stray
t attrd_updater -p -l reboot -n priv -U v1
t attrd_updater -p -l reboot -n priv -Q
t attrd_updater -p -l reboot -n priv -Q -N "$host"
t attrd_updater -n priv -Q
t attrd_updater -n priv -D
t attrd_updater -n priv -Q
t attrd_updater -p -n priv -Q
t attrd_updater -d 5s -S status -n delayed -v 3
t attrd_updater -n delayed -Q
t attrd_updater -n priv
t attrd_updater -A -n priv -Q
t crm_resource --resource db --meta --get-parameter notify
t crm_resource -r db -m -g migration-threshold
t crm_resource -r db:0 --meta --get-parameter promotable
t crm_resource -r vip -g fake
t crm_resource -r vip -g missing
t crm_resource -r nope -g fake
t crm_resource -r vip --locate
t crm_resource -r vip -p fake -v y
t crm_resource -r vip
t crm_mon -1 -X
t crm_mon --one-shot --output-as=xml
t crm_mon -1
t crm_mon --output-as=html -1
t crm_mon -d
compare pcmk-tools "the tools' transcript" "$tmp/transcript"
check "the permanent attribute was kept in the configuration's <nodes>, then removed" \
    "! '$HACTL' config show | grep -q 'name=\"perm\"'"
"$HACTL" node attribute "$host" perm2 5 --lifetime forever >/dev/null
check "hactl node attribute --lifetime forever writes the configuration" \
    "'$HACTL' config show | grep -q 'name=\"perm2\" value=\"5\"'"
check "crm_attribute reads what hactl wrote" \
    "test \"\$('$tmp/pcmk-tools/crm_attribute' -N '$host' -n perm2 -G -q)\" = 5"
version() {
    "$HACTL" --output json status | python3 -c \
        'import json,sys; print(json.load(sys.stdin)["result"]["config_version"])'
}
v1=$(version)
"$tmp/pcmk-tools/crm_master" -r db -l forever -v 5 -q
v2=$(version)
"$tmp/pcmk-tools/crm_master" -r db -l forever -v 5 -q
"$tmp/pcmk-tools/crm_attribute" -N "$host" -n never-set -D
check "setting a permanent attribute to what it is writes nothing" \
    "test '$v1' != '$v2' && test '$v2' = '$(version)'"
check "hactl node attribute --lifetime forever reads it" \
    "test \"\$('$HACTL' node attribute '$host' perm2 --lifetime forever)\" = 5"
stop_hacd
"$tmp/pcmk-tools/crm_node" -n >/dev/null 2>&1
check "without hacd: exit 102 (not connected), at once" "test $? -eq 102"

# ---- 2. the environment of a stock agent under ha-execd ----
if [ "$(id -u)" != 0 ] || [ ! -x "$STATEFUL" ]; then
    if [ "${HA_REQUIRE_LAB:-0}" = 1 ]; then
        fail "agent environment: needs root and $STATEFUL"
    else
        echo "# SKIP agent environment: needs root and $STATEFUL"
    fi
    echo "1..$n"
    [ "$fails" -eq 0 ]
    exit
fi
mkdir -p "$tmp/ocf/resource.d/cts" "$tmp/rsctmp" "$tmp/env"
ln -s /usr/lib/ocf/resource.d/heartbeat "$tmp/ocf/resource.d/heartbeat"
ln -s /usr/lib/ocf/lib "$tmp/ocf/lib"
cat >"$tmp/ocf/resource.d/cts/envdump" <<AGENT
#!/bin/sh
# records its environment, then is Pacemaker's Stateful
env | sort >"$tmp/env/\$1-\${OCF_RESKEY_CRM_meta_interval:-none}"
exec $STATEFUL "\$@"
AGENT
chmod 755 "$tmp/ocf/resource.d/cts/envdump"
"$EXECD" --name "$HA_EXECD_NAME" --ocf-root "$tmp/ocf" --rsctmp "$tmp/rsctmp" \
    --tools-dir "$tmp/pcmk-tools" --hacd-name "$HA_IPC_NAME" --node "$(hostname)" \
    --log-file "$tmp/execd.log" >"$tmp/execd.out" 2>&1 &
execd_pid=$!
start_hacd 2
"$HACTL" property set stonith-enabled false --force >/dev/null
"$HACTL" resource create st ocf:cts:envdump state="$tmp/rsctmp/st.state" \
    --op monitor:interval=11s,timeout=17s,role=Unpromoted \
    --op monitor:interval=7s,role=Promoted \
    --op start:timeout=33s --clone --promotable --disabled >/dev/null
"$HACTL" resource update st-clone --meta notify=true >/dev/null
"$HACTL" resource enable st >/dev/null 2>&1
"$HACTL" resource enable st-clone >/dev/null 2>&1
i=0
until "$HACTL" resource list 2>/dev/null | grep -q "Promoted" || [ $i -ge 300 ]; do
    sleep 0.1; i=$((i + 1))
done
check "Stateful was promoted: its score came through ha's crm_attribute -p" \
    "'$HACTL' resource list | grep -q 'Promoted'"
check "crm_resource --locate finds the promoted instance" \
    "'$tmp/pcmk-tools/crm_resource' -r st --locate | grep -qx 'resource st is running on: $host Promoted'"
check "crm_mon -1 -X: what ocf:heartbeat:pgsql greps for a promoted instance" \
    "'$tmp/pcmk-tools/crm_mon' -1 -X | grep -q -i -E '<resource id=\"st\" .* role=\"(Promoted|Master)\"'"
check "crm_mon -1 -X: what pgsql greps for an online node" \
    "'$tmp/pcmk-tools/crm_mon' -1 -X | grep -q -i '<node name=\"$host\" .* online=\"true\"'"
norm_env() {    # the OCF environment, stable (the build's own sbindir and
                # bindir, which depend on its prefix, become BUILD-DIRS)
    grep -E '^(OCF_|HA_SBIN_DIR=|PATH=)' "$1" \
        | sed -e "s|$tmp|TMP|g" -e "s/=$host\$/=NODE/" \
              -e 's/^\(OCF_RESKEY_CRM_meta_on_node_uuid\)=.*/\1=ID/' \
        | sed -E 's#^PATH=(TMP/pcmk-tools):(.*:)?/usr/sbin:/usr/bin:/sbin:/bin$#PATH=\1:BUILD-DIRS:/usr/sbin:/usr/bin:/sbin:/bin#'
}
for f in start-0 promote-0; do
    if [ -f "$tmp/env/$f" ]; then
        norm_env "$tmp/env/$f" >"$tmp/env-$f"
        compare "pcmk-agent-env-$f" "the environment of $f" "$tmp/env-$f"
    else
        ls "$tmp/env" >"$tmp/ls" 2>&1; fail "the agent recorded $f" "$tmp/ls"
    fi
done

# PAF's validate-all passes its Pacemaker checks (feature set, notify=true
# read back with crm_resource --meta --get-parameter, master_max=1) and
# goes on to PostgreSQL's own
PAF=/usr/lib/ocf/resource.d/heartbeat/pgsqlms
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
if [ -x "$PAF" ] && [ -n "$PGBIN" ]; then
    mkdir -p "$tmp/pgdata"
    basename "$(dirname "$PGBIN")" >"$tmp/pgdata/PG_VERSION"
    chown -R postgres "$tmp/pgdata" 2>/dev/null; chmod 700 "$tmp/pgdata"
    "$HACTL" resource create pg ocf:heartbeat:pgsqlms pgdata="$tmp/pgdata" \
        bindir="$PGBIN" --clone --promotable --disabled >/dev/null
    "$HACTL" resource update pg-clone --meta notify=true >/dev/null
    "$HACTL" resource debug pg validate-all >"$tmp/paf" 2>&1
    check "PAF validate-all: past its Pacemaker checks" \
        "grep -q 'exit reason\\|ocf-exit-reason\\|rc\\|exit' '$tmp/paf' \
         && ! grep -q 'compatible with Pacemaker\\|notify=true\\|master-max=1\\|Could not connect' '$tmp/paf'"
    sed 's/^/# /' "$tmp/paf"
elif [ "${HA_REQUIRE_LAB:-0}" = 1 ]; then
    fail "PAF validate-all: needs resource-agents-paf and postgresql"
else
    echo "# SKIP PAF validate-all: needs resource-agents-paf and postgresql"
fi
echo "1..$n"
[ "$fails" -eq 0 ]
