#!/bin/sh
# Create the group allowed to use hactl and the user hacd runs as, when
# missing.  Usage: install-users.sh USER GROUP
set -eu
user=$1
group=$2
if [ "$(id -u)" -ne 0 ]; then
    echo "install-users: not root, not creating '$user'/'$group'" >&2
    exit 0
fi
getent group "$group" >/dev/null || groupadd --system "$group"
if ! getent passwd "$user" >/dev/null; then
    useradd --system --gid "$group" --home-dir /var/lib/ha --no-create-home \
        --shell /usr/sbin/nologin --comment "ha cluster daemon" "$user"
fi
