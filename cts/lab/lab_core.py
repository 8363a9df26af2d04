# SPDX-License-Identifier: LGPL-2.1-or-later
"""Namespaces, network and processes of the multi-node test lab.

Every node "nodeK" is a set of kernel namespaces that together look like a
separate machine to corosync, libqb and the project's daemons:

* a network namespace <prefix>-nodeK whose eth0 is one end of a veth pair;
  the other end (vK) is a port of bridge br0 in namespace <prefix>-br.
  Addresses (<subnet>.(10+K)/24) exist only inside these namespaces; the
  host network is never configured and never receives lab traffic.  The
  netns also scopes libqb's abstract unix sockets (@cpg, @cmap, ...).
* a mount namespace (persisted as an nsfs bind mount $LAB/ns/nodeK.mnt)
  with private /run and /dev/shm (tmpfs), a sysfs of the node's netns and
  bind mounts of per-node directories over /etc/corosync, /var/lib/corosync,
  /var/log/corosync, /var/lib/ha, /var/log/ha, /var/lib/pacemaker,
  /var/log/pacemaker and /etc/hosts.
* a UTS namespace ($LAB/ns/nodeK.uts): hostname nodeK.

The PID namespace is shared with the host: a node's processes are those
whose /proc/PID/ns/net or ns/mnt is the node's namespace.

A "client" network namespace <prefix>-client on the same bridge
(<subnet>.250) lets tests reach VIPs like a client outside the cluster.

Ownership: everything lives under Lab.dir and the namespaces named
<prefix>-br, <prefix>-client, <prefix>-nodeK; Lab.down() removes exactly
those, also after a crashed run (it does not need the node list).
"""

import fcntl
import os
import re
import shutil
import signal
import subprocess
import time

NODE_RE = re.compile(r"^node([0-9]+)$")
CLIENT_HOST = 250
# Host dirs under /var that each node gets an empty private copy of (web
# servers of the demo write logs and temp files there).
DEFAULT_PRIVATE_DIRS = "/var/log/nginx /var/lib/nginx /var/log/apache2"


def is_mountpoint(path):
    """True if path is a mount point in this mount namespace (bind mounts
    of a directory onto itself included, unlike os.path.ismount)."""
    path = os.path.realpath(path)
    with open("/proc/self/mountinfo") as f:
        for line in f:
            mp = line.split()[4]
            mp = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), mp)
            if mp == path:
                return True
    return False


class LabError(Exception):
    """A lab operation failed; the message says what and where."""


def now_ms():
    """Epoch time in milliseconds (int)."""
    return int(time.time() * 1000)


def run(argv, check=True, capture=True, timeout=120, env=None):
    """Run argv on the host; returns CompletedProcess (text mode)."""
    try:
        cp = subprocess.run(argv, capture_output=capture, text=True,
                            timeout=timeout, env=env,
                            stdin=subprocess.DEVNULL)
    except FileNotFoundError as e:
        raise LabError("%s: command not found" % argv[0]) from e
    except subprocess.TimeoutExpired as e:
        raise LabError("%s timed out after %ss" % (" ".join(argv), timeout)) from e
    if check and cp.returncode != 0:
        err = (cp.stderr or "").strip() if capture else ""
        raise LabError("%s failed (rc %d)%s" % (" ".join(argv), cp.returncode,
                                                ": " + err if err else ""))
    return cp


def wait_for(cond, timeout, interval=0.05):
    """Poll cond() until it returns a true value; returns it, or None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


# Mount setup run inside a new node's mount+UTS namespace, entered into
# the node's netns so that the fresh sysfs shows the node's interfaces.
# $1 node name, $2 host-side node directory.
_NODE_MOUNTS_SH = r'''
set -eu
node=$1; nd=$2
hostname "$node"
mount --rbind /sys/fs/cgroup "$nd/lab/cgroup"
umount -l /sys
mount -t sysfs -o nosuid,nodev,noexec lab-sysfs /sys
mount --move "$nd/lab/cgroup" /sys/fs/cgroup 2>/dev/null || true
mount -t tmpfs -o mode=0755,nosuid,nodev,size=64m lab-run /run
mount -t tmpfs -o mode=1777,nosuid,nodev,size=512m lab-shm /dev/shm
bindp() { if [ -e "$2" ]; then mount --bind "$nd/$1" "$2"; fi; }
bindp etc-corosync      /etc/corosync
bindp var-lib-corosync  /var/lib/corosync
bindp var-log-corosync  /var/log/corosync
bindp var-lib-ha        /var/lib/ha
bindp var-log-ha        /var/log/ha
bindp var-lib-pacemaker /var/lib/pacemaker
bindp var-log-pacemaker /var/log/pacemaker
bindp hosts             /etc/hosts
shift 2
for d in "$@"; do   # extra private dirs: "$nd/private/<d with / as _>"
    mount --bind "$nd/private/$(echo "$d" | tr / _)" "$d"
done
'''

# Fresh /run and /dev/shm content, as after a reboot.
RUN_SKELETON_SH = r'''
install -d -m 1777 /run/lock
install -d -m 1755 /run/resource-agents /run/fence-agents
if getent passwd hacluster >/dev/null && getent group haclient >/dev/null; then
    install -d -o hacluster -g haclient -m 0750 /run/crm /run/ha
else
    install -d -m 0755 /run/ha
fi
'''


class Lab:
    """One lab instance, identified by its prefix, directory and subnet."""

    def __init__(self, prefix=None, directory=None, subnet=None):
        self.prefix = prefix or os.environ.get("HA_LAB_PREFIX") or "ha"
        if not re.match(r"^[a-z][a-z0-9]{0,7}$", self.prefix):
            raise LabError("bad prefix %r (1-8 chars [a-z0-9])" % self.prefix)
        self.dir = (directory or os.environ.get("HA_LAB_DIR")
                    or "/var/tmp/ha-lab-%s" % self.prefix)
        self.subnet = subnet or os.environ.get("HA_LAB_SUBNET") or "10.213.0"
        m = re.match(r"^(10\.[0-9]+\.[0-9]+|192\.168\.[0-9]+|"
                     r"172\.(1[6-9]|2[0-9]|3[01])\.[0-9]+)$", self.subnet)
        if not m or any(int(x) > 255 for x in self.subnet.split(".")):
            raise LabError("HA_LAB_SUBNET %r: need the first 3 octets of a "
                           "private /24 (e.g. 10.213.0)" % self.subnet)
        self.brns = "%s-br" % self.prefix
        self.client_ns = "%s-client" % self.prefix
        self.nsdir = os.path.join(self.dir, "ns")

    # ---------------------------------------------------------- naming --
    @staticmethod
    def node_index(node):
        m = NODE_RE.match(node)
        if not m:
            raise LabError("bad node name %r (expected nodeK)" % node)
        return int(m.group(1))

    def node_ip(self, node):
        return "%s.%d" % (self.subnet, 10 + self.node_index(node))

    def client_ip(self):
        return "%s.%d" % (self.subnet, CLIENT_HOST)

    def node_netns(self, node):
        return "%s-%s" % (self.prefix, node)

    def node_dir(self, node):
        return os.path.join(self.dir, "nodes", node)

    def node_state(self, node, name):
        """Host-side path of a lab bookkeeping file of the node."""
        return os.path.join(self.node_dir(node), "lab", name)

    def nodes(self):
        """Node names of the running lab, in order (empty if down)."""
        try:
            with open(os.path.join(self.dir, "nodes.list")) as f:
                return [n.strip() for n in f if n.strip()]
        except FileNotFoundError:
            return []

    def is_up(self):
        return os.path.exists(os.path.join(self.dir, "nodes.list"))

    def params(self):
        """Parameters given to up (dict), empty if down."""
        out = {}
        try:
            with open(os.path.join(self.dir, "params")) as f:
                for line in f:
                    k, _, v = line.strip().partition("=")
                    if k:
                        out[k] = v
        except FileNotFoundError:
            pass
        return out

    def need_node(self, node):
        if node not in self.nodes():
            raise LabError("no node %r in lab %s (is it up?)" % (node, self.dir))

    def resolve_nodes(self, spec):
        """'all' or a list of names -> list of node names."""
        if not spec or spec == ["all"] or spec == "all":
            return self.nodes()
        if isinstance(spec, str):
            spec = [spec]
        for n in spec:
            self.need_node(n)
        return list(spec)

    # ------------------------------------------------------- execution --
    def node_argv(self, node, argv, wd=None):
        """argv that runs `argv` inside the node's namespaces."""
        if wd is None:
            wd = os.getcwd() if os.path.isdir(os.getcwd()) else "/"
        return ["nsenter", "--net=/run/netns/%s" % self.node_netns(node),
                "--mount=%s" % os.path.join(self.nsdir, node + ".mnt"),
                "--uts=%s" % os.path.join(self.nsdir, node + ".uts"),
                "--wd=%s" % wd, "--"] + list(argv)

    def node_run(self, node, argv, check=True, capture=True, timeout=120):
        """Run argv inside node; CompletedProcess."""
        return run(self.node_argv(node, argv), check=check, capture=capture,
                   timeout=timeout)

    def node_sh(self, node, script, *args, check=True):
        return self.node_run(node, ["/bin/sh", "-c", script, "sh"] + list(args),
                             check=check)

    def client_argv(self, argv):
        return ["ip", "netns", "exec", self.client_ns] + list(argv)

    # ------------------------------------------------------- processes --
    @staticmethod
    def _ns_ino(path):
        try:
            return os.stat(path).st_ino
        except OSError:
            return None

    def _node_ns_ids(self, node):
        """Set of 'net:[ino]' / 'mnt:[ino]' strings identifying the node."""
        ids = set()
        ino = self._ns_ino("/run/netns/%s" % self.node_netns(node))
        if ino:
            ids.add("net:[%d]" % ino)
        ino = self._ns_ino(os.path.join(self.nsdir, node + ".mnt"))
        if ino and is_mountpoint(os.path.join(self.nsdir, node + ".mnt")):
            ids.add("mnt:[%d]" % ino)
        try:  # recorded at creation: still valid if the nsfs file is gone
            with open(self.node_state(node, "mntns")) as f:
                ids.add(f.read().strip())
        except OSError:
            pass
        return ids

    @staticmethod
    def _pids_in(ids):
        """Live (non-zombie) pids whose net or mnt namespace is in ids."""
        me = os.getpid()
        out = []
        if not ids:
            return out
        for e in os.listdir("/proc"):
            if not e.isdigit() or int(e) == me:
                continue
            try:
                net = os.readlink("/proc/%s/ns/net" % e)
                mnt = os.readlink("/proc/%s/ns/mnt" % e)
            except OSError:
                continue  # gone, or a zombie (links unreadable)
            if net in ids or mnt in ids:
                out.append(int(e))
        return out

    def node_pids(self, node):
        """Pids of every live process of the node."""
        return self._pids_in(self._node_ns_ids(node))

    def _kill_ids(self, ids, what):
        """SIGKILL every process in ids until none is left; epoch ms or None."""
        t = None
        for _ in range(100):
            pids = self._pids_in(ids)
            if not pids:
                return t
            if t is None:
                t = now_ms()
            for p in pids:
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            wait_for(lambda: not self._pids_in(ids), 0.5, 0.01)
        raise LabError("processes of %s survive SIGKILL: %s"
                       % (what, self._pids_in(ids)))

    # ------------------------------------------------------- bridge ports --
    def _port(self, node):
        return "v%d" % self.node_index(node)

    def port_attached(self, node):
        cp = run(["ip", "-n", self.brns, "-o", "link", "show", "master", "br0"],
                 check=False)
        return (" %s@" % self._port(node)) in (cp.stdout or "")

    def isolate(self, node):
        """Detach node from the bridge (both veth ends stay up); epoch ms."""
        self.need_node(node)
        t = now_ms()
        run(["ip", "-n", self.brns, "link", "set", self._port(node), "nomaster"])
        return t

    def heal(self, node):
        """Re-attach node to the bridge; epoch ms."""
        self.need_node(node)
        t = now_ms()
        run(["ip", "-n", self.brns, "link", "set", self._port(node),
             "master", "br0"])
        run(["ip", "-n", self.brns, "link", "set", self._port(node), "up"])
        return t

    def kill(self, node, power=False):
        """kill -9 every process of node; epoch ms of the kill.

        power=True also simulates power loss: the node is detached from the
        bridge first and every address but its own is removed from eth0, so
        a VIP it held stops answering.  start() re-attaches it.
        """
        self.need_node(node)
        t = None
        if power:
            t = self.isolate(node)
            open(self.node_state(node, "powered-off"), "w").close()
        tk = self._kill_ids(self._node_ns_ids(node), node)
        if power:
            ns = self.node_netns(node)
            run(["ip", "-n", ns, "-4", "addr", "flush", "dev", "eth0"])
            run(["ip", "-n", ns, "addr", "add", self.node_ip(node) + "/24",
                 "dev", "eth0"])
        return t or tk or now_ms()

    def reset_node_runtime(self, node):
        """Like a reboot: wipe private /run and /dev/shm, reconnect power."""
        if self.node_pids(node):
            raise LabError("%s has live processes %s; kill it first"
                           % (node, self.node_pids(node)))
        self.node_sh(node, "find /run /dev/shm -mindepth 1 -delete\n"
                     + RUN_SKELETON_SH)
        marker = self.node_state(node, "powered-off")
        if os.path.exists(marker):
            self.heal(node)
            os.unlink(marker)

    # -------------------------------------------------------------- up --
    def _netns_add(self, name):
        run(["ip", "netns", "add", name])
        run(["ip", "-n", name, "link", "set", "lo", "up"])

    def _veth(self, port, ns, ip):
        run(["ip", "link", "add", port, "netns", self.brns, "type", "veth",
             "peer", "name", "eth0", "netns", ns])
        run(["ip", "-n", self.brns, "link", "set", port, "master", "br0", "up"])
        run(["ip", "-n", ns, "addr", "add", ip + "/24", "dev", "eth0"])
        run(["ip", "-n", ns, "link", "set", "eth0", "up"])

    def create(self, n, make_node_dirs):
        """Create bridge, client and n nodes (no corosync yet).

        make_node_dirs(lab, node) fills the node's host-side directory
        before its mount namespace binds it.
        """
        if self.is_up():
            raise LabError("lab already up in %s (run 'lab down' first)" % self.dir)
        if os.path.exists("/run/netns/" + self.brns):
            raise LabError("netns %s exists (stale lab? run 'lab down')" % self.brns)
        os.makedirs(self.nsdir, exist_ok=True)
        os.chmod(self.dir, 0o755)
        # The nsfs bind mounts pinning the namespaces must sit on a private
        # mount, or they would propagate into the namespace they pin.
        if not is_mountpoint(self.nsdir):
            run(["mount", "--bind", self.nsdir, self.nsdir])
        run(["mount", "--make-private", self.nsdir])
        self._netns_add(self.brns)
        run(["ip", "-n", self.brns, "link", "add", "br0", "type", "bridge"])
        run(["ip", "-n", self.brns, "link", "set", "br0", "up"])
        self._netns_add(self.client_ns)
        self._veth("vc", self.client_ns, self.client_ip())
        nodes = ["node%d" % i for i in range(1, n + 1)]
        with open(os.path.join(self.dir, "nodes.list"), "w") as f:
            f.write("".join(x + "\n" for x in nodes))
        with open(os.path.join(self.dir, "hosts"), "w") as f:
            f.write("127.0.0.1 localhost\n")
            for x in nodes:
                f.write("%s %s\n" % (self.node_ip(x), x))
            f.write("%s client\n" % self.client_ip())
        for node in nodes:
            self._create_node(node, make_node_dirs)

    def _private_dirs(self, node):
        """Create the node's copies of HA_LAB_PRIVATE_DIRS (empty, same
        owner and mode as on the host); returns the host dirs to cover."""
        out = []
        for d in os.environ.get("HA_LAB_PRIVATE_DIRS",
                                DEFAULT_PRIVATE_DIRS).split():
            d = os.path.normpath(d)
            if not os.path.isdir(d) or not d.startswith("/var/"):
                continue
            st = os.stat(d)
            p = os.path.join(self.node_dir(node), "private", d.replace("/", "_"))
            os.makedirs(p, exist_ok=True)
            os.chown(p, st.st_uid, st.st_gid)
            os.chmod(p, st.st_mode & 0o7777)
            out.append(d)
        return out

    def _create_node(self, node, make_node_dirs):
        ns = self.node_netns(node)
        self._netns_add(ns)
        self._veth(self._port(node), ns, self.node_ip(node))
        nd = self.node_dir(node)
        os.makedirs(os.path.join(nd, "lab", "cgroup"), exist_ok=True)
        shutil.copy(os.path.join(self.dir, "hosts"), os.path.join(nd, "hosts"))
        make_node_dirs(self, node)
        for mp in ("/var/lib/ha", "/var/log/ha"):
            os.makedirs(mp, mode=0o755, exist_ok=True)  # bind targets
        mnt = os.path.join(self.nsdir, node + ".mnt")
        uts = os.path.join(self.nsdir, node + ".uts")
        for p in (mnt, uts):
            open(p, "w").close()
        # unshare must run in the host mount namespace so that the nsfs
        # bind mounts land on the host (not under `ip netns exec`).
        run(["unshare", "--mount=" + mnt, "--uts=" + uts,
             "--propagation", "private",
             "nsenter", "--net=/run/netns/" + ns, "--",
             "/bin/sh", "-c", _NODE_MOUNTS_SH, "sh", node, nd]
            + self._private_dirs(node))
        with open(self.node_state(node, "mntns"), "w") as f:
            f.write("mnt:[%d]\n" % os.stat(mnt).st_ino)
        self.node_sh(node, RUN_SKELETON_SH)

    # ------------------------------------------------------------ down --
    def _lab_netns(self):
        """Names of existing netns that belong to this lab."""
        pat = re.compile(r"^%s-(br|client|node[0-9]+)$" % re.escape(self.prefix))
        try:
            names = os.listdir("/run/netns")
        except FileNotFoundError:
            return []
        return [x for x in names if pat.match(x)]

    def down(self):
        """Kill every lab process and remove namespaces, mounts and dir.

        Idempotent; works from whatever a crashed run left behind.
        """
        nodes = set(self.nodes())
        if os.path.isdir(self.nsdir):
            nodes |= {f[:-4] for f in os.listdir(self.nsdir)
                      if f.endswith(".mnt") and NODE_RE.match(f[:-4])}
        if os.path.isdir(os.path.join(self.dir, "nodes")):
            nodes |= {x for x in os.listdir(os.path.join(self.dir, "nodes"))
                      if NODE_RE.match(x)}
        netns = self._lab_netns()
        nodes |= {x[len(self.prefix) + 1:] for x in netns
                  if NODE_RE.match(x[len(self.prefix) + 1:])}
        ids = set()
        for node in nodes:
            ids |= self._node_ns_ids(node)
        for x in netns:
            ino = self._ns_ino("/run/netns/" + x)
            if ino:
                ids.add("net:[%d]" % ino)
        errors = []
        try:
            self._kill_ids(ids, "lab %s" % self.prefix)
        except LabError as e:  # go on: remove what can be removed
            errors.append(str(e))
        for node in nodes:
            for ext in (".mnt", ".uts"):
                p = os.path.join(self.nsdir, node + ext)
                if is_mountpoint(p):
                    run(["umount", p], check=False)
        for x in netns:
            run(["ip", "netns", "del", x], check=False)
        for _ in range(10):  # may be stacked by earlier crashed runs
            if not (os.path.isdir(self.nsdir) and is_mountpoint(self.nsdir)):
                break
            if run(["umount", self.nsdir], check=False).returncode != 0:
                run(["umount", "-l", self.nsdir], check=False)
        if os.path.isdir(self.dir) and not is_mountpoint(self.nsdir):
            shutil.rmtree(self.dir, onerror=lambda f, p, e: errors.append(
                "cannot remove %s: %s" % (p, e[1])))
        left = self._lab_netns()
        if left:
            errors.append("could not delete netns %s" % left)
        if errors:
            raise LabError("; ".join(errors))


def take_lock(path, timeout, on_wait=None):
    """Hold the machine-wide lab flock at @path so that two labs never run
    at once (lab tests, the benchmark).  Waits up to @timeout seconds,
    calling on_wait() once when it has to wait.  Returns the fd to keep
    open, or None if the lock was still held at the deadline."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    waited = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                return None
            if not waited and on_wait is not None:
                on_wait()
            waited = True
            time.sleep(0.2)
