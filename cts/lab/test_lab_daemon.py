#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab: unprivileged daemons.  The uidgid file lets hacluster (and group
haclient) use CPG inside a node while other users are refused; the daemon
helpers start a binary as a user, detached, with its output in the node's
log dir, and stop / kill it; `install` makes this build usable by
hacluster inside nodes, with a per-node state dir."""

import os
import pwd
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402


def proc_user_and_netns(pid):
    try:
        uid = os.stat("/proc/%d" % pid).st_uid
        return pwd.getpwuid(uid).pw_name, os.readlink("/proc/%d/ns/net" % pid)
    except OSError:
        return None, None


def test_uidgid(t, lab):
    r = lab.exec("node1", ["cat", "/etc/corosync/uidgid.d/ha"])
    t.ok("uid: hacluster" in r.stdout and "gid: haclient" in r.stdout,
         "node1 has /etc/corosync/uidgid.d/ha for hacluster/haclient")
    r = lab.as_user("node1", "hacluster", ["corosync-cpgtool"])
    t.ok(r.returncode == 0, "hacluster can use CPG (corosync-cpgtool rc %d %s)"
         % (r.returncode, r.stderr.strip()))
    r = lab.as_user("node1", "nobody", ["corosync-cpgtool"], group="haclient")
    t.ok(r.returncode == 0, "a user whose group is haclient can use CPG")
    r = lab.as_user("node1", "nobody", ["corosync-cpgtool"], group="nogroup")
    t.ok(r.returncode != 0 and "error 11" in r.stderr,
         "user nobody (not in haclient) is refused: %s" % r.stderr.strip())


def test_daemons(t, lab):
    pid = lab.daemon_start("node2", "cpgd", [
        "sh", "-c", "echo started as $(id -un) on $(uname -n); "
        "corosync-cpgtool >/dev/null && echo cpg-ok; exec sleep 300"],
        user="hacluster")
    node_net = "net:[%d]" % os.stat("/run/netns/%s-node2"
                                    % lab.lab.prefix).st_ino
    # the pid is exec'd from nsenter via setpriv: wait for the switch
    ok = labtest.wait_until(lambda: proc_user_and_netns(pid)
                            == ("hacluster", node_net), 5)
    t.ok(ok,
         "daemon runs as hacluster in node2's network namespace")
    log = lab.daemon_log("node2", "cpgd")
    ok = labtest.wait_until(lambda: "cpg-ok" in open(log).read(), 10)
    t.ok(ok and "started as hacluster on node2" in open(log).read(),
         "daemon output is in node2's /var/log/ha/cpgd.out")
    t.ok(lab.daemon_pid("node2", "cpgd") == pid, "pid recorded")
    t.ok(lab.daemon_stop("node2", "cpgd", timeout=10)
         and lab.daemon_pid("node2", "cpgd") is None,
         "daemon stop: SIGTERM ends it")
    pid = lab.daemon_start("node3", "loop", ["sh", "-c", "trap '' TERM; "
                                             "while :; do sleep 1; done"])
    tk = lab.daemon_kill("node3", "loop")
    t.ok(tk and lab.daemon_pid("node3", "loop") is None
         and pid not in lab.pids("node3"), "daemon kill: SIGKILL ends it")
    lab.daemon_start("node1", "victim", ["sleep", "300"])
    lab.kill("node1")
    t.ok(lab.daemon_pid("node1", "victim") is None,
         "killing the node kills its daemons")
    lab.start("node1")
    t.ok(lab.wait_members(lab.nodes, 3, 30), "node1 back after restart")


def unreachable_prefix(builddir):
    """Why hacluster could not reach this build's prefix (e.g. make
    distcheck's _inst under /root), or None."""
    cp = subprocess.run(["make", "-s", "--no-print-directory", "-C", builddir,
                         "lab-print-dirs"], capture_output=True, text=True,
                        env={k: v for k, v in os.environ.items()
                             if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")})
    prefix = dict(x.split("=", 1) for x in cp.stdout.splitlines()
                  if "=" in x).get("prefix", "/")
    d = os.path.dirname(os.path.normpath(prefix))
    while not os.path.isdir(d):
        d = os.path.dirname(d)
    r = subprocess.run(["setpriv", "--reuid=hacluster", "--regid=haclient",
                        "--init-groups", "test", "-x", d])
    if r.returncode != 0:
        return "prefix %s is below %s, which hacluster cannot enter" % (prefix, d)
    return None


def test_install(t, lab):
    builddir = os.environ.get("top_builddir")
    if not builddir or not os.path.exists(os.path.join(builddir, "Makefile")):
        for d in ("install", "hactl as hacluster", "state dir per node"):
            t.skip(d, "no top_builddir (not run by make check)")
        return
    reason = unreachable_prefix(builddir)
    if reason:
        for d in ("install", "hactl as hacluster", "state dir per node"):
            t.skip(d, reason)
        return
    dirs = lab.install(builddir)
    t.ok(dirs["prefix"] and dirs["destdir"],
         "installed this build (prefix %s)" % dirs["prefix"])
    hactl = os.path.join(dirs["prefix"], "sbin", "hactl")
    r = lab.as_user("node2", "hacluster", [hactl, "--help"])
    t.ok(r.returncode == 0 and "simulate" in r.stdout,
         "installed hactl runs as hacluster inside a node")
    sd = dirs["statedir"]
    lab.as_user("node1", "hacluster",
                ["sh", "-c", "echo n1 > '%s/lab-probe'" % sd])
    r1 = lab.exec("node1", ["cat", sd + "/lab-probe"])
    r2 = lab.exec("node2", ["cat", sd + "/lab-probe"])
    t.ok(r1.stdout.strip() == "n1" and r2.returncode != 0,
         "the build's state dir %s is writable by hacluster and private "
         "to each node" % sd)


def main(t):
    lab = t.up(3, token=1000)
    test_uidgid(t, lab)
    test_daemons(t, lab)
    test_install(t, lab)


labtest.run(main, plan=14)
