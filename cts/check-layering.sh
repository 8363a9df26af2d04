#!/bin/sh
# TAP test: every #include in lib/, daemons/ and tools/ respects the allowed
# dependency direction of docs/ARCHITECTURE.md.
#   lib/common  -> nothing else in lib/
#   lib/store, lib/cluster, lib/ipc, lib/exec -> common
#   lib/sched   -> common, store
#   corosync headers only in lib/cluster; libqb IPC headers only in lib/ipc
#   a daemon never includes another daemon's headers
top=${top_srcdir:-$(dirname "$0")/..}
cd "$top" || exit 1

allowed() {
    case "$1" in
        common) echo "common" ;;
        store|cluster|ipc|exec) echo "common $1" ;;
        sched) echo "common store sched" ;;
    esac
}

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

for f in $(find lib daemons tools -name '*.[ch]' ! -path '*/tests/*' | sort); do
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
    esac
    check "$f" "$problem"
done
echo "1..$n"
[ "$bad" -eq 0 ]
