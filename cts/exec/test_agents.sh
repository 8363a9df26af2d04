#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# TAP: every shipped OCF agent's meta-data validates against the OCF
# ra-api DTD, and every agent passes Debian's ocf-tester (vip inside a
# private network namespace, web with nginx and apache on loopback).
# fence_ha_lab's metadata is well-formed and it speaks to its helper.
. "${top_srcdir:-$(dirname "$0")/../..}/cts/exec/exec-lib.sh"

A=$top_srcdir/agents/ocf
DTD=/usr/share/resource-agents/ra-api-1.dtd
W=$(mktemp -d /tmp/ha-cts-agents.XXXXXX)
chmod 755 "$W"
trap 'pkill -KILL -f "$W/" 2>/dev/null; rm -rf "$W"' EXIT
export OCF_ROOT=/usr/lib/ocf HA_RSCTMP="$W/rsctmp"

for a in vip web stateless witness promotable; do
    if [ -r "$DTD" ] && command -v xmllint >/dev/null; then
        "$A/$a" meta-data | xmllint --noout --dtdvalid "$DTD" - 2>"$W/xmllint.err"
        ok "ocf:ha:$a meta-data validates against ra-api-1.dtd"
    else
        skip "ocf:ha:$a meta-data DTD check" "xmllint or $DTD missing"
    fi
done

tester() {   # tester DESCRIPTION ocf-tester-args...
    _d=$1; shift
    if ! command -v ocf-tester >/dev/null; then
        skip "$_d" "ocf-tester (resource-agents) is not installed"
        return
    fi
    timeout 300 ocf-tester "$@" > "$W/tester.out" 2>&1 &&
        grep -q 'passed all tests' "$W/tester.out"
    _rc=$?
    [ $_rc -eq 0 ] || sed 's/^/# /' "$W/tester.out"
    [ $_rc -eq 0 ]
    ok "$_d"
}

tester "ocf-tester: ocf:ha:stateless" -n st1 "$A/stateless"
tester "ocf-tester: ocf:ha:witness" -n w1 -o lockfile="$W/shared/w1.lock" \
    -o ledger="$W/ledger" "$A/witness"
[ -f "$W/ledger" ] && sh "$A/witness-check" "$W/ledger" >/dev/null
ok "witness ledger after ocf-tester has no overlap"
printf 'start n1 r 1.0\nstart n2 r 2.0\nstop n1 r 3.0\nstop n2 r 4.0\n' > "$W/bad-ledger"
! sh "$A/witness-check" "$W/bad-ledger" >/dev/null
ok "witness-check fails on overlapping intervals"
tester "ocf-tester: ocf:ha:promotable" -n p1 -o attr_cmd= "$A/promotable"

# ocf:ha:promotable as a role witness: promote and demote in its ledger,
# under the id without ":N"; witness-check counts the promoted at once.
prom() {   # prom NODE ACTION
    OCF_RESOURCE_INSTANCE=p2:0 OCF_RESKEY_attr_cmd= OCF_RESKEY_CRM_meta_on_node=$1 \
        OCF_RESKEY_ledger="$W/roles" OCF_RESKEY_state="$W/p2-$1.state" \
        "$A/promotable" "$2"
}
prom n1 start && prom n1 promote && prom n1 promote && prom n1 demote &&
    prom n1 promote && prom n1 stop && prom n1 stop
[ "$(awk '{print $1, $2, $3}' "$W/roles" | tr '\n' ,)" = \
  "promote n1 p2,demote n1 p2,promote n1 p2,demote n1 p2," ]
ok "promotable ledger: a promote and its end (demote, or stop when promoted), once each"
sh "$A/witness-check" "$W/roles" >/dev/null
ok "witness-check: one promoted at a time passes"
prom n2 start && prom n2 promote && prom n3 start && prom n3 promote
! sh "$A/witness-check" "$W/roles" > "$W/roles.out" &&
    grep -q '^promoted 2 > 1: p2 ' "$W/roles.out"
ok "witness-check: two promoted at once fails with promoted-max 1"
sh "$A/witness-check" --promoted-max 2 "$W/roles" >/dev/null
ok "witness-check --promoted-max 2: two promoted at once pass"

if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
    cat > "$W/vip.sh" <<END
ip link set lo up
ip link add hav0 type veth peer name hav1
ip link set hav1 up; ip link set hav0 up
ip addr add 10.203.9.1/24 dev hav0
ip -6 addr add fd00:203:9::1/64 dev hav0 nodad
ocf-tester -n vip4 -o ip=10.203.9.50 "$A/vip" > "$W/vip4.out" 2>&1
ocf-tester -n vip6 -o ip=fd00:203:9::50 -o cidr_netmask=64 "$A/vip" > "$W/vip6.out" 2>&1
END
    if command -v ocf-tester >/dev/null; then
        timeout 300 unshare -n sh "$W/vip.sh"
        grep -q 'passed all tests' "$W/vip4.out"
        ok "ocf-tester: ocf:ha:vip IPv4 (in a private network namespace)"
        grep -q 'passed all tests' "$W/vip6.out"
        ok "ocf-tester: ocf:ha:vip IPv6 (in a private network namespace)"
    else
        skip "ocf-tester: ocf:ha:vip" "ocf-tester is not installed"
    fi
else
    skip "ocf-tester: ocf:ha:vip" "needs root and unshare -n"
fi

web_conf() {    # web_conf DIR -> nginx and apache configs on 127.0.0.1:18089/18090
    mkdir -p "$1/nginx/logs" "$1/nginx/html" "$1/apache/logs" "$1/apache/html"
    chmod -R 755 "$1"
    cat > "$1/nginx/nginx.conf" <<END
worker_processes 1;
pid $1/nginx/nginx.pid;
error_log $1/nginx/logs/error.log;
events { worker_connections 64; }
http {
    access_log $1/nginx/logs/access.log;
    client_body_temp_path $1/nginx/tmp_body;
    proxy_temp_path $1/nginx/tmp_proxy;
    fastcgi_temp_path $1/nginx/tmp_fcgi;
    uwsgi_temp_path $1/nginx/tmp_uwsgi;
    scgi_temp_path $1/nginx/tmp_scgi;
    server {
        listen 127.0.0.1:18089;
        root $1/nginx/html;
        location /nginx_status { stub_status on; allow 127.0.0.1; deny all; }
    }
}
END
    echo "hello from ha" > "$1/nginx/html/index.html"
    _m=/usr/lib/apache2/modules
    cat > "$1/apache/httpd.conf" <<END
ServerRoot $1/apache
ServerName localhost
Listen 127.0.0.1:18090
PidFile $1/apache/httpd.pid
Mutex file:$1/apache
ErrorLog $1/apache/logs/error.log
LoadModule mpm_event_module $_m/mod_mpm_event.so
LoadModule authz_core_module $_m/mod_authz_core.so
LoadModule authz_host_module $_m/mod_authz_host.so
LoadModule dir_module $_m/mod_dir.so
LoadModule mime_module $_m/mod_mime.so
TypesConfig /etc/mime.types
User www-data
Group www-data
DocumentRoot $1/apache/html
DirectoryIndex index.html
<Directory $1/apache/html>
    Require all granted
</Directory>
END
    echo '<html><body>hello apache</body></html>' > "$1/apache/html/index.html"
}
web_conf "$W/web"
if [ -x /usr/sbin/nginx ] && [ "$(id -u)" = 0 ]; then
    tester "ocf-tester: ocf:ha:web with nginx" -n web1 -o server=nginx \
        -o configfile="$W/web/nginx/nginx.conf" -o pidfile="$W/web/nginx/nginx.pid" \
        -o statusurl=http://127.0.0.1:18089/ "$A/web"
else
    skip "ocf-tester: ocf:ha:web with nginx" "needs nginx and root"
fi
if [ -x /usr/sbin/apache2 ] && [ "$(id -u)" = 0 ]; then
    tester "ocf-tester: ocf:ha:web with apache" -n web2 -o server=apache \
        -o configfile="$W/web/apache/httpd.conf" -o pidfile="$W/web/apache/httpd.pid" \
        -o statusurl=http://127.0.0.1:18090/ "$A/web"
else
    skip "ocf-tester: ocf:ha:web with apache" "needs apache2 and root"
fi

F=$top_srcdir/agents/fence
if command -v xmllint >/dev/null; then
    "$F/fence_ha_lab" -o metadata | xmllint --noout -
    ok "fence_ha_lab metadata is well-formed XML"
else
    skip "fence_ha_lab metadata" "xmllint missing"
fi
printf 'action=monitor\nsocket=%s/none.sock\n' "$W" | "$F/fence_ha_lab" 2>/dev/null
[ $? -eq 1 ]
ok "fence_ha_lab fails (1) when its helper cannot be reached"

# The lab's topology, in namespaces of the test's own: node NS's eth0 is a
# veth whose peer is a port of a bridge in namespace BRNS.  The helper runs
# in HOSTNS, a stand-in for the host, whose interfaces have the same
# indexes as the bridge's ports: fencing must leave every one of them as it
# was (the host's eth0 was once set down because its index matched).
if [ "$(id -u)" = 0 ] && ip netns add "hacts$$" 2>/dev/null; then
    NS=hacts$$ BRNS=hactsbr$$ HOSTNS=hactsh$$
    ip netns add "$BRNS" && ip netns add "$HOSTNS" &&
    for i in 1 2 3; do
        ip -n "$HOSTNS" link add "hd${i}a" type veth peer name "hd${i}b" &&
        ip -n "$HOSTNS" link set "hd${i}a" up && ip -n "$HOSTNS" link set "hd${i}b" up
    done &&
    ip -n "$BRNS" link add br0 type bridge && ip -n "$BRNS" link set br0 up &&
    ip -n "$BRNS" link add v1 type veth peer name eth0 netns "$NS" &&
    ip -n "$BRNS" link set v1 master br0 up &&
    ip -n "$NS" link set eth0 up && ip -n "$NS" addr add 10.203.8.2/24 dev eth0
    host_links() { ip -n "$HOSTNS" -o link show | sed 's/^[0-9]*: //; s/ qlen.*//' | sort; }
    before=$(host_links)
    ip netns exec "$NS" sleep 300 &
    ip netns exec "$HOSTNS" "$F/ha-lab-fence-helper" --socket "$W/lab/fence.sock" &
    HP=$!
    wait_sock=0
    while [ ! -S "$W/lab/fence.sock" ] && [ $wait_sock -lt 50 ]; do sleep 0.1; wait_sock=$((wait_sock + 1)); done
    lab() { printf 'action=%s\nplug=%s\nsocket=%s\n' "$1" "$NS" "$W/lab/fence.sock" | "$F/fence_ha_lab" >/dev/null 2>&1; }
    lab status; ok "fence_ha_lab status of a running lab node: on (0)"
    lab off && [ -z "$(ip netns pids "$NS")" ] &&
        [ -z "$(ip -n "$NS" -o -4 addr show dev eth0)" ] &&
        ! ip -n "$BRNS" -o link show v1 | grep -q "master br0" &&
        ip -n "$BRNS" -o link show v1 | grep -q "state DOWN"
    ok "fence_ha_lab off: processes killed, addresses dropped, port detached from the bridge in its namespace"
    [ "$(host_links)" = "$before" ]
    ok "fence_ha_lab off: the helper's own namespace (the host) is untouched"
    lab status; [ $? -eq 2 ]; ok "status after off: off (2)"
    lab on && ip -n "$BRNS" -o link show v1 | grep -q "master br0"
    ok "fence_ha_lab on: re-attached to the bridge"
    [ "$(host_links)" = "$before" ]
    ok "fence_ha_lab on: the helper's own namespace (the host) is untouched"
    # A node whose peer lives in the helper's own namespace cannot be
    # unplugged without touching that namespace: off is refused, nothing
    # is killed.
    ip -n "$NS" link del eth0
    ip -n "$NS" link add eth1 type veth peer name hp$$ netns "$HOSTNS"
    before=$(host_links)
    ip netns exec "$NS" sleep 300 &
    sleep 0.2
    ! lab off && [ -n "$(ip netns pids "$NS")" ] && [ "$(host_links)" = "$before" ]
    ok "fence_ha_lab off: a peer in the host's namespace is refused, nothing killed or changed"
    kill "$HP"
    for p in $(ip netns pids "$NS"); do kill -9 "$p"; done
    ip netns del "$NS"; ip netns del "$BRNS"; ip netns del "$HOSTNS"
else
    skip "fence_ha_lab against its helper" "needs root and ip netns"
fi
finish
