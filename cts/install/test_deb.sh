#!/bin/sh
# TAP test: the Debian package (debian/) builds from the release tarball
# and holds what users need.
#
#  - `make distdir` (the tree `make dist` packs), then `dpkg-buildpackage
#    -b` in it (so debian/ is in the tarball and the build needs nothing
#    else);
#  - the package's files, sorted, equal cts/install/deb-files.exp
#    (HA_CLI_REGEN=1 rewrites it): binaries, agents under /usr/lib/ocf,
#    units, uidgid entry, schema, manual pages, completion;
#  - it depends on corosync, adduser and python3 (the lab fence agent);
#  - its version is configure's, and the packaged hactl says so;
#  - installing it enables and starts nothing (no systemctl enable/start
#    in the maintainer scripts), and the scripts are valid sh;
#  - lintian finds no error and no warning.
# It needs dpkg-buildpackage, debhelper and lintian (cts/install-deps.sh);
# without them it skips, or fails when HA_REQUIRE_LAB=1 (CI).
HA_IPC_NAME=ha-cli-deb-$$
. "$(dirname "$0")/../cli/cli_lib.sh"
MAKE=${MAKE:-make}

missing=
for tool in dpkg-buildpackage dh lintian fakeroot; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    if [ "${HA_REQUIRE_LAB:-0}" = 1 ]; then
        echo "not installed:$missing (cts/install-deps.sh)" > "$tmp/err"
        fail "the Debian package builds" "$tmp/err"
    else
        n=$((n + 1)); echo "ok $n - the Debian package # SKIP not installed:$missing"
    fi
    cli_end
    exit
fi

version=$("$MAKE" -s --no-print-directory -C "$top_builddir" print-version)
if "$MAKE" -C "$top_builddir" distdir distdir="$tmp/ha-$version" \
        >"$tmp/dist.log" 2>&1; then
    pass "make distdir: the release tree (what the tarball holds)"
else
    fail "make distdir: the release tree (what the tarball holds)" "$tmp/dist.log"
    cli_end
    exit
fi
src=$tmp/ha-$version
if (cd "$src" && DEB_BUILD_OPTIONS="parallel=$(nproc)" \
        dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
    pass "dpkg-buildpackage -b in the release tree"
else
    tail -40 "$tmp/build.log" > "$tmp/err"
    fail "dpkg-buildpackage -b in the release tree" "$tmp/err"
    cli_end
    exit
fi
deb=$(ls "$tmp"/ha_"$version"_*.deb 2>/dev/null | head -1)
ok "the package is named for configure's version ($version)" test -f "$deb"

dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|' |
    LC_ALL=C sort > "$tmp/files"
EXP=$top_srcdir/cts/install compare deb-files "the package's files" "$tmp/files"

depends=$(dpkg-deb -f "$deb" Depends)
for dep in corosync adduser python3; do
    ok "it depends on $dep" sh -c 'echo "$1" | tr "," "\n" | grep -q "^ *$2\( \|$\)"' \
        sh "$depends" "$dep"
done

dpkg-deb -x "$deb" "$tmp/root"
ok "the packaged hactl is version $version" \
    test "$("$tmp/root/usr/sbin/hactl" --version)" = "hactl (ha) $version"

dpkg-deb -e "$deb" "$tmp/control"
scripts=$(cd "$tmp/control" && ls postinst postrm prerm preinst 2>/dev/null)
ok "it has a postinst (the user and group)" test -f "$tmp/control/postinst"
bad=
for s in $scripts; do
    sh -n "$tmp/control/$s" 2>>"$tmp/sh.err" || bad="$bad $s"
done
ok "its maintainer scripts are valid sh" test -z "$bad"
# dh_installsystemd --no-enable --no-start: the scripts start nothing, and
# enable a unit again only on an upgrade where the administrator had
# enabled it (each enable is under a was-enabled test)
cat /dev/null $(for s in $scripts; do echo "$tmp/control/$s"; done) > "$tmp/scripts"
starts=$(grep -cE 'deb-systemd-invoke (start|restart)|systemctl (enable|start)' "$tmp/scripts")
enables=$(grep -c 'deb-systemd-helper enable' "$tmp/scripts")
kept=$(grep -c 'deb-systemd-helper --quiet was-enabled' "$tmp/scripts")
if [ "$starts" -eq 0 ] && [ "$enables" -eq "$kept" ]; then
    pass "installing it enables and starts nothing (an upgrade keeps the admin's choice)"
else
    echo "starts: $starts, enables: $enables, of which kept choices: $kept" > "$tmp/err"
    fail "installing it enables and starts nothing (an upgrade keeps the admin's choice)" "$tmp/err"
fi

lintian --no-tag-display-limit "$deb" > "$tmp/lintian" 2>&1
grep -E '^[EW]: ' "$tmp/lintian" > "$tmp/lintian.ew"
if [ -s "$tmp/lintian.ew" ]; then
    fail "lintian: no error, no warning" "$tmp/lintian.ew"
else
    pass "lintian: no error, no warning"
fi
cli_end
