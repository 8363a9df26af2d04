#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# cts/scheduler/run-golden.sh - golden tests of the scheduler: for each
# NNNN-topic.xml here, `hactl simulate --xml-file` must print exactly
# NNNN-topic.summary.exp.  Prints TAP.
#
#   run-golden.sh [--update] [NAME ...]
#
# --update rewrites the .exp files from the current output (review the diff).
# A case may also have NNNN-topic.edges: orderings ("FIRST" -> "THEN", as
# in the `hactl simulate --dot` file; # starts a comment) that must be
# edges of the executed graph.  They are checked as one more test each and
# are never rewritten.
# Every case was also checked against Pacemaker's crm_simulate when written:
# the "Transition Summary" sections agree.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_builddir=${top_builddir:-$(pwd)}
hactl=${HACTL:-$top_builddir/tools/hactl/hactl}
update=0
if [ "${1:-}" = "--update" ]; then
    update=1
    shift
fi
if [ $# -gt 0 ]; then
    cases=$*
else
    cases=$(cd "$here" && ls [0-9]*.xml | sed 's/\.xml$//')
fi
if [ ! -x "$hactl" ]; then
    echo "1..0 # SKIP hactl not built at $hactl"
    exit 0
fi

n=0
for c in $cases; do
    n=$((n + 1))
    if [ -f "$here/$c.edges" ]; then
        n=$((n + 1))
    fi
done
echo "1..$n"

i=0
rc=0
tmp=$(mktemp)
dot=$(mktemp)
trap 'rm -f "$tmp" "$dot"' EXIT

# check_edges CASE: every ordering listed in CASE.edges is an edge of the
# executed graph (prints the missing ones; returns 1 if any)
check_edges() {
    "$hactl" simulate --xml-file "$here/$1.xml" --dot "$dot" >/dev/null 2>&1 \
        || { echo "hactl simulate --dot failed"; return 1; }
    missing=0
    while IFS= read -r line; do
        case $line in
            ''|'#'*) continue ;;
        esac
        if ! grep -qF -- "$line [" "$dot"; then
            echo "missing edge: $line"
            missing=1
        fi
    done < "$here/$1.edges"
    return $missing
}
for c in $cases; do
    i=$((i + 1))
    "$hactl" simulate --xml-file "$here/$c.xml" >"$tmp" 2>&1
    if [ $update -eq 1 ]; then
        cp "$tmp" "$here/$c.summary.exp"
        echo "ok $i - $c (updated)"
    elif diff -u "$here/$c.summary.exp" "$tmp" >/dev/null 2>&1; then
        echo "ok $i - $c"
    else
        echo "not ok $i - $c"
        diff -u "$here/$c.summary.exp" "$tmp" | sed 's/^/# /'
        rc=1
    fi
    if [ -f "$here/$c.edges" ]; then
        i=$((i + 1))
        if out=$(check_edges "$c"); then
            echo "ok $i - $c edges"
        else
            echo "not ok $i - $c edges"
            echo "$out" | sed 's/^/# /'
            rc=1
        fi
    fi
done
exit $rc
