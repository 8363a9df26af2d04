#!/bin/sh
# TAP test (with --enable-fuzzing): run every libFuzzer target for
# HA_FUZZ_SECONDS (default 3) from its checked-in corpus.  New inputs go
# to a scratch directory; a crash fails the test and its input is kept in
# $top_builddir/fuzz/crashes/ (check it in under fuzz/corpus/<target>/
# once the bug is fixed).  Prints each target's coverage and exec/s.
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
seconds=${HA_FUZZ_SECONDS:-3}
targets="store_doc store_model store_patch ipc_hacd ipc_execd hacd_msg
metrics_http"
crashes="$top_builddir/fuzz/crashes"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$crashes"
export HA_SCHEMA_DIR="${HA_SCHEMA_DIR:-$top_srcdir/xml}"
n=0
bad=0
for t in $targets; do
    n=$((n + 1))
    prog="$top_builddir/fuzz/fuzz_$t"
    mkdir -p "$tmp/$t"
    case $t in
    store_*) dict="-dict=$top_srcdir/fuzz/cib.dict" ;;
    *) dict= ;;
    esac
    "$prog" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 $dict \
        -print_final_stats=1 -artifact_prefix="$crashes/$t-" \
        "$tmp/$t" "$top_srcdir/fuzz/corpus/$t" > "$tmp/$t.log" 2>&1
    rc=$?
    stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$tmp/$t.log" | tail -1 |
        sed -e 's/^#\([0-9]*\)[[:space:]]*[A-Z]*[[:space:]]*/runs \1 /')
    if [ "$rc" -eq 0 ]; then
        echo "ok $n - fuzz_$t ran ${seconds}s: $stats"
    else
        bad=$((bad + 1))
        echo "not ok $n - fuzz_$t crashed (exit $rc), input in $crashes:"
        grep -E 'ERROR|SUMMARY|==[0-9]+==|#[0-9]+ in ' "$tmp/$t.log" |
            head -20 | sed 's/^/# /'
    fi
done
echo "1..$n"
[ "$bad" -eq 0 ]
