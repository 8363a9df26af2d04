#!/bin/sh
# TAP test: check-layering.sh reports a planted violation of each rule.
exec sh "${top_srcdir:-$(dirname "$0")/..}/cts/check-layering.sh" --self-test
