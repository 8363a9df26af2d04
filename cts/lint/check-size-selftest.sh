#!/bin/sh
# TAP test: check-size.py reports a planted oversized file and function.
exec python3 "${top_srcdir:-$(dirname "$0")/../..}/cts/lint/check-size.py" --self-test
