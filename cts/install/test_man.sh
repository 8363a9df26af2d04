#!/bin/sh
# TAP test: every manual page renders without a single warning, and
# hactl(8) documents every noun, verb and option the installed hactl has.
#
# Rendering: `man --warnings -l PAGE` (man-db, groff) at 80 columns; any
# line it writes on stderr fails the page.  Coverage: the nouns come from
# `hactl --help`, verbs and options from `hactl NOUN --help`, read by the
# bash completion's own functions (tools/completion/hactl.bash); each must
# appear in the text of hactl(8) as "hactl NOUN VERB" or as the option.
top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-.}
HACTL=$top_builddir/tools/hactl/hactl
LC_ALL=C
export LC_ALL
n=0
fails=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"
    [ -n "$2" ] && sed 's/^/# /' "$2"
    return 0
}
if ! command -v man >/dev/null 2>&1 || ! command -v groff >/dev/null 2>&1; then
    if [ "${HA_REQUIRE_LAB:-0}" = 1 ]; then
        echo "not ok 1 - man-db and groff are not installed"
        echo "1..1"
        exit 1
    fi
    echo "1..0 # SKIP man-db or groff is not installed"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for src in "$top_srcdir"/docs/man/*.in; do
    name=$(basename "$src" .in)
    page=$top_builddir/docs/man/$name
    if [ ! -f "$page" ]; then
        echo "$page was not built" > "$tmp/err"
        fail "$name renders without warnings" "$tmp/err"
        continue
    fi
    # groff's optional site file (/etc/groff/man.local) is the machine's,
    # not the page's: its absence is not a warning about the page
    MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >"$tmp/out" 2>"$tmp/err.all"
    rc=$?
    grep -v "can't find macro file 'man.local'" "$tmp/err.all" > "$tmp/err"
    if [ $rc -ne 0 ] || [ -s "$tmp/err" ] || [ ! -s "$tmp/out" ]; then
        echo "exit $rc" >> "$tmp/err"
        fail "$name renders without warnings" "$tmp/err"
    else
        pass "$name renders without warnings"
    fi
    if grep -q '@[a-zA-Z_]*@' "$page"; then
        grep -n '@[a-zA-Z_]*@' "$page" > "$tmp/err"
        fail "$name: every @dir@ was replaced" "$tmp/err"
    else
        pass "$name: every @dir@ was replaced"
    fi
done

# The text of hactl(8) on one line, words separated by one space.
MANWIDTH=200 man -E ascii -l "$top_builddir/docs/man/hactl.8" 2>/dev/null |
    sed 's/.\x08//g' | tr -s ' \t\n' '   ' > "$tmp/hactl.txt"
cat > "$tmp/coverage.sh" <<'SH'
. "$1/tools/completion/hactl.bash"
_hactl_cmd=$2
text=$(cat "$3")
for noun in $(_hactl_nouns); do
    verbs=$(_hactl_verbs "$noun")
    for verb in ${verbs:-""}; do
        cmd="hactl $noun${verb:+ $verb}"
        case "$text" in
            *"$cmd"*) echo "ok|$cmd" ;;
            *) echo "missing|$cmd" ;;
        esac
    done
    for opt in $(_hactl_options "$noun"); do
        case "$text" in
            *"$opt"*) echo "ok|hactl $noun $opt" ;;
            *) echo "missing|hactl $noun $opt" ;;
        esac
    done
done
SH
bash "$tmp/coverage.sh" "$top_srcdir" "$HACTL" "$tmp/hactl.txt" > "$tmp/cov"
if [ ! -s "$tmp/cov" ]; then
    echo "no noun found in 'hactl --help'" > "$tmp/err"
    fail "hactl(8) documents hactl's commands" "$tmp/err"
fi
while IFS='|' read -r verdict what; do
    if [ "$verdict" = ok ]; then
        pass "hactl(8) documents '$what'"
    else
        fail "hactl(8) documents '$what'"
    fi
done < "$tmp/cov"
echo "1..$n"
[ "$fails" -eq 0 ]
