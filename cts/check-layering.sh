#!/bin/sh
# TAP test: every source file in lib/, daemons/ and tools/ (.c, .h and the
# .inc fragments they include) respects the layering of docs/ARCHITECTURE.md.
#   lib/common  -> nothing else in lib/
#   lib/store, lib/cluster, lib/ipc, lib/exec -> common
#   lib/sched   -> common, store
#   corosync headers only in lib/cluster; libqb IPC headers only in lib/ipc
#   a daemon never includes another daemon's headers; a tool never includes
#   a daemon's headers (it talks to the daemon through lib/ipc)
#   lib/sched is pure: no environment, no clock, no files, no printing
#   (the same input gives the same answer; it logs through ha_trace())
# `check-layering.sh --self-test` plants one violation of each rule in a
# copy of the tree and fails unless every one is reported.
top=${top_srcdir:-$(dirname "$0")/..}

if [ "${1:-}" = "--self-test" ]; then
    tmp=$(mktemp -d /tmp/ha-layering.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/lib/common" "$tmp/lib/store" "$tmp/lib/sched" \
        "$tmp/daemons/hacd" "$tmp/tools/hactl"
    printf '#include "store/store_doc.h"\n' > "$tmp/lib/common/up.c"
    printf '#include "sched/sched.h"\n' > "$tmp/lib/store/frag.inc"
    printf '#include <corosync/cpg.h>\n' > "$tmp/lib/store/coro.c"
    printf '#include <qb/qbipcs.h>\n' > "$tmp/lib/sched/qb.h"
    printf '#include "execd/execd.h"\n' > "$tmp/daemons/hacd/cross.c"
    printf '#include "hacd/hacd.h"\n' > "$tmp/tools/hactl/peek.c"
    printf 'static int f(void) { return g_getenv("X") != NULL; }\n' \
        > "$tmp/lib/sched/env.c"
    printf 'static void f(void) { fprintf(stderr, "x"); }\n' \
        > "$tmp/lib/sched/print.c"
    printf 'static long f(void) { return (long) time(NULL); }\n' \
        > "$tmp/lib/sched/clock.c"
    printf 'static void *f(void) { return fopen("x", "r"); }\n' \
        > "$tmp/lib/sched/file.c"
    printf '/* getenv() in a comment is fine */\nstatic int ok;\n' \
        > "$tmp/lib/sched/fine.c"
    out=$(top_srcdir=$tmp sh "$0")
    rc=$?
    n=0
    bad=0
    expect() {  # expect FILE PATTERN
        n=$((n + 1))
        if echo "$out" | grep -q "^not ok [0-9]* - $1: .*$2"; then
            echo "ok $n - a planted violation is reported: $1"
        else
            bad=$((bad + 1))
            echo "not ok $n - a planted violation is reported: $1"
        fi
    }
    expect lib/common/up.c "lib/common may not use lib/store"
    expect lib/store/frag.inc "lib/store may not use lib/sched"
    expect lib/store/coro.c "corosync header outside lib/cluster"
    expect lib/sched/qb.h "libqb IPC header outside lib/ipc"
    expect daemons/hacd/cross.c "daemon hacd includes daemon execd"
    expect tools/hactl/peek.c "a tool includes daemon hacd"
    expect lib/sched/env.c "g_getenv"
    expect lib/sched/print.c "fprintf"
    expect lib/sched/clock.c "time"
    expect lib/sched/file.c "fopen"
    n=$((n + 1))
    if echo "$out" | grep -q "^ok [0-9]* - lib/sched/fine.c$"; then
        echo "ok $n - a call named in a comment is not a violation"
    else
        bad=$((bad + 1)); echo "not ok $n - a call named in a comment is not a violation"
    fi
    n=$((n + 1))
    if [ "$rc" -ne 0 ]; then
        echo "ok $n - the check fails on the planted tree"
    else
        bad=$((bad + 1)); echo "not ok $n - the check fails on the planted tree"
    fi
    echo "1..$n"
    [ "$bad" -eq 0 ]
    exit
fi

cd "$top" || exit 1

allowed() {
    case "$1" in
        common) echo "common" ;;
        store|cluster|ipc|exec) echo "common $1" ;;
        sched) echo "common store sched" ;;
    esac
}

# Calls the pure scheduler may not make (a word followed by "(").
SCHED_FORBIDDEN='getenv|g_getenv|secure_getenv|setenv|printf|fprintf|g_print|g_printerr|puts|fputs|perror|time|gettimeofday|clock_gettime|g_get_real_time|g_get_monotonic_time|g_date_time_new_now_local|g_date_time_new_now_utc|fopen|open|g_file_get_contents|g_file_set_contents|rand|random|g_random_int|exit|abort'

n=0
bad=0
check() {   # check FILE VIOLATION-or-empty
    n=$((n + 1))
    if [ -n "$2" ]; then
        bad=$((bad + 1))
        echo "not ok $n - $1: $2"
    else
        echo "ok $n - $1"
    fi
}

# The code of a file without its comments and string literals.
code_of() {
    sed -e 's|/\*.*\*/||g' -e '/\/\*/,/\*\//d' -e 's|//.*$||' \
        -e 's/"\([^"\\]\|\\.\)*"/""/g' "$1"
}

for f in $(find lib daemons tools \( -name '*.[ch]' -o -name '*.inc' \) \
               ! -name Makefile.inc ! -path '*/tests/*' | sort); do
    problem=""
    includes=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p' "$f")
    case "$f" in
        lib/cluster/*) ;;
        *) echo "$includes" | grep -q '^<corosync/' &&
               problem="includes a corosync header outside lib/cluster" ;;
    esac
    case "$f" in
        lib/ipc/*) ;;
        *) echo "$includes" | grep -qE '^<qb/qbipc[cs]?\.h>' &&
               problem="includes a libqb IPC header outside lib/ipc" ;;
    esac
    case "$f" in
        lib/*)
            mod=$(echo "$f" | cut -d/ -f2)
            ok=$(allowed "$mod")
            for inc in $(echo "$includes" | sed -n 's/^"\([a-z]*\)\/.*"$/\1/p'); do
                case " $ok " in
                    *" $inc "*) ;;
                    *) problem="lib/$mod may not use lib/$inc" ;;
                esac
            done
            ;;
        daemons/*)
            d=$(echo "$f" | cut -d/ -f2)
            for inc in $(echo "$includes" | sed -n 's/^"\(hacd\|execd\)\/.*"$/\1/p'); do
                [ "$inc" = "$d" ] || problem="daemon $d includes daemon $inc's header"
            done
            ;;
        tools/*)
            for inc in $(echo "$includes" | sed -n 's/^"\(hacd\|execd\)\/.*"$/\1/p'); do
                problem="a tool includes daemon $inc's header"
            done
            ;;
    esac
    case "$f" in
        lib/sched/*)
            call=$(code_of "$f" | grep -oE "(^|[^A-Za-z0-9_.>])($SCHED_FORBIDDEN)[[:space:]]*\(" |
                   head -1 | sed -E 's/^[^A-Za-z_]*//; s/[[:space:]]*\($//')
            [ -n "$call" ] && problem="the pure scheduler calls $call()"
            ;;
    esac
    check "$f" "$problem"
done
echo "1..$n"
[ "$bad" -eq 0 ]
