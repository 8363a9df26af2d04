# cts/exec/exec-lib.sh - helpers for the executor's process-level TAP tests
# (sourced).  Provides a private OCF root, a private ha-execd and TAP output.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
EXECD=$top_builddir/daemons/execd/ha-execd
CLI_BIN=$top_builddir/daemons/execd/ha-execd-cli
T_N=0
T_FAIL=0

ok() {      # ok DESCRIPTION  (last command's status)
    _rc=$?
    T_N=$((T_N + 1))
    if [ $_rc -eq 0 ]; then
        echo "ok $T_N - $1"
    else
        T_FAIL=$((T_FAIL + 1))
        echo "not ok $T_N - $1"
    fi
    return $_rc
}

skip() {    # skip DESCRIPTION REASON  (a failure under HA_REQUIRE_LAB=1)
    T_N=$((T_N + 1))
    if [ "${HA_REQUIRE_LAB:-0}" = 1 ]; then
        T_FAIL=$((T_FAIL + 1))
        echo "not ok $T_N - $1 # required by HA_REQUIRE_LAB=1 but: $2"
    else
        echo "ok $T_N - $1 # SKIP $2"
    fi
}

finish() {
    echo "1..$T_N"
    [ $T_FAIL -eq 0 ]
}

# A private OCF root: Debian's heartbeat agents (symlinked), ours (copied
# with their shell functions), and test agents written here.
make_ocf_root() {   # make_ocf_root DIR
    mkdir -p "$1/resource.d/ha" "$1/resource.d/cts" "$1/lib/ha"
    if [ -d /usr/lib/ocf/resource.d/heartbeat ]; then
        ln -s /usr/lib/ocf/resource.d/heartbeat "$1/resource.d/heartbeat"
        ln -s /usr/lib/ocf/lib/heartbeat "$1/lib/heartbeat"
    fi
    for a in vip web stateless witness promotable; do
        cp "$top_srcdir/agents/ocf/$a" "$1/resource.d/ha/$a"
    done
    cp "$top_srcdir/agents/ocf/ha-shellfuncs" "$1/lib/ha/"
}

test_agent() {      # test_agent OCFROOT NAME BODY [MODE]
    printf '#!/bin/sh\n%s\n' "$3" > "$1/resource.d/cts/$2"
    chmod "${4:-755}" "$1/resource.d/cts/$2"
}

start_execd() {     # start_execd NAME OCFROOT WORKDIR [PREFIX-CMD...]
    _name=$1; _root=$2; _work=$3; shift 3
    _allow=$(id -un)
    mkdir -p "$_work/init.d"
    "$@" "$EXECD" -n "$_name" --ocf-root "$_root" --rsctmp "$_work/rsctmp" \
        --lsb-dir "$_work/init.d" \
        --allow-user "$_allow" --node cts-node -l "$_work/execd.log" \
        >"$_work/execd.out" 2>&1 &
    EXECD_PID=$!
    _i=0
    while [ $_i -lt 100 ]; do
        "$@" "$CLI_BIN" -n "$_name" stats >/dev/null 2>&1 && return 0
        sleep 0.1; _i=$((_i + 1))
    done
    return 1
}

rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}
