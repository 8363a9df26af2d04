#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bench/run-bench.sh - our scheduler side by side with Pacemaker's.
#
#   bench/run-bench.sh [BUILD_DIR] [WORK_DIR]
#
# Generates CIBs with ../shared/bench/gen_cib.py (16x500 cold, 32x1000
# steady, 64x5000 steady), then for each one measures with /usr/bin/time
# the wall time and peak RSS of
#   - crm_simulate -x CIB -R -Q     (Pacemaker 2.1.5: one scheduler run)
#   - ha-bench-sched CIB            (ours: load + one scheduler run)
# and prints a table with the ratios.  For 64x5000 it also measures the
# time to merely parse the XML (xmllint --stream --noout) and our snapshot
# load time alone.  Never run by `make check`: it takes minutes and
# crm_simulate needs gigabytes on 64x5000 (skip it with SKIP_PCMK_64=1).
set -eu

build=${1:-$(pwd)}
work=${2:-${TMPDIR:-/tmp}/ha-bench}
gen=${GEN_CIB:-$(dirname "$0")/../../shared/bench/gen_cib.py}
[ -f "$gen" ] || gen=/work/shared/bench/gen_cib.py
bench="$build/bench/ha-bench-sched"
mkdir -p "$work"

[ -x "$bench" ] || { echo "build $bench first (make bench/ha-bench-sched)"; exit 1; }

gen_one() {   # name args...
    name=$1
    shift
    [ -f "$work/$name.xml" ] || python3 "$gen" "$@" -o "$work/$name.xml"
}
gen_one cold-16x500 --nodes 16 --resources 500
gen_one steady-32x1000 --nodes 32 --resources 1000 --status running
gen_one steady-64x5000 --nodes 64 --resources 5000 --status running

measure() {   # out-file command...  -> "seconds kb"
    out=$1
    shift
    /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$out"    # /usr/bin/time adds a line when the command fails
}

printf '%-16s %10s %10s %10s %10s %8s %8s\n' case pcmk_s pcmk_MB ours_s ours_MB speedup mem
for c in cold-16x500 steady-32x1000 steady-64x5000; do
    cib="$work/$c.xml"
    if [ "$c" = steady-64x5000 ] && [ "${SKIP_PCMK_64:-0}" = 1 ]; then
        p="nan 0"
    else
        p=$(measure "$work/t.pcmk" crm_simulate -x "$cib" -R -Q)
    fi
    o=$(measure "$work/t.ours" "$bench" "$cib")
    echo "$p $o" | awk -v c="$c" '{
        ps=$1; pk=$2; os=$3; ok=$4;
        sp = (os > 0 && ps == ps) ? ps / os : 0;
        mr = (pk > 0) ? ok / pk : 0;
        printf "%-16s %10.2f %10.1f %10.3f %10.1f %7.1fx %7.3f\n", c, ps, pk/1024, os, ok/1024, sp, mr }'
done

cib="$work/steady-64x5000.xml"
t_parse=$(measure "$work/t.parse" xmllint --stream --noout "$cib" | cut -d' ' -f1)
"$bench" "$cib" 3 > "$work/ours-64.txt"
echo
echo "64x5000: xmllint --stream parse ${t_parse} s; ours:"
sed 's/^/  /' "$work/ours-64.txt"
awk -v p="$t_parse" '/^total_ms/ { printf "  total / raw parse = %.2f\n", $2 / 1000 / p }' "$work/ours-64.txt"
