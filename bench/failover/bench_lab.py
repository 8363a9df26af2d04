# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench_lab - the failover benchmark's view of a cts/lab lab.

Every state change (up, down, kill, start, pcmk, daemon, install) goes
through the lab's command line `cts/lab/lab`, with the benchmark's own
HA_LAB_PREFIX / HA_LAB_SUBNET / HA_LAB_DIR so it never touches a test lab.
Only running a command inside a node uses lab_core.Lab.node_argv directly:
polling every 50 ms cannot afford a Python start-up per call.

Also here: the lab lock (the flock the lab tests hold, so two labs never run
at once), the membership-change time read from the survivors' corosync
logs, and the RSS of a node's daemons read from /proc.

Ownership: a BenchLab owns the lab it brought up and tears it down in
down(); nothing here touches another prefix.
"""

import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
LAB_DIR_SRC = os.path.join(TOP, "cts", "lab")
LAB_CLI = os.path.join(LAB_DIR_SRC, "lab")

sys.path.insert(0, LAB_DIR_SRC)
import lab_core  # noqa: E402  (read-only use: node_argv)


class BenchError(Exception):
    """A measurement or lab step failed: report it and tear down."""


class NotReady(Exception):
    """The stack under test lacks a command the benchmark needs."""


def now_ms():
    """Wall clock in epoch ms (the unit `lab kill` prints)."""
    return time.time() * 1000.0


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def take_lock(path, timeout):
    """Hold the lab tests' flock; returns the fd (keep it open)."""
    fd = lab_core.take_lock(
        path, timeout,
        lambda: print("failover: waiting for the lab lock %s" % path,
                      file=sys.stderr, flush=True))
    if fd is None:
        raise BenchError("lab lock %s still held after %ds (a lab test or "
                         "another lab is running)" % (path, timeout))
    return fd


def poll(fn, timeout, interval=0.05):
    """Call fn() until it returns a true value.

    Returns (value, t_seen, t_before): t_seen = epoch ms at the end of the
    call that returned the value, t_before = end of the previous call (the
    event happened between the two), or (None, None, None) on timeout.
    """
    deadline = time.monotonic() + timeout
    t_prev = now_ms()
    while True:
        t0 = time.monotonic()
        v = fn()
        t_end = now_ms()
        if v:
            return v, t_end, t_prev
        if time.monotonic() > deadline:
            return None, None, None
        t_prev = t_end
        left = interval - (time.monotonic() - t0)
        if left > 0:
            time.sleep(left)


# corosync 3 with `timestamp: hires`:
# "Nov 22 01:20:03.123 [4242] node1 corosync notice  [TOTEM ] A new
#  membership (1.1b) was formed. Members left: 3"
_TOTEM_RE = re.compile(
    r"^(?P<ts>[A-Z][a-z]{2}\s+\d+\s+\d\d:\d\d:\d\d\.\d+)\s.*\[TOTEM \] "
    r"A new membership \((?P<ring>[^)]+)\) was formed\. "
    r"Members left: (?P<left>[\d ]+)")


def _log_epoch_ms(ts):
    """corosync's local-time stamp (no year) -> epoch ms."""
    stamp, _, frac = ts.partition(".")
    year = time.localtime().tm_year
    tm = time.strptime("%d %s" % (year, " ".join(stamp.split())),
                       "%Y %b %d %H:%M:%S")
    return time.mktime(tm) * 1000.0 + float("0." + frac) * 1000.0


class BenchLab:
    """A 3-node lab driven through cts/lab/lab."""

    def __init__(self, prefix, subnet, directory):
        self.env = dict(os.environ, HA_LAB_PREFIX=prefix,
                        HA_LAB_SUBNET=subnet, HA_LAB_DIR=directory)
        self.core = lab_core.Lab(prefix=prefix, directory=directory,
                                 subnet=subnet)
        self.subnet = subnet
        self.nodes = []

    # ---------------------------------------------------------- the CLI --
    def cli(self, *args, timeout=300, check=True):
        """Run `lab ARGS`; stdout (stripped)."""
        try:
            r = subprocess.run([LAB_CLI] + list(args), env=self.env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise BenchError("lab %s: no answer after %ds"
                             % (" ".join(args), timeout))
        if check and r.returncode != 0:
            raise BenchError("lab %s failed (%d): %s" % (
                " ".join(args), r.returncode, r.stderr.strip()))
        return r.stdout.strip()

    def up(self, n, token):
        self.cli("down", timeout=120)   # leftovers of a crashed run
        args = ["up", str(n), "--timeout", "90"]
        if token:
            args += ["--token", str(token)]
        self.cli(*args, timeout=180)
        self.nodes = ["node%d" % k for k in range(1, n + 1)]

    def down(self):
        self.cli("down", timeout=300, check=False)

    def kill(self, node, power=False):
        """kill -9 the node (power loss too if power); epoch ms."""
        out = self.cli(*(["kill"] + (["--power"] if power else []) + [node]))
        return float(out.split()[-1])

    def reboot(self, node):
        self.cli("start", node, timeout=120)

    def logs(self, dest):
        self.cli("logs", dest, check=False, timeout=120)

    # ---------------------------------------------------- inside a node --
    def run(self, node, argv, timeout=60):
        """Run argv inside node; CompletedProcess (never raises on rc)."""
        try:
            return subprocess.run(self.core.node_argv(node, argv, wd="/"),
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(argv, 124, "", "timeout")

    def must(self, node, argv, timeout=60):
        r = self.run(node, argv, timeout)
        if r.returncode != 0:
            raise BenchError("%s: %s failed (%d): %s" % (
                node, " ".join(argv), r.returncode,
                (r.stderr or r.stdout).strip()[:500]))
        return r.stdout

    def client(self, argv, timeout=10):
        try:
            return subprocess.run(self.core.client_argv(argv),
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(argv, 124, "", "timeout")

    def runtime_token(self, node):
        out = self.must(node, ["corosync-cmapctl", "-g",
                               "runtime.config.totem.token"])
        return int(out.split("=")[-1])

    # ------------------------------------------------------- membership --
    def _corosync_log(self, node):
        return os.path.join(self.core.node_dir(node), "var-log-corosync",
                            "corosync.log")

    def membership_change(self, survivors, victim_id, t_kill, timeout=60):
        """Epoch ms of the first survivor's totem membership without the
        victim formed after t_kill (corosync log), or None."""
        def scan():
            best = None
            for node in survivors:
                try:
                    with open(self._corosync_log(node)) as f:
                        lines = f.readlines()
                except OSError:
                    continue
                for line in lines:
                    m = _TOTEM_RE.match(line)
                    if not m or str(victim_id) not in m.group("left").split():
                        continue
                    t = _log_epoch_ms(m.group("ts"))
                    if t >= t_kill - 5 and (best is None or t < best):
                        best = t
                        break
            return best
        v, _, _ = poll(scan, timeout, 0.2)
        return v

    # ------------------------------------------------------------- RSS --
    def rss_kb(self, node, match):
        """{comm: VmRSS kB} of the node's processes whose comm matches."""
        out = {}
        for line in self.cli("pids", node, check=False).split():
            try:
                pid = int(line)
                with open("/proc/%d/comm" % pid) as f:
                    comm = f.read().strip()
                if not match(comm):
                    continue
                with open("/proc/%d/status" % pid) as f:
                    m = re.search(r"^VmRSS:\s+(\d+)", f.read(), re.M)
            except (ValueError, OSError):
                continue
            if m:
                key = comm if comm not in out else "%s.%d" % (comm, pid)
                out[key] = int(m.group(1))
        return out
