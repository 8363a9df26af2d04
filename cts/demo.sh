#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The README's main command: a live 3-node cluster on this machine.
#
# As root on Debian 12: installs the dependencies, builds, starts 3 lab
# nodes with real corosync (network + mount namespaces, cts/lab), runs
# ha-execd and hacd on each, configures a fence device, a VIP and an nginx
# web server (a group: colocated, VIP first), kills the node that serves
# the web site, and measures how long until the VIP answers HTTP again
# from a client outside the cluster.  Everything is torn down at the end,
# also on Ctrl-C or an error.
#
# Not root, or no namespaces: the policy engine alone, offline, on an
# example cluster (hactl simulate).
#
# Environment: HA_SKIP_DEPS=1 (no apt), HA_SKIP_BUILD=1 (use _build as is),
# HA_DEMO_TOKEN (corosync token, default 1000 ms), HA_DEMO_BUILDDIR (a
# configured and built tree to use instead of _build).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

lock=/var/tmp/ha-lab.lock
if [ "$(id -u)" = 0 ] && [ -z "${HA_DEMO_LOCKED:-}" ] && command -v flock >/dev/null; then
    # one lab at a time on this machine (the lab tests hold the same lock)
    HA_DEMO_LOCKED=1 exec flock -w 1800 "$lock" "$0" "$@"
fi

if [ -t 1 ]; then B=$(printf '\033[1m'); G=$(printf '\033[32m'); R=$(printf '\033[31m'); N=$(printf '\033[0m')
else B=; G=; R=; N=; fi
step=0
say()  { step=$((step + 1)); printf '\n%s== %d. %s%s\n' "$B" "$step" "$*" "$N"; }
info() { printf '   %s\n' "$*"; }
good() { printf '   %s%s%s\n' "$G" "$*" "$N"; }
bad()  { printf '   %s%s%s\n' "$R" "$*" "$N" >&2; }
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------- build --
if [ "${HA_SKIP_DEPS:-0}" != 1 ]; then
    say "Installing dependencies (cts/install-deps.sh)"
    sh cts/install-deps.sh
fi
build=${HA_DEMO_BUILDDIR:-_build}
mkdir -p "$build"
if [ -n "${HA_DEMO_BUILDDIR:-}" ]; then
    : # the caller's build
elif [ "${HA_SKIP_BUILD:-0}" != 1 ] || [ ! -x _build/daemons/hacd/hacd ]; then
    say "Building ha (autogen, configure, make)"
    if [ ! -x configure ]; then
        ./autogen.sh >_build/autogen.log 2>&1 || { cat _build/autogen.log; exit 1; }
    fi
    (cd _build && { [ -f Makefile ] || ../configure >configure.log 2>&1 \
        || { cat configure.log; exit 1; }; } \
        && make -j"$(nproc)" >make.log 2>&1) || { tail -30 _build/make.log; exit 1; }
    info "built in _build/"
fi

offline() {
    say "The policy engine, offline ($1)"
    info "A 3-node cluster runs a fence device, a VIP and a web server on node1."
    info "What does ha decide when node1 is lost?"
    echo "\$ hactl simulate --xml-file cts/examples/vip-web.xml --node-down node1"
    "$build"/tools/hactl/hactl simulate --xml-file cts/examples/vip-web.xml --node-down node1
    exit 0
}
[ "$(id -u)" = 0 ] || offline "the live demo needs root for its namespaces"
unshare --mount --uts --net true 2>/dev/null || offline "this machine refuses namespaces"
command -v corosync >/dev/null || offline "corosync is not installed"

# ------------------------------------------------------------------ lab --
export HA_LAB_PREFIX=hademo
unset HA_LAB_DIR HA_LAB_SUBNET
lab="$top/cts/lab/lab"
work=/var/tmp/ha-demo
vip=10.213.0.100
token=${HA_DEMO_TOKEN:-1000}
helper_pid=
cleanup() {
    rc=$?
    trap - EXIT INT TERM
    printf '\n%s== Tearing down%s\n' "$B" "$N"
    if [ "$rc" != 0 ] && [ -d "/var/tmp/ha-lab-$HA_LAB_PREFIX" ]; then
        "$lab" logs "$top/$build/demo-logs" >/dev/null 2>&1 \
            && info "logs of every node kept in $build/demo-logs"
    fi
    [ -n "$helper_pid" ] && kill "$helper_pid" 2>/dev/null
    "$lab" down >/dev/null 2>&1 || true
    info "lab down: namespaces, processes and state removed"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Starting 3 lab nodes with real corosync (token $token ms)"
"$lab" down >/dev/null 2>&1 || true
t0=$(now_ms)
"$lab" up 3 --token "$token"
info "3 members after $(( $(now_ms) - t0 )) ms; each node is a network + mount namespace:"
"$lab" status | sed 's/^/     /'

say "Installing the build into the lab and starting ha-execd + hacd on each node"
prefix=$("$lab" install "$build" | sed -n 's/^prefix=//p')
sbin="$prefix/sbin"
hactl() { "$lab" exec node1 "$sbin/hactl" "$@"; }
rm -rf "$work"; mkdir -p "$work/fence"; chmod 755 "$work"
cp cts/examples/demo-nginx.conf "$work/nginx.conf"; chmod 644 "$work/nginx.conf"
# fence_ha_lab (run by ha-execd inside a node) asks this host-side helper
# to power a node off: kill its processes, drop its addresses, unplug it.
python3 agents/fence/ha-lab-fence-helper --socket "$work/fence/fence.sock" \
    --hook "python3 $top/cts/lab/ctl_lab.py fence-hook" \
    >"$work/fence-helper.log" 2>&1 &
helper_pid=$!
t0=$(now_ms)
for n in node1 node2 node3; do
    "$lab" daemon start "$n" ha-execd -- "$sbin/ha-execd" \
        --log-file /var/log/ha/ha-execd.log --fence-dir "$sbin" >/dev/null
    "$lab" daemon start "$n" hacd -- "$sbin/hacd" \
        --log-file /var/log/ha/hacd.log >/dev/null
done
json_status() { "$lab" exec "${1:-node1}" "$sbin/hactl" --output json status 2>/dev/null; }
py_json() { python3 -c "import json,sys
try: s = json.load(sys.stdin)['result']
except (ValueError, KeyError): sys.exit(1)
$1"; }
wait_for() {   # wait_for SECONDS CMD...: poll every 0.1 s
    _end=$(( $(now_ms) + $1 * 1000 )); shift
    while [ "$(now_ms)" -lt "$_end" ]; do "$@" && return 0; sleep 0.1; done
    return 1
}
formed() {
    json_status | py_json 'sys.exit(0 if s.get("dc") and s.get("quorate") and sum(n["state"] == "online" for n in s["nodes"]) == 3 else 1)'
}
wait_for 60 formed || { bad "the cluster did not form"; exit 1; }
good "cluster formed: DC $(json_status | py_json 'print(s["dc"])'), 3 nodes online, after $(( $(now_ms) - t0 )) ms"

say "Configuring: fence device, VIP $vip and nginx, as one group"
has_cli=0
hactl resource create --help >/dev/null 2>&1 && has_cli=1
if [ "$has_cli" = 1 ]; then
    run() { printf '   $ hactl %s\n' "$*"; hactl "$@" >/dev/null; }
    run property set stonith-enabled true
    run property set stonith-action off
    run defaults resource set resource-stickiness=100
    run stonith create fence-lab fence_ha_lab \
        "pcmk_host_map=node1:hademo-node1;node2:hademo-node2;node3:hademo-node3" \
        "socket=$work/fence/fence.sock"
    run resource create vip ocf:ha:vip ip=$vip cidr_netmask=24 nic=eth0 \
        --op monitor:interval=5s --group website
    run resource create web ocf:ha:web server=nginx \
        configfile=$work/nginx.conf pidfile=/run/nginx-demo.pid \
        --op monitor:interval=5s --group website
else
    info "(this hactl has no 'resource create' yet: the same configuration as a CIB file)"
    info "\$ hactl config import cts/examples/demo-live.xml"
    hactl config import "$top/cts/examples/demo-live.xml"
fi

say "Waiting for the web site to answer on the VIP, from a client outside the cluster"
curl_vip() {   # the page (names the serving node), or nothing
    ip netns exec "$HA_LAB_PREFIX-client" curl -s --max-time 0.5 "http://$vip/" 2>/dev/null
}
t0=$(now_ms)
answers() { page=$(curl_vip) && [ -n "$page" ]; }
wait_for 60 answers || { bad "no answer from http://$vip/ after 60 s"; exit 1; }
echo "   \$ lab client curl http://$vip/"
echo "   $page"
victim=$(echo "$page" | sed -n 's/^Hello from \(node[0-9]*\).*/\1/p')
good "the web site is up on $victim, $(( $(now_ms) - t0 )) ms after the configuration"
if [ "$has_cli" = 1 ]; then hactl status --wait=30 >/dev/null 2>&1 || true; fi

say "hactl status"
hactl status | sed 's/^/   /'

say "Crash: kill -9 of every process of $victim (the node serving the site)"
t_kill=$("$lab" kill "$victim")
info "killed at $(date -d "@$((t_kill / 1000))" +%T).$(printf %03d $((t_kill % 1000))); polling http://$vip/ every 50 ms..."
survivor=node1; [ "$victim" = node1 ] && survivor=node2
back() {
    page=$(curl_vip) || return 1
    case "$page" in *"$victim"*|"") return 1 ;; esac
}
end=$(( t_kill + 90000 ))
while ! back; do
    [ "$(now_ms)" -lt "$end" ] || { bad "the site did not come back within 90 s"; exit 1; }
    sleep 0.05
done
t_back=$(now_ms)
echo "   $page"
new=$(echo "$page" | sed -n 's/^Hello from \(node[0-9]*\).*/\1/p')
memb=$("$lab" events "$survivor" | awk -v t="$t_kill" '$1 >= t { print $1; exit }')
good "FAILOVER: $(( t_back - t_kill )) ms from the kill until the VIP answered HTTP from $new"
[ -n "$memb" ] && info "of which corosync noticed the loss (token $token ms) after $(( memb - t_kill )) ms; ha fenced $victim, moved the VIP and started nginx in the remaining $(( t_back - memb )) ms"

say "hactl status (on $survivor)"
"$lab" exec "$survivor" "$sbin/hactl" status | sed 's/^/   /'
if "$lab" exec "$survivor" "$sbin/hactl" stonith history "$victim" >"$work/fence-history" 2>/dev/null; then
    echo "   \$ hactl stonith history $victim"
    sed 's/^/   /' "$work/fence-history"
else
    info "fencing, as the DC logged it:"
    grep -h "Fenc" /var/tmp/ha-lab-$HA_LAB_PREFIX/nodes/node*/var-log-ha/hacd.log 2>/dev/null \
        | sort | tail -4 | sed 's/^\(.\{15\}\) \([^ ]*\) [^ ]* [^ ]* /\1 \2: /' \
        | cut -c1-150 | sed 's/^/     /'
fi
echo
good "Done: $victim crashed, the site came back on $new in $(( t_back - t_kill )) ms."
