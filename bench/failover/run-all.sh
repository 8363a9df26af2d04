#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# run-all.sh - the failover benchmark of issue 6, both stacks, one run.
# Usage (root): bench/failover/run-all.sh OUTDIR [BUILDDIR]
# Pacemaker at token 1000 and 3000; ha at the same tokens when BUILDDIR is
# given.  Then web mode (IPaddr2 + nginx group, kill --power) at token 1000
# for both (FAILOVER_WEB=0 skips it).  Prints the side-by-side table of
# every run that produced results (table.txt, web runs in table-web.txt).
# Extra options for every run: FAILOVER_OPTS (e.g. "-n 20 --start-n 5").
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: run-all.sh OUTDIR [BUILDDIR]}
build=${2:-}
mkdir -p "$out"
done_json=
for token in 1000 3000; do
    # shellcheck disable=SC2086
    "$here/failover.py" --stack pacemaker --token "$token" ${FAILOVER_OPTS:-} \
        --json "$out/pacemaker-$token.json" && \
        done_json="$done_json $out/pacemaker-$token.json"
    if [ -n "$build" ]; then
        # shellcheck disable=SC2086
        "$here/failover.py" --stack ha --builddir "$build" --token "$token" \
            ${FAILOVER_OPTS:-} --json "$out/ha-$token.json" && \
            done_json="$done_json $out/ha-$token.json"
    fi
done
web_json=
if [ "${FAILOVER_WEB:-1}" = 1 ]; then
    # shellcheck disable=SC2086
    "$here/failover.py" --stack pacemaker --token 1000 --mode web \
        ${FAILOVER_OPTS:-} --json "$out/pacemaker-web-1000.json" && \
        web_json="$web_json $out/pacemaker-web-1000.json"
    if [ -n "$build" ]; then
        # shellcheck disable=SC2086
        "$here/failover.py" --stack ha --builddir "$build" --token 1000 \
            --mode web ${FAILOVER_OPTS:-} --json "$out/ha-web-1000.json" && \
            web_json="$web_json $out/ha-web-1000.json"
    fi
fi
[ -n "$done_json$web_json" ] || { echo "run-all: no run succeeded" >&2; exit 1; }
# shellcheck disable=SC2086
[ -z "$done_json" ] || "$here/failover.py" --report $done_json | tee "$out/table.txt"
# shellcheck disable=SC2086
[ -z "$web_json" ] || "$here/failover.py" --report $web_json | tee "$out/table-web.txt"
