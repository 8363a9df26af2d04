#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): a two-node cluster (corosync two_node: both halves of
a partition stay quorate) with one fence_ha_lab device per node, created
with `hactl stonith create`.  The device that fences node1 has a delay
(pcmk_delay_base=2s plus a random part of pcmk_delay_max=2s), the one that
fences node2 none.  node2 (running w) is unplugged: each node's hacd
becomes DC of its half and fences the other, and the delay decides the
race: node1 fences node2 at once, node2 dies while it waits, so exactly
one node is fenced; w starts on node1 only after that.  node2 rebooted
rejoins without fencing anyone (wait_for_all).  The witness ledger proves
w never ran on both nodes at once."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import lab_core  # noqa: E402
import ctl_lab  # noqa: E402


def main(t):
    lab = t.up(2, token=1000, two_node=True)
    ctl = ctl_lab.Ctl(t, lab)
    ctl.start_fence_helper()
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 2 nodes, DC node1")
    ok, how = ctl.cli_all(
        "node1",
        ("property", "set", "stonith-enabled", "true"),
        ("property", "set", "stonith-action", "off"),
        ctl.create_fence_device("fence-node1", ["node1"],
                                pcmk_delay_base="2s", pcmk_delay_max="2s"),
        ctl.create_fence_device("fence-node2", ["node2"]),
        # created stopped: with stickiness 100 it would stay wherever it
        # started before the preference for node2 exists
        ctl.create_witness("w", meta={"resource-stickiness": "100"})
        + ("--disabled",),
        ("constraint", "location", "add", "w-on-node2", "w", "node2", "50"),
        ("resource", "enable", "w"))
    t.comment("$ " + how.replace("; ", "\n$ "))
    t.ok(ok, "configured with hactl: fence-node1 (delay 2-4 s), fence-node2 "
         "(no delay), w prefers node2")
    t.ok(ctl.wait_where({"w": "node2"}, 60) and ctl.wait_settled("node1", 30),
         "w runs on node2, cluster settled (%s)" % ctl.watch.placement())

    t_iso = lab.isolate("node2")
    off = labtest.wait_until(lambda: ctl.helper_off("node2"), 30)
    t_off = lab_core.now_ms()
    t.ok(off and ctl.wait_fenced("node1", "node2", 10),
         "node1 fenced node2 %d ms after the cut (powered off: %s), "
         "status JSON: %s" % (t_off - t_iso, bool(off), ctl.fencing("node1")))
    t.comment("$ hactl stonith history node2   (on node1)\n%s"
              % ctl.fence_history_text("node1", "node2"))
    placed = ctl.wait_where({"w": "node1"}, 30)
    t_w = ctl.first_start_after("w", t_iso, exclude=["node2"])
    t.ok(placed, "w recovered on node1 (its start %s ms after the cut)"
         % ("?" if t_w is None else "%d" % (t_w - t_iso)))
    # node2 was powered off inside its delay: its own fencing of node1
    # died with it.  Give a wrong shot the rest of the longest delay.
    left = lab.pids("node2")
    labtest.wait_until(lambda: ctl.helper_off("node1"),
                       max(0.5, (t_iso + 4500 - lab_core.now_ms()) / 1000.0))
    t.ok(not ctl.helper_off("node1") and not left
         and ctl.where("w") == ["node1"],
         "exactly one node fenced: node1 is up and runs w, node2 has no "
         "process left (%s)" % (left or "none"))
    fencing = ctl.fencing("node1") or []
    t.ok(not [f for f in fencing if f[0] == "node1"],
         "node1's fencing history has no fencing of node1: %s" % fencing)

    lab.kill("node2")
    lab.heal("node2")
    lab.start("node2")
    ctl.start_node("node2")
    ok = ctl.wait_synced(lab.nodes, "node1", 60)
    labtest.wait_until(lambda: ctl.where("w") != ["node1"], 4)
    t.ok(ok, "node2 rebooted and rejoined: 2 nodes synced")
    t.ok(ctl.where("w") == ["node1"] and not ctl.helper_off("node1"),
         "after the rejoin nobody was fenced and w stays on node1 "
         "(stickiness 100 > 50): %s" % ctl.watch.placement())
    ctl.check_ledger()


labtest.run(main, plan=10)
