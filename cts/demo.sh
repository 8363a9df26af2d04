#!/bin/sh
# The README's main command.  Until the multi-node cluster lands, it shows
# the policy engine: hactl simulate on an example configuration.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "${HA_SKIP_DEPS:-0}" != 1 ]; then
    sh cts/install-deps.sh
fi
./autogen.sh >/dev/null
mkdir -p _build
cd _build
../configure >/dev/null
make -j"$(nproc)" >/dev/null
if [ -x tools/hactl/hactl ]; then
    exec tools/hactl/hactl simulate --xml-file ../cts/examples/vip-web.xml
fi
echo "demo: hactl is not built yet" >&2
exit 1
