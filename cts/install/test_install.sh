#!/bin/sh
# TAP test: `make install DESTDIR=...` gives users a working tree.
#
#  - the installed paths, with this build's directories named symbolically
#    (@sbindir@/hactl, @ocfdir@/resource.d/ha/vip ...), sorted, equal
#    cts/install/installed-files.exp (HA_CLI_REGEN=1 rewrites it);
#  - programs and agents are executable, the uidgid entry names the user;
#  - the installed hactl, hacd and ha-execd run from the tree: --help, and
#    the installed hacd --fake (schema from the tree) answers the installed
#    hactl status like the build tree's (cts/cli/empty-status.exp);
#  - the installed agents run from their OCF root (describe finds
#    ha-shellfuncs through the installed layout), and each has a manual
#    page naming every parameter of its meta-data;
#  - the installed units pass `systemd-analyze verify` with ExecStart in
#    the tree, with nothing at all on stderr;
#  - the installed bash completion completes with the installed hactl;
#  - `make uninstall` removes every file again.
HA_IPC_NAME=ha-cli-install-$$
. "$(dirname "$0")/../cli/cli_lib.sh"
root=$tmp/root
MAKE=${MAKE:-make}

if "$MAKE" -C "$top_builddir" install DESTDIR="$root" >"$tmp/install.log" 2>&1; then
    pass "make install DESTDIR"
else
    fail "make install DESTDIR" "$tmp/install.log"
    echo "1..$n"
    exit 1
fi
"$MAKE" -s -C "$top_builddir" install-print-dirs > "$tmp/dirs" 2>&1
dir() { sed -n "s|^$1=||p" "$tmp/dirs"; }
sbindir=$(dir sbindir)
pkgdatadir=$(dir pkgdatadir)
ocfdir=$(dir ocfdir)
systemdunitdir=$(dir systemdunitdir)
corosyncuidgiddir=$(dir corosyncuidgiddir)
bashcompletiondir=$(dir bashcompletiondir)

# ---- the list of installed files, directories named ----
# Longest directory first, so that @pkglibexecdir@ wins over @prefix@.
awk -F= '$2 ~ /^\// { print length($2) "\t" $1 "\t" $2 }' "$tmp/dirs" | sort -rn |
    cut -f2- > "$tmp/dirs-by-length"
(cd "$root" && find . \( -type f -o -type l \) | sed 's|^\.||') |
    while read -r path; do
        while IFS="$(printf '\t')" read -r name value; do
            case "$path" in
                "$value"/*) path="@$name@${path#"$value"}"; break ;;
            esac
        done < "$tmp/dirs-by-length"
        echo "$path"
    done | LC_ALL=C sort > "$tmp/files"
EXP=$top_srcdir/cts/install compare installed-files \
    "installed files, in their directories" "$tmp/files"

# ---- modes and contents ----
bad=
for f in "$sbindir/hactl" "$sbindir/hacd" "$sbindir/ha-execd" \
         "$sbindir/fence_ha_lab" "$ocfdir/resource.d/ha/vip" \
         "$ocfdir/resource.d/ha/web"; do
    [ -x "$root$f" ] || bad="$bad $f"
done
if [ -z "$bad" ]; then
    pass "programs and agents are executable"
else
    echo "not executable:$bad" > "$tmp/err"; fail "programs and agents are executable" "$tmp/err"
fi
ok "the uidgid entry lets the daemon user use corosync" \
    grep -q "^ *uid: $(dir ha_user)\$" "$root$corosyncuidgiddir/ha"
ok "the units name the installed daemons" \
    grep -q "^ExecStart=$sbindir/hacd " "$root$systemdunitdir/hacd.service"

# ---- the installed programs run from the tree ----
IHACTL=$root$sbindir/hactl
"$IHACTL" --help > "$tmp/help.installed" 2>&1
"$HACTL" --help > "$tmp/help.built" 2>&1
if diff -u "$tmp/help.built" "$tmp/help.installed" > "$tmp/diff"; then
    pass "installed hactl --help is the built one's"
else
    fail "installed hactl --help is the built one's" "$tmp/diff"
fi
ok "installed hactl --version" "$IHACTL" --version
ok "installed hacd --help" "$root$sbindir/hacd" --help
ok "installed ha-execd --help" "$root$sbindir/ha-execd" --help
version=$("$IHACTL" --version | sed 's/^hactl //')
ok "installed hacd --version is hactl's" \
    test "$("$root$sbindir/hacd" --version)" = "hacd $version"
ok "installed ha-execd --version is hactl's" \
    test "$("$root$sbindir/ha-execd" --version)" = "ha-execd $version"
ok "installed fence_ha_lab prints its metadata" \
    sh -c '"$1" -o metadata | grep -q "<resource-agent name=\"fence_ha_lab\""' \
    sh "$root$sbindir/fence_ha_lab"
ok "installed hactl describes the installed ocf:ha:vip" \
    env OCF_ROOT="$root$ocfdir" "$IHACTL" agent describe ocf:ha:vip
ok "installed hactl lists the installed ocf:ha agents" \
    sh -c 'env OCF_ROOT="$1" "$2" agent list ocf:ha | grep -qw web' \
    sh "$root$ocfdir" "$IHACTL"

# Every installed agent has its page, and the page names every parameter
# of the agent's meta-data.
mandir=$(dir mandir)
for agent in "$root$ocfdir"/resource.d/ha/* "$root$sbindir"/fence_*; do
    name=$(basename "$agent")
    case "$name" in
        fence_*) page=$root$mandir/man8/$name.8
                 "$agent" -o metadata > "$tmp/meta" 2>/dev/null ;;
        *) page=$root$mandir/man7/ocf_ha_$name.7
           OCF_ROOT=$root$ocfdir "$agent" meta-data > "$tmp/meta" 2>/dev/null ;;
    esac
    desc="$name: its manual page documents every parameter"
    if [ ! -f "$page" ]; then
        echo "no $page" > "$tmp/err"; fail "$desc" "$tmp/err"; continue
    fi
    MANWIDTH=200 man -E ascii -l "$page" 2>/dev/null | sed 's/.\x08//g' > "$tmp/page"
    : > "$tmp/err"
    for p in $(sed -n 's/.*<parameter name="\([^"]*\)".*/\1/p' "$tmp/meta"); do
        grep -qw -e "$p" "$tmp/page" || echo "parameter '$p' is not in $page" >> "$tmp/err"
    done
    if ! grep -q '<parameter name=' "$tmp/meta"; then
        echo "no parameters in the meta-data of $agent" >> "$tmp/err"
    fi
    if [ -s "$tmp/err" ]; then fail "$desc" "$tmp/err"; else pass "$desc"; fi
done

HACTL=$IHACTL
HACD=$root$sbindir/hacd
HA_SCHEMA_DIR=$root$pkgdatadir
cli_start_hacd
ok "installed hacd --fake answers the installed hactl" test -n "$host"
# compared with the build tree's golden file, never rewritten from here
"$HACTL" status > "$tmp/status" 2>&1
python3 "$tmp/norm.py" text "$host" < "$tmp/status" > "$tmp/status.norm"
if diff -u "$top_srcdir/cts/cli/empty-status.exp" "$tmp/status.norm" > "$tmp/diff"; then
    pass "installed hactl status: as from the build tree"
else
    fail "installed hactl status: as from the build tree" "$tmp/diff"
fi
kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
pid=

# ---- systemd-analyze verify, ExecStart in the tree ----
if command -v systemd-analyze >/dev/null 2>&1; then
    mkdir -p "$tmp/units"
    for unit in hacd ha-execd; do
        sed "s|^ExecStart=$sbindir/|ExecStart=$root$sbindir/|" \
            "$root$systemdunitdir/$unit.service" > "$tmp/units/$unit.service"
    done
    (cd "$tmp/units" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no \
        "$tmp/units/hacd.service" "$tmp/units/ha-execd.service") \
        >"$tmp/verify.out" 2>"$tmp/verify.err"
    if [ -s "$tmp/verify.err" ]; then
        fail "installed units: systemd-analyze verify says nothing" "$tmp/verify.err"
    else
        pass "installed units: systemd-analyze verify says nothing"
    fi
elif [ "${HA_REQUIRE_LAB:-0}" = 1 ]; then
    echo "systemd-analyze is not installed" > "$tmp/err"
    fail "installed units: systemd-analyze verify says nothing" "$tmp/err"
else
    n=$((n + 1)); echo "ok $n - installed units # SKIP systemd-analyze is not installed"
fi

# ---- the installed completion, with the installed hactl ----
got=$(PATH=$root$sbindir:$PATH bash -c '
    . "$1"; COMP_WORDS=(hactl re); COMP_CWORD=1; _hactl; echo "${COMPREPLY[*]}"' \
    completion "$root$bashcompletiondir/hactl")
if [ "$got" = "resource report" ] || [ "$got" = "report resource" ]; then
    pass "installed completion completes 'hactl re'"
else
    echo "got '$got'" > "$tmp/err"; fail "installed completion completes 'hactl re'" "$tmp/err"
fi

# ---- uninstall ----
if "$MAKE" -C "$top_builddir" uninstall DESTDIR="$root" >"$tmp/uninstall.log" 2>&1; then
    (cd "$root" && find . \( -type f -o -type l \)) > "$tmp/left"
    if [ -s "$tmp/left" ]; then
        fail "make uninstall removes every file" "$tmp/left"
    else
        pass "make uninstall removes every file"
    fi
else
    fail "make uninstall removes every file" "$tmp/uninstall.log"
fi
echo "1..$n"
[ "$fails" -eq 0 ]
