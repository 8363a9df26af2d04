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
done
echo "1..$n"

i=0
rc=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
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
done
exit $rc
