#!/bin/sh
# TAP test: the systemd units we install pass `systemd-analyze verify` with
# no output at all on stderr (any warning fails).  The units are generated
# with an sbindir holding links to the built daemons.
top_builddir=${top_builddir:-.}
echo "1..2"
if ! command -v systemd-analyze >/dev/null 2>&1; then
    if [ "${HA_REQUIRE_LAB:-0}" = 1 ]; then
        echo "not ok 1 - systemd-analyze is not installed"
        echo "not ok 2 - systemd-analyze is not installed"
        exit 1
    fi
    echo "ok 1 # SKIP systemd-analyze is not installed"
    echo "ok 2 # SKIP systemd-analyze is not installed"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/sbin" "$tmp/units"
ln -s "$(cd "$top_builddir" && pwd)/daemons/hacd/hacd" "$tmp/sbin/hacd"
ln -s "$(cd "$top_builddir" && pwd)/daemons/execd/ha-execd" "$tmp/sbin/ha-execd"
for unit in hacd ha-execd; do
    sed -e "s|@sbindir@|$tmp/sbin|g" -e 's|@ha_user@|hacluster|g' \
        -e 's|@ha_group@|haclient|g' \
        "${top_srcdir:-.}/systemd/$unit.service.in" > "$tmp/units/$unit.service"
done
# Verify both together (hacd requires ha-execd); verify also loads the
# units ours depend on (corosync.service ...).  Any line on stderr fails.
errors=$(cd "$tmp/units" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify \
    --man=no "$tmp/units/hacd.service" "$tmp/units/ha-execd.service" 2>&1 >/dev/null)
n=0
status=0
for unit in hacd ha-execd; do
    n=$((n + 1))
    mine=$(echo "$errors" | grep -F "$unit.service" || true)
    other=$(echo "$errors" | grep -v -F -e hacd.service -e ha-execd.service | grep -v '^$' || true)
    if [ -n "$mine" ] || [ -n "$other" ]; then
        echo "not ok $n - $unit.service"
        printf '%s\n%s\n' "$mine" "$other" | grep -v '^$' | sed 's/^/# /'
        status=1
    else
        echo "ok $n - $unit.service"
    fi
done
exit $status
