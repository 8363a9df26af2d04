#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): partition 1|2 with no-quorum-policy=stop and fencing.
node3 (running w1) is unplugged from the switch: its hacd loses quorum and
stops w1 itself; the majority (node1 DC, node2) fences node3 with
fence_ha_lab (pcmk_delay_base=3s gives the minority time to stop first),
then starts w1; w2 stays on node1.  node3 rebooted rejoins.  The witness
ledger proves no resource ever ran on two nodes at once."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import lab_core  # noqa: E402
import ctl_lab  # noqa: E402
from ctl_lab import location  # noqa: E402


def own_stop(ctl, node, rsc):
    """The ledger has a stop of rsc on node written by the agent."""
    with open(ctl.ledger) as f:
        return any(ln.split()[:3] == ["stop", node, rsc] for ln in f)


def main(t):
    lab = t.up(3, token=1000)
    ctl = ctl_lab.Ctl(t, lab)
    ctl.start_fence_helper()
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 3 nodes, DC node1")
    dev = ctl.fence_device()
    dev = dev.replace('</instance_attributes>',
                      '<nvpair id="fence-lab-delay" name="pcmk_delay_base" '
                      'value="3s"/></instance_attributes>', 1)
    r = ctl.configure("node1", ctl.cib(
        props={"stonith-enabled": "true", "stonith-action": "off",
               "no-quorum-policy": "stop"},
        resources=[dev, ctl.witness("w1"), ctl.witness("w2")],
        constraints=[location("w1", "node3", 50),
                     location("w2", "node1", 50)]))
    t.ok(r.returncode == 0, "configuration imported: fencing, "
         "no-quorum-policy=stop, w1 prefers node3, w2 node1")
    t.ok(ctl.wait_where({"w1": "node3", "w2": "node1"}, 60),
         "w1 runs on node3, w2 on node1 (%s)" % ctl.watch.placement())

    t_iso = lab.isolate("node3")
    gone = labtest.wait_until(lambda: "node3" not in ctl.where("w1"), 30)
    # the agent writes its stop line just after its holder is gone
    gone = gone and labtest.wait_until(
        lambda: own_stop(ctl, "node3", "w1"), 5)
    t.ok(gone,
         "isolated node3 lost quorum and stopped w1 itself (%d ms after "
         "the cut)" % (lab_core.now_ms() - t_iso))
    off = labtest.wait_until(lambda: ctl.helper_off("node3"), 40)
    t.ok(off and ctl.wait_fenced("node1", "node3", 10),
         "the majority fenced node3 (powered off: %s), history: %s"
         % (bool(off), ctl.fence_history_text("node1", "node3")[:200]))
    placed = ctl.wait_running(["w1", "w2"], exclude=["node3"], timeout=40)
    t_w1 = ctl.first_start_after("w1", t_iso, exclude=["node3"])
    t.ok(placed and placed["w2"] == "node1",
         "the majority recovered w1 on %s (its start %s ms after the cut, "
         "with the 3 s fence delay), w2 stayed on node1"
         % (placed and placed["w1"],
            "?" if t_w1 is None else "%d" % (t_w1 - t_iso)))
    t.comment("node3 links: %s" % ("attached" if lab.lab.port_attached(
        "node3") else "detached (powered off)"))

    lab.kill("node3")
    lab.heal("node3")
    lab.start("node3")
    ctl.start_node("node3")
    ok = ctl.wait_synced(lab.nodes, "node1", 60)
    labtest.wait_until(lambda: ctl.where("w1") != [placed and placed["w1"]],
                       5)
    t.ok(ok and placed and ctl.where("w1") == [placed["w1"]],
         "node3 rebooted and rejoined: 3 nodes synced, w1 stays on %s"
         % (placed and placed["w1"]))
    ctl.check_ledger()


labtest.run(main, plan=8)
