#!/bin/sh
# The README's main command.  Until the multi-node cluster lands, it shows
# the policy engine: hactl simulate on an example configuration, with the
# node that runs the web site lost.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "${HA_SKIP_DEPS:-0}" != 1 ]; then
    sh cts/install-deps.sh
fi
mkdir -p _build
./autogen.sh >_build/autogen.log 2>&1 || { cat _build/autogen.log; exit 1; }
cd _build
../configure >/dev/null
make -j"$(nproc)" >/dev/null
example=../cts/examples/vip-web.xml
echo "== A 3-node cluster runs a fence device, a VIP and a web server on node1."
echo "== What does the policy engine do when node1 is lost?"
echo "\$ hactl simulate --xml-file cts/examples/vip-web.xml --node-down node1"
echo
tools/hactl/hactl simulate --xml-file "$example" --node-down node1
