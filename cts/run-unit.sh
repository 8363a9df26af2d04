#!/bin/sh
# Run one unit-test program so that it speaks TAP.  GTest programs take
# --tap; HA_TEST_WRAPPER (e.g. "valgrind --error-exitcode=99 ...") wraps it.
prog="$1"; shift
exec ${HA_TEST_WRAPPER:-} "$prog" --tap "$@"
