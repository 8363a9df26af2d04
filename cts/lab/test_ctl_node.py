#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): `hactl node standby` moves resources away; `hactl
node unstandby` lets them come back per stickiness (w1, stickiness 0, returns to the node it
prefers; w2, stickiness 100 > its location score 50, stays); kill -9 and
restart of hacd on the node running w2 does not restart w2 (one interval
in the witness ledger, same holder process).  The ledger proves no
resource ever ran on two nodes at once."""

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

    def config():
        return ctl.cib(
            resources=[ctl.witness("w1", meta={"resource-stickiness": "0"}),
                       ctl.witness("w2")],
            constraints=[location("w1", "node2", 50),
                         location("w2", "node2", 50)])

    r = ctl.configure("node1", config())
    t.ok(r.returncode == 0, "configuration imported: w1 (stickiness 0) and "
         "w2 (stickiness 100) prefer node2 (score 50)")
    t.ok(ctl.wait_where({"w1": "node2", "w2": "node2"}, 60),
         "w1 and w2 run on node2")

    how = ctl.standby("node1", "node2", True)
    placed = ctl.wait_running(["w1", "w2"], exclude=["node2"], timeout=30)
    t.ok(how and placed, "hactl node standby node2: w1, w2 moved away %s"
         % placed)
    how = ctl.standby("node1", "node2", False)
    back = ctl.wait_where({"w1": "node2", "w2": placed and placed["w2"]}, 30)
    labtest.wait_until(lambda: ctl.where("w2") != [placed and placed["w2"]],
                       4)
    t.ok(how and back and placed and ctl.where("w2") == [placed["w2"]],
         "hactl node unstandby node2: w1 came back to node2, w2 stayed on "
         "%s" % (placed and placed["w2"]))

    host = placed and placed["w2"]
    pids = ctl.holder_pids("w2")
    n_starts = ctl.starts("w2")
    lab.daemon_kill(host, "hacd")
    ctl.start(host)
    ok = ctl.wait_synced(lab.nodes, "node1", 30)
    t.ok(ok, "hacd killed (-9) and restarted on %s: 3 nodes synced" % host)
    # a restart the cluster wrongly ordered would show within a few
    # monitor intervals (2 s)
    labtest.wait_until(lambda: ctl.holder_pids("w2") != pids, 8)
    t.ok(ctl.holder_pids("w2") == pids and ctl.starts("w2") == n_starts
         and ctl.where("w2") == [host],
         "w2 was not restarted: same holder %s, %d start(s) in the ledger"
         % (pids, ctl.starts("w2")))
    ctl.check_ledger()


labtest.run(main, plan=8)
