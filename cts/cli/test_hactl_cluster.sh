#!/bin/sh
# TAP test: `hactl cluster` (setup, show, join, leave, start, stop, enable,
# disable, destroy), offline: every corosync.conf is written with --dir
# under the test's temporary directory, systemctl is a script that logs
# its arguments (HA_SYSTEMCTL), corosync and corosync-cfgtool are "not
# installed" (HA_COROSYNC, HA_COROSYNC_CFGTOOL empty) except in the one
# check that runs the real `corosync -t`.  hacd --fake answers for the
# checks that ask it (stop's quorum, destroy, start --wait).
#
# The temporary directory becomes TMP and the host name NODE in the
# golden files cts/cli/cluster-*.exp; errors and their messages are in
# cluster-errors.exp.  Rewrite them with
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_cluster.sh
# and review the diff.
HA_IPC_NAME=ha-cli-cluster-$$
. "$(dirname "$0")/cli_lib.sh"
HA_EXECD_NAME=ha-cli-cluster-execd-$$
HA_COROSYNC=
HA_COROSYNC_CFGTOOL=
HA_SYSTEMCTL=$tmp/systemctl
FAKE_SYSTEMCTL_LOG=$tmp/systemctl.log
export HA_EXECD_NAME HA_COROSYNC HA_COROSYNC_CFGTOOL HA_SYSTEMCTL \
    FAKE_SYSTEMCTL_LOG

cat > "$HA_SYSTEMCTL" <<'EOF'
#!/bin/sh
# fake systemctl: log the call; fail the one named by $FAKE_SYSTEMCTL_FAIL
echo "systemctl $*" >> "$FAKE_SYSTEMCTL_LOG"
if [ "$*" = "$FAKE_SYSTEMCTL_FAIL" ]; then
    echo "Job for $2 failed because the control process exited with error code." >&2
    exit 1
fi
exit 0
EOF
chmod 755 "$HA_SYSTEMCTL"
: > "$FAKE_SYSTEMCTL_LOG"

# cgolden NAME DESC ARGS...: hactl exits 0; its stdout, with $tmp as TMP,
# equals cts/cli/cluster-NAME.exp
cgolden() {
    name=$1; desc=$2; shift 2
    mode=text
    case "$name" in *.json) mode=json;; esac
    "$HACTL" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne 0 ]; then
        cat "$tmp/out" "$tmp/err" > "$tmp/both"
        fail "$desc (exit $got)" "$tmp/both"
    elif ! sed "s|$tmp|TMP|g" "$tmp/out" \
         | python3 "$tmp/norm.py" $mode "$host" >"$tmp/norm" 2>"$tmp/err"; then
        cat "$tmp/out" "$tmp/err" > "$tmp/both"
        fail "$desc (output does not parse)" "$tmp/both"
    else
        compare "cluster-$name" "$desc" "$tmp/norm"
    fi
}
# cfile NAME DESC FILE: FILE, with $tmp as TMP, equals cluster-NAME.exp
cfile() {
    if [ ! -f "$3" ]; then
        echo "no $3" > "$tmp/both"; fail "$2" "$tmp/both"; return
    fi
    sed "s|$tmp|TMP|g" "$3" | python3 "$tmp/norm.py" text "$host" > "$tmp/norm"
    compare "cluster-$1" "$2" "$tmp/norm"
}
same() {   # same DESC FILE1 FILE2
    if cmp -s "$2" "$3"; then pass "$1"; else
        diff -u "$2" "$3" > "$tmp/both"; fail "$1" "$tmp/both"; fi
}

d3=$tmp/three
d2=$tmp/two

# ---- help ----
cgolden help "cluster --help lists every verb with examples" cluster --help
cgolden help-setup "cluster setup --help" cluster setup --help

# ---- setup: three nodes ----
cgolden setup3 "setup of three nodes says what it wrote" \
    cluster setup web n1=10.0.0.1 n2=10.0.0.2 n3=10.0.0.3 --dir "$d3"
cfile setup3-conf "three nodes: knet, aes256/sha256, nodeids 1..3, no two_node" \
    "$d3/corosync.conf"
cfile uidgid "uidgid.d/ha lets hacd's user and group use corosync" \
    "$d3/uidgid.d/ha"
ok "authkey: 256 bytes" test "$(stat -c %s "$d3/authkey")" -eq 256
ok "authkey: mode 0400" test "$(stat -c %a "$d3/authkey")" = 400
ok "authkey: owned by the user who ran setup" \
    test "$(stat -c %u "$d3/authkey")" = "$(id -u)"
ok "corosync.conf: mode 0644" test "$(stat -c %a "$d3/corosync.conf")" = 644

# ---- setup: two nodes, two links, options, JSON ----
cgolden setup2.json "setup of two nodes with two links (--output json)" \
    --output json cluster setup db "$host=192.168.1.1,10.1.0.1" \
    n2=192.168.1.2,10.1.0.2 --token 5000 --wait-for-all --dir "$d2"
cfile setup2-conf "two nodes: two_node: 1, wait_for_all, token, ring1_addr" \
    "$d2/corosync.conf"

# ---- setup: other shapes ----
ok "setup of one node named by a resolvable host name (localhost)" \
    "$HACTL" cluster setup solo localhost --dir "$tmp/solo"
cgolden show-solo "one node: its name is its address; 1 of 1 votes" \
    cluster show --dir "$tmp/solo"
ok "two nodes with --two-node off and --auto-tie-breaker, udpu, no crypto" \
    "$HACTL" cluster setup atb n1=fd00::1 n2=fd00::2 --two-node off \
    --auto-tie-breaker --last-man-standing --transport udpu --dir "$tmp/atb"
cfile atb-conf "udpu without crypto keys, IPv6, quorum options, no two_node" \
    "$tmp/atb/corosync.conf"

# ---- setup refuses to replace a cluster ----
cp "$d3/corosync.conf" "$tmp/conf.before"
cp "$d3/authkey" "$tmp/key.before"
err 12 "setup over an existing corosync.conf" \
    cluster setup other n1=10.0.0.1 --dir "$d3"
same "refused setup: corosync.conf unchanged" "$tmp/conf.before" "$d3/corosync.conf"
same "refused setup: authkey unchanged" "$tmp/key.before" "$d3/authkey"
rm "$d3/corosync.conf"
err 12 "setup over an existing authkey alone" \
    cluster setup other n1=10.0.0.1 --dir "$d3"
ok "setup --force replaces both" "$HACTL" cluster setup web n1=10.0.0.1 \
    n2=10.0.0.2 n3=10.0.0.3 --dir "$d3" --force
same "setup --force: the same configuration again" "$tmp/conf.before" \
    "$d3/corosync.conf"
if cmp -s "$tmp/key.before" "$d3/authkey"; then
    fail "setup --force: a new authkey" "$d3/authkey"
else
    pass "setup --force: a new authkey"
fi

# ---- setup: bad input changes nothing ----
bad=$tmp/bad
err 3 "setup: an address that is neither IP nor host name" \
    cluster setup web n1=10.0.0.1/24 n2=10.0.0.2 --dir "$bad"
err 3 "setup: an address with a character no host name has" \
    cluster setup web n1=10.0.0.1 n2=bad_addr! --dir "$bad"
err 3 "setup: an empty address" cluster setup web n1=10.0.0.1, --dir "$bad"
err 3 "setup: a bad node name" cluster setup web 'n!1=10.0.0.1' --dir "$bad"
err 3 "setup: a node twice" cluster setup web n1=10.0.0.1 n1=10.0.0.2 --dir "$bad"
err 3 "setup: an address twice" cluster setup web n1=10.0.0.1 n2=10.0.0.1 --dir "$bad"
err 3 "setup: an address twice on one node" \
    cluster setup web n1=10.0.0.1,10.0.0.1 --dir "$bad"
err 3 "setup: links differ between nodes" \
    cluster setup web n1=10.0.0.1,10.1.0.1 n2=10.0.0.2 --dir "$bad"
err 3 "setup: IPv4 and IPv6 on one link" \
    cluster setup web n1=10.0.0.1 n2=fd00::2 --dir "$bad"
err 3 "setup: --two-node on with three nodes" \
    cluster setup web n1=10.0.0.1 n2=10.0.0.2 n3=10.0.0.3 --two-node on --dir "$bad"
err 3 "setup: --two-node on with --auto-tie-breaker" \
    cluster setup web n1=10.0.0.1 n2=10.0.0.2 --two-node on --auto-tie-breaker --dir "$bad"
err 3 "setup: --two-node maybe" \
    cluster setup web n1=10.0.0.1 --two-node maybe --dir "$bad"
err 3 "setup: unknown cipher" \
    cluster setup web n1=10.0.0.1 --crypto-cipher des --dir "$bad"
err 3 "setup: unknown hash" \
    cluster setup web n1=10.0.0.1 --crypto-hash crc --dir "$bad"
err 3 "setup: a cipher without a hash" \
    cluster setup web n1=10.0.0.1 --crypto-hash none --dir "$bad"
err 3 "setup: --no-crypto with --crypto-cipher" \
    cluster setup web n1=10.0.0.1 --no-crypto --crypto-cipher aes128 --dir "$bad"
err 3 "setup: crypto on udpu" \
    cluster setup web n1=10.0.0.1 --transport udpu --crypto-cipher aes256 --dir "$bad"
err 3 "setup: two links on udpu" \
    cluster setup web n1=10.0.0.1,10.1.0.1 --transport udpu --dir "$bad"
err 3 "setup: unknown transport" \
    cluster setup web n1=10.0.0.1 --transport udp --dir "$bad"
err 3 "setup: a token that is not a number" \
    cluster setup web n1=10.0.0.1 --token 3s --dir "$bad"
err 3 "setup: a bad cluster name" cluster setup 'my web' n1=10.0.0.1 --dir "$bad"
err 2 "setup: no node" cluster setup web --dir "$bad"
err 2 "setup: an unknown option" cluster setup web n1=10.0.0.1 --bogus --dir "$bad"
err 2 "setup: --start with --dir" cluster setup web n1=10.0.0.1 --start --dir "$bad"
err 2 "setup: --wait without --start" cluster setup web n1=10.0.0.1 --wait --dir "$bad"
ok "refused setups wrote nothing" test ! -e "$bad"

# ---- corosync -t: the real one, if installed ----
if [ -x /usr/sbin/corosync ]; then
    ok "corosync -t accepts what setup writes" env HA_COROSYNC=/usr/sbin/corosync \
        "$HACTL" cluster setup real "$host=10.0.0.1" n2=10.0.0.2 n3=10.0.0.3 \
        --dir "$tmp/real"
    cp "$tmp/out" "$tmp/real.out"
    ok "setup said corosync -t was run" grep -q "corosync -t accepts it" \
        "$tmp/real.out"
else
    n=$((n + 1)); echo "ok $n # SKIP corosync is not installed"
    n=$((n + 1)); echo "ok $n # SKIP corosync is not installed"
fi
cat > "$tmp/corosync-refuses" <<'EOF'
#!/bin/sh
echo "parser error: check.conf:6: Invalid hash type" >&2
exit 8
EOF
chmod 755 "$tmp/corosync-refuses"
ERR_ENV=HA_COROSYNC=$tmp/corosync-refuses
err 3 "setup: a configuration corosync -t refuses" \
    cluster setup web "$host=10.0.0.1" --dir "$bad"
ERR_ENV=
ok "what corosync -t refused was not written" test ! -e "$bad/corosync.conf"

# ---- show ----
cgolden show "show: name, transport, crypto, nodes, quorum" cluster show --dir "$d3"
cgolden show.json "show --output json" --output json cluster show --dir "$d2"
err 4 "show: no corosync.conf" cluster show --dir "$tmp/nowhere"

# ---- show: malformed files (line numbers) ----
m=$tmp/malformed
mkdir -p "$m"
malformed() {   # malformed DESC TEXT (printf format)
    desc=$1
    # shellcheck disable=SC2059
    printf "$2" > "$m/corosync.conf"
    err 3 "$desc" cluster show --dir "$m"
}
malformed "a section not closed" 'totem {\n    version: 2\n'
malformed "a } too many" 'totem {\n}\n}\n'
malformed "a line without a colon" 'totem {\n    version 2\n}\n'
malformed "a key without a value" 'totem {\n    version:\n}\n'
malformed "a key twice in a section" 'totem {\n    token: 1\n    token: 2\n}\n'
malformed "a section name with a space" 'tot em {\n}\n'
malformed "a section and a key on one line" 'totem { version: 2 }\n'
malformed "an empty file" ''
malformed "no totem section" 'nodelist {\n}\n'
malformed "no nodelist" 'totem {\n}\n'
malformed "a node without nodeid" 'totem {\n}\nnodelist {\n    node {\n        ring0_addr: 10.0.0.1\n    }\n}\n'
malformed "a node with ring1_addr only" 'totem {\n}\nnodelist {\n    node {\n        nodeid: 1\n        ring1_addr: 10.0.0.1\n    }\n}\n'
malformed "two nodes with one nodeid" 'totem {\n}\nnodelist {\n    node {\n        nodeid: 1\n        ring0_addr: 10.0.0.1\n    }\n    node {\n        nodeid: 1\n        ring0_addr: 10.0.0.2\n    }\n}\n'
malformed "two_node: yes" 'totem {\n}\nnodelist {\n    node {\n        nodeid: 1\n        ring0_addr: 10.0.0.1\n    }\n}\nquorum {\n    two_node: yes\n}\n'
malformed "a key in the nodelist" 'totem {\n}\nnodelist {\n    nodeid: 1\n}\n'
malformed "two totem sections" 'totem {\n}\nnodelist {\n}\ntotem {\n}\n'

# ---- join ----
cgolden join "join a fourth node: next nodeid, where to copy what" \
    cluster join n4=10.0.0.4 --dir "$d3"
cp "$d3/corosync.conf" "$tmp/conf.joined"
err 11 "join a node already there" cluster join n4=10.0.0.9 --dir "$d3"
err 3 "join with an address taken" cluster join n5=10.0.0.2 --dir "$d3"
err 3 "join with a bad name" cluster join 'n 5=10.0.0.5' --dir "$d3"
err 3 "join with two addresses, the others have one" \
    cluster join n5=10.0.0.5,10.1.0.5 --dir "$d3"
err 3 "join with IPv6 on an IPv4 link" cluster join n5=fd00::5 --dir "$d3"
err 3 "join with a bad address" cluster join n5=10.0.0.5:5405 --dir "$d3"
err 3 "join with an empty address" cluster join n5= --dir "$d3"
err 4 "join without a corosync.conf" cluster join n5=10.0.0.5 --dir "$tmp/nowhere"
err 2 "join without a node" cluster join --dir "$d3"
same "refused joins changed nothing" "$tmp/conf.joined" "$d3/corosync.conf"

# ---- leave ----
cgolden leave "leave: the node goes, what to do next" cluster leave n2 --dir "$d3"
cgolden join-lowest.json "join takes the lowest free nodeid (--output json)" \
    --output json cluster join n5=10.0.0.5 --dir "$d3"
cfile joined-conf "after join n4, leave n2, join n5" "$d3/corosync.conf"
err 4 "leave an unknown node" cluster leave n9 --dir "$d3"
ok "leave n1 and n3 (four nodes down to two)" sh -c \
    "'$HACTL' cluster leave n1 --dir '$d3' && '$HACTL' cluster leave n3 --dir '$d3'"
cgolden show-two "two nodes left: two_node: 1 was set" cluster show --dir "$d3"
cgolden join-third "a third node joins: two_node removed" \
    cluster join n6=10.0.0.6 --dir "$d3"
err 12 "leave this node" cluster leave "$host" --dir "$d2"
ok "leave n2 of two (with a comment kept)" sh -c \
    "sed -i '1a # keep this comment' '$d2/corosync.conf' && '$HACTL' cluster leave n2 --dir '$d2'"
cfile left-one-conf "one node left: no two_node, the comment is still there" \
    "$d2/corosync.conf"
err 3 "leave the last node" cluster leave "$host" --dir "$d2" --force

# ---- start, stop, enable, disable (fake systemctl) ----
: > "$FAKE_SYSTEMCTL_LOG"
cgolden start "start: corosync, ha-execd, hacd" cluster start
cgolden enable.json "enable --output json" --output json cluster enable
cgolden disable "disable: the reverse order" cluster disable
ERR_ENV=FAKE_SYSTEMCTL_FAIL="start ha-execd.service"
err 1 "start stops at the first unit that fails" cluster start
ERR_ENV=
err 2 "stop --wait is not an option" cluster stop --wait
err 2 "enable takes no argument" cluster enable now
err 12 "bootstrap without --force is refused" cluster bootstrap
err 2 "bootstrap takes only --force" cluster bootstrap now
cfile systemctl "the systemctl calls, in order" "$FAKE_SYSTEMCTL_LOG"

ERR_ENV=HA_SYSTEMCTL=/nonexistent/systemctl
err 10 "start without systemctl" cluster start
err 10 "stop without systemctl" cluster stop
ERR_ENV=
if [ ! -d /run/systemd/system ]; then
    env -u HA_SYSTEMCTL "$HACTL" cluster enable >"$tmp/out" 2>"$tmp/err"
    code=$?
    if [ "$code" -eq 10 ] && grep -q "systemd is not running as PID 1" "$tmp/err"; then
        pass "enable without systemd as PID 1: exit 10"
    else
        echo "exit $code" | cat - "$tmp/out" "$tmp/err" > "$tmp/both"
        fail "enable without systemd as PID 1: exit 10" "$tmp/both"
    fi
else
    n=$((n + 1)); echo "ok $n # SKIP systemd is PID 1 here"
fi

# ---- with hacd --fake answering ----
cli_start_hacd
: > "$FAKE_SYSTEMCTL_LOG"
cgolden stop "stop with hacd answering: no other node loses quorum" \
    cluster stop --dir "$d3"
cgolden start-wait "start --wait: until hacd answers and settled" \
    cluster start --wait=20
cfile systemctl-hacd "stop and start calls with hacd up" "$FAKE_SYSTEMCTL_LOG"
cgolden bootstrap-moot "bootstrap --force where the partition holds the configuration: nothing to force" \
    cluster bootstrap --force
ok "setup of this node and n2" "$HACTL" cluster setup pair "$host=10.0.0.1" \
    n2=10.0.0.2 --dir "$tmp/pair"
err 12 "leave the node hacd runs on" cluster leave "$host" --dir "$tmp/pair"
cgolden leave-offline "leave a node hacd does not see online" \
    cluster leave n2 --dir "$tmp/pair"
err 12 "destroy while hacd runs" cluster destroy --force --dir "$d3" \
    --state-dir "$tmp/state"
ok "refused destroy left corosync.conf" test -f "$d3/corosync.conf"
kill "$pid"; wait "$pid" 2>/dev/null; pid=

# ---- destroy ----
err 3 "destroy refuses a relative state directory" cluster destroy --force \
    --dir "$d3" --state-dir state
err 12 "destroy without --force" cluster destroy --dir "$d3" --state-dir "$tmp/state"
ok "hacd left state behind" test -n "$(ls -A "$tmp/state")"
cgolden destroy "destroy --force with the daemons stopped" \
    cluster destroy --force --dir "$d3" --state-dir "$tmp/state"
ok "destroy removed corosync.conf and authkey" \
    test ! -e "$d3/corosync.conf" -a ! -e "$d3/authkey"
ok "destroy removed hacd's state and kept the directory" \
    test -d "$tmp/state" -a -z "$(ls -A "$tmp/state")"
mkdir -p "$tmp/other/store"
: > "$tmp/other/keep.txt"
ok "destroy with another --state-dir removes only hacd's names there" sh -c \
    "'$HACTL' cluster destroy --force --dir '$d3' --state-dir '$tmp/other' \
     && test -f '$tmp/other/keep.txt' && test ! -e '$tmp/other/store'"
cgolden destroy-again.json "destroy again: nothing left (--output json)" \
    --output json cluster destroy --force --dir "$d3" --state-dir "$tmp/state"

sed "s|$tmp|TMP|g" "$tmp/errors" > "$tmp/errors.norm"
compare cluster-errors "what the refusals said (transcript)" "$tmp/errors.norm"
cli_end
