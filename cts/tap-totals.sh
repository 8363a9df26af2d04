#!/bin/sh
# Sum automake's per-test result files (.trs) into one closing line:
#   N passed, N failed, N skipped
# XFAIL counts as passed, XPASS and ERROR as failed.
passed=0 failed=0 skipped=0
for trs in "$@"; do
    [ -f "$trs" ] || continue
    while IFS= read -r line; do
        case "$line" in
            ":test-result: PASS"*|":test-result: XFAIL"*) passed=$((passed + 1)) ;;
            ":test-result: FAIL"*|":test-result: XPASS"*|":test-result: ERROR"*) failed=$((failed + 1)) ;;
            ":test-result: SKIP"*) skipped=$((skipped + 1)) ;;
        esac
    done < "$trs"
done
echo "$passed passed, $failed failed, $skipped skipped"
