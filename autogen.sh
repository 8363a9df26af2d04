#!/bin/sh
# Generate configure and Makefile.in from a clean clone.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
# automake ships the TAP driver but does not install it by itself.
am_dir=$(automake --print-libdir)
cp -f "$am_dir/tap-driver.sh" build-aux/tap-driver.sh
autoreconf --install --force --warnings=all,no-obsolete
