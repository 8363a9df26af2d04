#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# cts/scheduler/pcmk-suite.sh - conformance with Pacemaker's scheduler
# regression suite (kept outside the project, in ../shared/pcmk-scheduler).
# Runs its `compare` on the core subset and on the whole set, and fails if
# the pass count drops below the floors recorded in pcmk-suite.floor.
# Prints TAP.  When the suite is absent the test says so and is skipped,
# or fails if HA_REQUIRE_PCMK_SUITE=1.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
hactl=${HACTL:-$top_builddir/tools/hactl/hactl}

suite=${HA_PCMK_SUITE:-}
if [ -z "$suite" ]; then
    for d in "$top_srcdir/../shared/pcmk-scheduler" /work/shared/pcmk-scheduler; do
        if [ -x "$d/compare" ]; then
            suite=$d
            break
        fi
    done
fi

echo "1..2"
if [ -z "$suite" ] || [ ! -x "$suite/compare" ]; then
    msg="Pacemaker scheduler suite not found (set HA_PCMK_SUITE or put it in ../shared/pcmk-scheduler)"
    if [ "${HA_REQUIRE_PCMK_SUITE:-0}" = "1" ]; then
        echo "not ok 1 - core subset: $msg"
        echo "not ok 2 - whole set: $msg"
        exit 1
    fi
    echo "ok 1 # SKIP $msg"
    echo "ok 2 # SKIP $msg"
    exit 0
fi

floor() {
    sed -n "s/^$1 //p" "$here/pcmk-suite.floor"
}

rc=0
check() {
    num=$1 label=$2 key=$3
    shift 3
    out=$("$suite/compare" --cmd "$hactl simulate --xml-file {xml} {args}" \
          "$@" 2>&1)
    passed=$(echo "$out" | tail -n 1 | sed -n 's/^\([0-9]*\) passed.*/\1/p')
    min=$(floor "$key")
    if [ -n "$passed" ] && [ "$passed" -ge "$min" ]; then
        echo "ok $num - $label: $(echo "$out" | tail -n 1) (floor $min)"
    else
        echo "not ok $num - $label: $(echo "$out" | tail -n 1) (floor $min)"
        echo "$out" | sed 's/^/# /'
        rc=1
    fi
}
check 1 "core subset" core --tests "$suite/core.txt"
check 2 "whole set" all
exit $rc
