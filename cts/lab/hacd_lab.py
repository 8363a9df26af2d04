# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helpers for the hacd lab scenarios (test_hacd_*.py): start hacd in the
nodes of a lab, run hactl inside a node, read status as JSON, wait for a
DC, check that every member reports the same configuration."""

import json
import os
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402

GRACE_MS = 8000


class Hacd:
    """hacd on the nodes of one lab."""

    def __init__(self, t, lab):
        self.t = t
        self.lab = lab
        builddir = os.environ.get("top_builddir")
        if not builddir or not os.path.exists(os.path.join(builddir,
                                                           "Makefile")):
            raise labtest.LabError("no top_builddir: run by make check")
        self.dirs = lab.install(builddir)
        self.prefix = self.dirs["prefix"]
        self.hactl_path = os.path.join(self.prefix, "sbin", "hactl")

    def start(self, node, grace_ms=GRACE_MS):
        # started as root: hacd creates its dirs and drops to hacluster
        return self.lab.daemon_start(node, "hacd", [
            os.path.join(self.prefix, "sbin", "hacd"),
            "--log-file", "/var/log/ha/hacd.log",
            "--grace-ms", str(grace_ms)])

    def start_all(self, nodes=None):
        for n in nodes or self.lab.nodes:
            self.start(n)

    def start_dc_first(self, dc="node1", timeout=30):
        """Start hacd on @dc, wait until it is DC, then on the other nodes.
        The DC is sticky: whichever hacd joins CPG first becomes DC, so a
        test that needs a known DC must not start the daemons in a race."""
        self.start(dc)

        def is_dc():
            s = self.status(dc)
            return bool(s) and s.get("synced") and s.get("dc") == dc

        ok = labtest.wait_until(is_dc, timeout, interval=0.1)
        self.start_all([n for n in self.lab.nodes if n != dc])
        return ok

    def hactl(self, node, *args, timeout=60):
        return self.lab.exec(node, [self.hactl_path] + list(args),
                             timeout=timeout)

    def status(self, node):
        r = self.hactl(node, "--output", "json", "status")
        if r.returncode != 0:
            return None
        try:
            return json.loads(r.stdout)["result"]
        except (ValueError, KeyError):
            return None

    def synced(self, nodes, dc=None):
        """Every node's hacd is synced, sees the same DC (dc if given)
        and len(nodes) online nodes."""
        dcs = set()
        for n in nodes:
            s = self.status(n)
            if not s or not s["synced"] or not s["dc"]:
                return False
            online = [x for x in s["nodes"] if x["state"] == "online"]
            if len(online) != len(nodes):
                return False
            dcs.add(s["dc"])
        return len(dcs) == 1 and (dc is None or dcs == {dc})

    def wait_synced(self, nodes, dc=None, timeout=60):
        return labtest.wait_until(lambda: self.synced(nodes, dc), timeout,
                                  interval=0.1)

    def identical(self, nodes):
        """(ok, text): same version and digest on every node."""
        seen = {}
        for n in nodes:
            s = self.status(n) or {}
            seen[n] = (s.get("config_version"), s.get("config_digest"))
        ok = len(set(seen.values())) == 1 and None not in list(seen.values())[0]
        return ok, ", ".join("%s=%s/%s" % (n, v[0], (v[1] or "")[:12])
                             for n, v in sorted(seen.items()))

    def check_identical(self, nodes):
        ok, text = self.identical(nodes)
        if not ok:
            # a write may still be in flight on a slow node: wait a bit
            ok = labtest.wait_until(lambda: self.identical(nodes)[0], 10)
            text = self.identical(nodes)[1]
        self.t.ok(ok, "same configuration version and digest everywhere: "
                  + text)

    def prop(self, node, name):
        r = self.hactl(node, "property", "get", name)
        return r.stdout.strip() if r.returncode == 0 else None

    def log(self, node):
        path = os.path.join(self.lab.lab.node_dir(node), "var-log-ha",
                            "hacd.log")
        try:
            with open(path) as f:
                return f.read()
        except OSError:
            return ""

    def memory_kb(self, node):
        """dict rss, pss, anon (kB) of the node's hacd, or None."""
        pid = self.lab.daemon_pid(node, "hacd")
        if pid is None:
            return None
        with open("/proc/%d/smaps_rollup" % pid) as f:
            text = f.read()
        get = lambda k: int(re.search(r"^%s:\s+(\d+)" % k, text, re.M).group(1))
        return {"rss": get("Rss"), "pss": get("Pss"), "anon": get("Anonymous")}

    def write_ms(self, node):
        """Write latencies (ms) hacd logged on node, origin side."""
        return [float(x) for x in re.findall(r"write_ms=([0-9.]+)",
                                             self.log(node))]


def percentile(values, p):
    v = sorted(values)
    if not v:
        return 0.0
    k = min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))
    return v[k]


def now_ms():
    return time.monotonic() * 1000.0
