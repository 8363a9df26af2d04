# SPDX-License-Identifier: LGPL-2.1-or-later
"""Test library for lab tests: TAP, skip logic, lock, setup/teardown.

A lab test is a python3 script:

    import labtest
    def main(t):
        lab = t.up(3, token=1000)           # a fresh lab (torn down at exit)
        t.ok(lab.quorum("node1")["quorate"], "node1 quorate")
    labtest.run(main, plan=1)

run() prints `1..0 # SKIP <reason>` when the machine cannot run the lab
(not root, no unshare / ip netns / corosync, namespaces refused) unless
HA_REQUIRE_LAB=1, which turns that into a failure.  HA_LAB_PRETEND_MISSING
(comma-separated command names) pretends commands are missing, to test
this logic.  Only one lab test runs at a time on the machine: run() holds
an flock on HA_LAB_LOCK (default /var/tmp/ha-lab.lock) from before the
lab is created until it is torn down.  The lab is always torn down (also on
exceptions, SIGTERM, SIGINT, and the HA_LAB_TEST_TIMEOUT watchdog, default
600 s); when a test failed, every node's logs are first copied to
HA_LAB_LOGDIR (default $top_builddir/cts/lab/logs/<test>-<time>).
Tests use the lab prefix HA_LAB_TEST_PREFIX (default "hat", netns hat-*,
dir /var/tmp/ha-lab-hat), not the command line's default "ha", so a lab
started by hand is never touched by a test run.
"""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import lab_core  # noqa: E402
import lab_corosync  # noqa: E402
import lab_daemon  # noqa: E402
from lab_core import LabError  # noqa: E402

LAB_TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lab")
REQUIRED_COMMANDS = ("unshare", "nsenter", "ip", "mount", "setpriv",
                     "corosync", "corosync-cmapctl", "corosync-quorumtool",
                     "corosync-cfgtool")


class Timeout(Exception):
    """The test watchdog fired."""


def wait_until(cond, timeout, interval=0.05):
    """Poll cond() every interval s until true; returns its value or None."""
    return lab_core.wait_for(cond, timeout, interval)


def lab_unavailable():
    """Why the lab cannot run here (str), or None if it can."""
    pretend = {x for x in os.environ.get("HA_LAB_PRETEND_MISSING", "").split(",")
               if x}
    if os.geteuid() != 0 or "root" in pretend:
        return "lab needs root (namespaces, mounts)"
    for c in REQUIRED_COMMANDS:
        if c in pretend or shutil.which(c) is None:
            return "command %s not found" % c
    cp = subprocess.run(["unshare", "--mount", "--uts", "--net", "true"],
                        capture_output=True, text=True)
    if cp.returncode != 0:
        return "cannot create namespaces: %s" % cp.stderr.strip()
    cp = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True)
    if cp.returncode != 0:
        return "ip netns unusable: %s" % cp.stderr.strip()
    return None


class LabHandle:
    """The running lab, as a test sees it (thin layer over the lab modules)."""

    def __init__(self, lab):
        self.lab = lab
        self.tool = LAB_TOOL

    @property
    def nodes(self):
        return self.lab.nodes()

    def ip(self, node):
        return self.lab.client_ip() if node == "client" else self.lab.node_ip(node)

    def exec(self, node, argv, check=False, timeout=60):
        """CompletedProcess of argv run inside node (text, captured)."""
        return self.lab.node_run(node, argv, check=check, timeout=timeout)

    def sh(self, node, script, check=False):
        return self.exec(node, ["/bin/sh", "-c", script], check=check)

    def as_user(self, node, user, argv, group=None, check=False):
        """argv in node as user (primary group, or group if given)."""
        pre = ["setpriv", "--reuid=" + user,
               "--regid=" + (group or _primary_group(user))]
        pre += ["--clear-groups"] if group else ["--init-groups"]
        return self.exec(node, pre + list(argv), check=check)

    def client(self, argv, check=False, timeout=60):
        return lab_core.run(self.lab.client_argv(argv), check=check,
                            timeout=timeout)

    def members(self, node):
        return lab_corosync.members(self.lab, node)

    def quorum(self, node):
        return lab_corosync.quorum(self.lab, node)

    def runtime_token(self, node):
        return lab_corosync.runtime_token(self.lab, node)

    def membership_events(self, node):
        """[(epoch ms, [ids])] from the node's corosync.log."""
        return lab_corosync.membership_events(self.lab, node)

    def membership_change_ms(self, node, want, after_ms):
        """Epoch ms at which node's corosync logged membership want (list
        of ids) at or after after_ms, or None."""
        for t, ids in self.membership_events(node):
            if t is not None and t >= after_ms and ids == sorted(want):
                return t
        return None

    def watch_members(self, nodes, want, timeout=60, interval=0.02):
        """Poll all nodes in parallel until each sees want (list of ids);
        {node: epoch ms when the poll first saw it} (missing on timeout)."""
        seen = {}

        def poll(node):
            if wait_until(lambda: self.members(node) == want, timeout,
                          interval):
                seen[node] = lab_core.now_ms()

        th = [threading.Thread(target=poll, args=(n,)) for n in nodes]
        for x in th:
            x.start()
        for x in th:
            x.join()
        return seen

    def wait_members(self, nodes, want, timeout=60):
        """Wait until every node in nodes sees want (list of ids or count)."""
        return all(lab_corosync.wait_members(self.lab, n, want, timeout)
                   for n in nodes)

    def kill(self, node, power=False):
        return self.lab.kill(node, power)

    def start(self, node):
        return lab_corosync.start(self.lab, node)

    def isolate(self, node):
        return self.lab.isolate(node)

    def heal(self, node):
        return self.lab.heal(node)

    def pids(self, node):
        return self.lab.node_pids(node)

    def install(self, builddir, destdir=None):
        return lab_daemon.install(self.lab, builddir, destdir)

    def daemon_start(self, node, name, argv=None, user=None, env=None):
        return lab_daemon.start(self.lab, node, name, argv, user, env)

    def daemon_stop(self, node, name, timeout=30):
        return lab_daemon.stop(self.lab, node, name, timeout)

    def daemon_kill(self, node, name, sig=signal.SIGKILL):
        return lab_daemon.signal_daemon(self.lab, node, name, sig)

    def daemon_pid(self, node, name):
        return lab_daemon.pid(self.lab, node, name)

    def daemon_log(self, node, name):
        """Host path of the daemon's stdout/stderr file."""
        return os.path.join(self.lab.node_dir(node), "var-log-ha", name + ".out")

    def pcmk_start(self, node):
        return lab_daemon.pcmk_start(self.lab, node)

    def collect_logs(self, dest):
        subprocess.run([sys.executable, LAB_TOOL, "logs", dest],
                       capture_output=True, text=True)


def _primary_group(user):
    import grp
    import pwd
    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name


class TestRun:
    """TAP state of one test script."""

    def __init__(self, name, plan):
        self.name = name
        self.plan = plan
        self.n = 0
        self.failed = 0
        self.handle = None
        self.lab_opts = None

    # ------------------------------------------------------------ TAP --
    def ok(self, cond, desc):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, desc),
              flush=True)
        return bool(cond)

    def skip(self, desc, reason):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, reason), flush=True)

    @staticmethod
    def comment(text):
        for line in str(text).splitlines() or [""]:
            print("# " + line, flush=True)

    # ------------------------------------------------------------ lab --
    def up(self, n, token=1000, two_node=False, timeout=60):
        """Tear down any leftover lab, then start a fresh one (waits for n
        members).  The lab is torn down when the test ends."""
        lab = lab_core.Lab()
        lab.down()  # we hold the lock: anything there is a crashed run's
        argv = [sys.executable, LAB_TOOL, "up", str(n), "--timeout",
                str(timeout)]
        if token:
            argv += ["--token", str(token)]
        if two_node:
            argv.append("--two-node")
        t0 = time.monotonic()
        cp = subprocess.run(argv, capture_output=True, text=True)
        self.handle = LabHandle(lab)
        if cp.returncode != 0:
            raise LabError("lab up failed: %s" % cp.stderr.strip())
        self.comment("lab up: %d nodes, token %s, %.1f s"
                     % (n, token, time.monotonic() - t0))
        return self.handle

    def teardown(self):
        if self.failed and self.handle:
            base = os.environ.get("HA_LAB_LOGDIR") or os.path.join(
                os.environ.get("top_builddir", os.getcwd()), "cts", "lab", "logs")
            dest = os.path.join(base, "%s-%s" % (
                self.name, time.strftime("%Y%m%dT%H%M%S")))
            try:
                self.handle.collect_logs(dest)
                self.comment("lab logs collected in %s" % dest)
            except Exception as e:  # noqa: BLE001 - teardown must go on
                self.comment("could not collect logs: %s" % e)
        try:
            lab_core.Lab().down()
        except Exception as e:  # noqa: BLE001
            self.comment("teardown failed: %s" % e)
            self.failed += 1


def _raise_exit(signum, frame):
    raise SystemExit("killed by signal %d" % signum)


def _raise_timeout(signum, frame):
    raise Timeout("test watchdog: HA_LAB_TEST_TIMEOUT expired")


def run(main, plan, name=None, needs=None):
    """Run main(TestRun) as a TAP test with lab skip/lock/teardown; exits.
    needs: a callable returning what else the test lacks on this host
    (str) or None; treated as a missing lab (skip, or fail when
    HA_REQUIRE_LAB=1)."""
    name = name or os.path.splitext(os.path.basename(sys.argv[0]))[0]
    reason = (needs() if needs else None) or lab_unavailable()
    if reason:
        if os.environ.get("HA_REQUIRE_LAB") == "1":
            print("1..1\nnot ok 1 - lab required (HA_REQUIRE_LAB=1) but "
                  "unavailable: %s" % reason, flush=True)
            sys.exit(1)
        print("1..0 # SKIP %s" % reason, flush=True)
        sys.exit(0)
    # Tests use their own prefix so that a lab started by hand (prefix
    # "ha") is never torn down by a test run.
    os.environ["HA_LAB_PREFIX"] = os.environ.get("HA_LAB_TEST_PREFIX", "hat")
    os.environ.pop("HA_LAB_DIR", None)
    lockpath = os.environ.get("HA_LAB_LOCK", "/var/tmp/ha-lab.lock")
    fd = lab_core.take_lock(
        lockpath, float(os.environ.get("HA_LAB_LOCK_TIMEOUT", "1800")),
        lambda: print("# waiting for the lab lock %s" % lockpath, flush=True))
    print("1..%d" % plan, flush=True)
    t = TestRun(name, plan)
    if fd is None:
        t.ok(False, "could not take the lab lock %s" % lockpath)
        sys.exit(1)
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.signal(signal.SIGHUP, _raise_exit)
    signal.signal(signal.SIGALRM, _raise_timeout)
    signal.alarm(int(os.environ.get("HA_LAB_TEST_TIMEOUT", "600")))
    try:
        main(t)
    except BaseException as e:  # noqa: BLE001 - report, then tear down
        t.ok(False, "%s: %s" % (type(e).__name__, e))
        t.comment(traceback.format_exc())
    finally:
        signal.alarm(0)
        t.teardown()
        os.close(fd)
    if t.n != plan:
        t.comment("planned %d tests, ran %d" % (plan, t.n))
        t.failed += 1
    sys.exit(1 if t.failed else 0)
