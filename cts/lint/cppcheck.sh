#!/bin/sh
# TAP test: cppcheck (warning, portability, performance) finds nothing in
# the C sources beyond the false findings listed, with reasons, in
# cppcheck.supp.  cppcheck is a build dependency (cts/install-deps.sh): a
# machine without it fails this test rather than skipping it.
top=${top_srcdir:-$(dirname "$0")/../..}
echo "1..1"
if ! command -v cppcheck >/dev/null 2>&1; then
    echo "not ok 1 - cppcheck is not installed (cts/install-deps.sh installs it)"
    exit 1
fi
out=$(cd "$top" && cppcheck -q --std=c11 --library=gtk \
    --enable=warning,portability,performance --inline-suppr \
    --suppressions-list=cts/lint/cppcheck.supp -j2 \
    -I lib -I daemons ${top_builddir:+-I "$top_builddir"} \
    --error-exitcode=1 lib daemons tools agents fuzz bench cts 2>&1)
if [ $? -ne 0 ] || [ -n "$out" ]; then
    echo "not ok 1 - cppcheck found problems"
    printf '%s\n' "$out" | sed 's/^/# /'
    exit 1
fi
echo "ok 1 - cppcheck: no finding"
