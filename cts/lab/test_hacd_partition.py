#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab: isolate one node of 3.  The minority refuses writes (hactl exit 6),
the majority accepts them; after healing, every acknowledged write is on
every node, none from the minority, and the majority's DC stays DC."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
from hacd_lab import Hacd  # noqa: E402


def main(t):
    lab = t.up(3, token=1000)
    nodes = lab.nodes
    hacd = Hacd(t, lab)
    started = hacd.start_dc_first("node1")
    t.ok(started and hacd.wait_synced(nodes, "node1", 60),
         "3 nodes synced, DC node1")

    lab.isolate("node3")
    ok = labtest.wait_until(
        lambda: not (hacd.status("node3") or {"quorate": True})["quorate"]
        and (hacd.status("node1") or {}).get("quorate")
        and hacd.synced(["node1", "node2"], "node1"), 30)
    r = hacd.hactl("node3", "property", "set", "--force", "side", "minority")
    t.ok(ok and r.returncode == 6 and "no quorum" in r.stderr,
         "isolated node3 refuses writes: exit %d, %s"
         % (r.returncode, r.stderr.strip()))
    acked = []
    for i in range(10):
        r = hacd.hactl(("node1", "node2")[i % 2], "property", "set", "--force",
                       "m%d" % i, "v%d" % i)
        if r.returncode == 0:
            acked.append(i)
    r = hacd.hactl("node2", "property", "set", "--force", "side", "majority")
    t.ok(len(acked) == 10 and r.returncode == 0,
         "the majority accepts writes (%d/10)" % len(acked))

    lab.heal("node3")
    t.ok(hacd.wait_synced(nodes, "node1", 60),
         "healed: 3 nodes synced, the majority's DC node1 stays DC")
    missing = [(n, i) for n in nodes for i in acked
               if hacd.prop(n, "m%d" % i) != "v%d" % i]
    t.ok(not missing, "every acknowledged write is on every node %s"
         % missing[:5])
    t.ok(all(hacd.prop(n, "side") == "majority" for n in nodes),
         "no write from the minority survived")
    hacd.check_identical(nodes)


labtest.run(main, plan=7)
