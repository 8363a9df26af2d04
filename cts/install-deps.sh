#!/bin/sh
# Install everything ha needs to build, test, run its lab and compare with
# Pacemaker, on Debian 12, as root.  Installing corosync, nginx, apache2 or
# pacemaker must not start them on this host: a policy-rc.d forbids it.
set -eu
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: run as root (apt-get)" >&2
    exit 1
fi
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# ha: do not start services while packages install\nexit 101\n' \
        > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential autoconf automake libtool pkg-config make gcc \
    libglib2.0-dev libxml2-dev libxml2-utils libqb-dev libjson-glib-dev \
    zlib1g-dev libsystemd-dev libmicrohttpd-dev \
    libcorosync-common-dev libcpg-dev libquorum-dev libvotequorum-dev \
    libcmap-dev libcfg-dev corosync \
    clang libclang-rt-14-dev cppcheck \
    pacemaker pacemaker-cli-utils resource-agents resource-agents-paf \
    postgresql fence-agents \
    nginx apache2 iproute2 iputils-ping arping curl procps psmisc \
    util-linux python3 valgrind git ca-certificates systemd \
    man-db groff-base bash-completion \
    debhelper dpkg-dev fakeroot lintian >/dev/null
