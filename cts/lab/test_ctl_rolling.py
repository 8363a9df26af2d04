#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): a rolling restart.  hacd is stopped cleanly
(SIGTERM: its resources move away first) and started again on each node
in turn; after each restart the cluster syncs, every witness runs, and at
the end each node runs a witness again (w1, w2, w3 prefer node1, node2,
node3, stickiness 0).  A clean stop left the node's transient attribute
shutdown=<time> behind, so a restarted node never got a resource again and
after a full round every witness was Stopped (issue 16 item 2).  The
ledger proves no witness ever ran on two nodes at once."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import ctl_lab  # noqa: E402
from ctl_lab import location  # noqa: E402


def main(t):
    lab = t.up(3, token=1000)
    ctl = ctl_lab.Ctl(t, lab)
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 3 nodes, DC node1")
    home = {"w1": "node1", "w2": "node2", "w3": "node3"}
    r = ctl.configure("node1", ctl.cib(
        resources=[ctl.witness(w, meta={"resource-stickiness": "0"})
                   for w in sorted(home)],
        constraints=[location(w, n, 50) for w, n in sorted(home.items())]))
    t.ok(r.returncode == 0, "configuration imported: w1, w2, w3 prefer "
         "node1, node2, node3")
    t.ok(ctl.wait_where(home, 60), "each witness runs on its node")

    for node in lab.nodes:
        stopped = lab.daemon_stop(node, "hacd", timeout=60)
        ctl.start(node)
        synced = ctl.wait_synced(lab.nodes, None, 60)
        t.ok(stopped and synced and ctl.wait_where(home, 60),
             "hacd stopped cleanly and started on %s: 3 nodes synced, "
             "each witness runs on its node again" % node)
    ctl.check_ledger()


labtest.run(main, plan=7)
