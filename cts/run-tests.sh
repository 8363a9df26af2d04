#!/bin/sh
# Set up a fresh Debian 12 machine and run every test: the README's test
# command.  Builds in _build/ with warnings as errors and runs `make check`,
# whose last line is "N passed, N failed".
#   HA_SKIP_DEPS=1      do not run apt-get (dependencies already there)
#   HA_REQUIRE_LAB=1    lab tests fail instead of skipping (set by CI)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "${HA_SKIP_DEPS:-0}" != 1 ]; then
    sh cts/install-deps.sh
fi
mkdir -p _build
./autogen.sh >_build/autogen.log 2>&1 || { cat _build/autogen.log; exit 1; }
cd _build
../configure --enable-werror ${HA_CONFIGURE_FLAGS:-} >/dev/null
make -j"$(nproc)" >/dev/null
make check
