#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): node standby moves resources away; unstandby lets
them come back per stickiness (w1, stickiness 0, returns to the node it
prefers; w2, stickiness 100 > its location score 50, stays); kill -9 and
restart of hacd on the node running w2 does not restart w2 (one interval
in the witness ledger, same holder process).  The ledger proves no
resource ever ran on two nodes at once."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import lab_core  # noqa: E402
import ctl_lab  # noqa: E402
from ctl_lab import location  # noqa: E402


def set_standby(ctl, node, on, config):
    """`hactl node standby|unstandby NODE`; while hactl has no such
    command, the node's standby attribute in the configuration."""
    r = ctl.hactl("node1", "node", "standby" if on else "unstandby", node)
    if r.returncode == 0:
        return "hactl node %s" % ("standby" if on else "unstandby")
    ctl.t.comment("hactl node standby: exit %d (%s): using the "
                  "configuration" % (r.returncode, r.stderr.strip()[:80]))
    r = ctl.configure("node1", config(node if on else None))
    return "config import" if r.returncode == 0 else None


def main(t):
    lab = t.up(3, token=1000)
    ctl = ctl_lab.Ctl(t, lab)
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 3 nodes, DC node1")

    def config(standby=None):
        xml = ctl.cib(
            resources=[ctl.witness("w1", meta={"resource-stickiness": "0"}),
                       ctl.witness("w2")],
            constraints=[location("w1", "node2", 50),
                         location("w2", "node2", 50)])
        if standby:
            k = lab_core.Lab.node_index(standby)
            xml = xml.replace(
                '<node id="%d" uname="%s"/>' % (k, standby),
                '<node id="%d" uname="%s"><instance_attributes id="%s-ia">'
                '<nvpair id="%s-standby" name="standby" value="on"/>'
                '</instance_attributes></node>' % (k, standby, standby,
                                                   standby))
        return xml

    r = ctl.configure("node1", config())
    t.ok(r.returncode == 0, "configuration imported: w1 (stickiness 0) and "
         "w2 (stickiness 100) prefer node2 (score 50)")
    t.ok(ctl.wait_where({"w1": "node2", "w2": "node2"}, 60),
         "w1 and w2 run on node2")

    how = set_standby(ctl, "node2", True, config)
    placed = ctl.wait_running(["w1", "w2"], exclude=["node2"], timeout=30)
    t.ok(how and placed, "standby node2 (%s): w1, w2 moved away %s"
         % (how, placed))
    how = set_standby(ctl, "node2", False, config)
    back = ctl.wait_where({"w1": "node2", "w2": placed and placed["w2"]}, 30)
    labtest.wait_until(lambda: ctl.where("w2") != [placed and placed["w2"]],
                       4)
    t.ok(how and back and placed and ctl.where("w2") == [placed["w2"]],
         "unstandby node2 (%s): w1 came back to node2, w2 stayed on %s"
         % (how, placed and placed["w2"]))

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
