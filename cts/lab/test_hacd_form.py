#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab: hacd on 3 real corosync nodes.  They form with one DC and the same
status everywhere; a write on any node is visible on all; 50 concurrent
writes from the 3 nodes all land, in one order, on every node.  Prints
write latency (p50/p99 of `hactl property set`, process start included),
writes/s and hacd's RSS per node."""

import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
from hacd_lab import Hacd, percentile  # noqa: E402


def concurrent_writes(t, lab, hacd, nodes):
    procs = []
    for k, node in enumerate(nodes):
        ids = [i for i in range(50) if i % 3 == k]
        script = "; ".join("%s property set --force c%d v%d || echo FAIL c%d"
                           % (hacd.hactl_path, i, i, i) for i in ids)
        procs.append(subprocess.Popen(
            lab.lab.node_argv(node, ["/bin/sh", "-c", script]),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    t0 = time.monotonic()
    outs = [p.communicate(timeout=300)[0] for p in procs]
    elapsed = time.monotonic() - t0
    t.ok(all(p.returncode == 0 for p in procs)
         and not any("FAIL" in o for o in outs),
         "50 concurrent writes from 3 nodes all acknowledged")
    missing = []
    for node in nodes:
        r = hacd.hactl(node, "config", "show")
        for i in range(50):
            if 'name="c%d" value="v%d"' % (i, i) not in r.stdout:
                missing.append("%s:c%d" % (node, i))
    t.ok(not missing, "every write present on every node %s" % missing[:5])
    versions = {hacd.status(n)["config_version"] for n in nodes}
    t.ok(len(versions) == 1, "one order: same final version %s" % versions)
    t.comment("50 concurrent writes (3 writers, one hactl process each) in "
              "%.2f s: %.0f writes/s" % (elapsed, 50 / elapsed))


def latency(t, lab, hacd):
    n = 100
    script = ("i=0; while [ $i -lt %d ]; do s=$(date +%%s%%N); "
              "%s property set --force lat v$i >/dev/null || echo FAIL; "
              "e=$(date +%%s%%N); echo $(( (e - s) / 1000 )); i=$((i+1)); done"
              % (n, hacd.hactl_path))
    t0 = time.monotonic()
    r = lab.sh("node2", script)
    elapsed = time.monotonic() - t0
    us = [int(x) for x in r.stdout.split() if x.isdigit()]
    inner = hacd.write_ms("node2")[-n:]
    t.ok(len(us) == n and "FAIL" not in r.stdout,
         "%d sequential writes from a non-DC node" % n)
    t.comment("write latency (hactl property set on node2, 3 nodes): "
              "p50 %.1f ms, p99 %.1f ms, %.0f writes/s sequential"
              % (percentile(us, 50) / 1000.0, percentile(us, 99) / 1000.0,
                 n / elapsed))
    t.comment("write latency inside hacd (request in -> acknowledged by a "
              "quorum, node2's log): p50 %.1f ms, p99 %.1f ms"
              % (percentile(inner, 50), percentile(inner, 99)))
    t0 = time.monotonic()
    r = lab.sh("node2", "%s status >/dev/null; %s status >/dev/null"
               % (hacd.hactl_path, hacd.hactl_path))
    t.comment("for comparison, 2 x `hactl status` (process start + IPC) "
              "take %.1f ms" % ((time.monotonic() - t0) * 1000))


def main(t):
    lab = t.up(3, token=1000)
    nodes = lab.nodes
    hacd = Hacd(t, lab)
    t0 = time.monotonic()
    hacd.start_all()
    t.ok(hacd.wait_synced(nodes, timeout=60),
         "3 hacd form a cluster: synced, one DC, 3 nodes online")
    t.comment("formation took %.2f s after hacd start"
              % (time.monotonic() - t0))
    st = [hacd.status(n) for n in nodes]
    t.ok(all(s["dc"] == "node1" for s in st), "DC is node1 (lowest id) "
         "on every node")
    strip = [{k: v for k, v in s.items() if k not in ("local_node", "synced")}
             for s in st]
    t.ok(all(s == strip[0] for s in strip), "status identical on every node")
    r = hacd.hactl("node3", "property", "set", "stonith-enabled", "false",
                   "--force")
    t.ok(r.returncode == 0, "write on node3 acknowledged: %s"
         % (r.stdout + r.stderr).strip())
    t.ok(all(hacd.prop(n, "stonith-enabled") == "false" for n in nodes),
         "the write is visible on all nodes")
    r = hacd.hactl("node2", "node", "attribute", "node1", "color", "blue")
    ok = labtest.wait_until(lambda: all(
        hacd.hactl(n, "node", "attribute", "node1", "color").stdout.strip()
        == "blue" for n in nodes), 10)
    t.ok(r.returncode == 0 and ok, "node attribute replicated to all nodes")
    concurrent_writes(t, lab, hacd, nodes)
    latency(t, lab, hacd)
    mem = {n: hacd.memory_kb(n) for n in nodes}
    t.comment("hacd memory per node: " + "; ".join(
        "%s RSS %.1f MB (PSS %.1f, anonymous %.1f)"
        % (n, m["rss"] / 1024.0, m["pss"] / 1024.0, m["anon"] / 1024.0)
        for n, m in sorted(mem.items()) if m))
    # RSS counts shared library pages (libxml2, ICU, libstdc++, glib) that
    # every process of the node shares; PSS charges them proportionally.
    t.ok(all(m is not None and m["pss"] <= 10 * 1024 for m in mem.values()),
         "hacd PSS <= 10 MB per node")
    hacd.check_identical(nodes)


labtest.run(main, plan=12)
