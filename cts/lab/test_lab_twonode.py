#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab: `up 2 --two-node` gives votequorum two_node: the survivor of a
kill stays quorate alone, and a partition leaves both halves quorate (the
split brain that fencing must resolve in two-node clusters)."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402


def quorum_is(lab, node, members, quorate):
    q = lab.quorum(node)
    return q is not None and q["members"] == members and q["quorate"] == quorate


def main(t):
    lab = t.up(2, token=1000, two_node=True)
    q = lab.quorum("node1")
    t.ok(q and q["quorate"] and q["members"] == [1, 2] and "2Node" in q["flags"],
         "two nodes, quorate, flags %s" % (q and q["flags"]))
    lab.kill("node2")
    ok = labtest.wait_until(lambda: quorum_is(lab, "node1", [1], True), 30)
    t.ok(ok, "node1 alone stays quorate after node2 is killed")
    lab.start("node2")
    t.ok(lab.wait_members(lab.nodes, [1, 2], 30), "node2 rejoins")
    lab.isolate("node1")
    ok = all(labtest.wait_until(lambda n=n, i=i: quorum_is(lab, n, [i], True),
                                30) for n, i in (("node1", 1), ("node2", 2)))
    t.ok(ok, "partitioned: both halves are quorate (two_node split brain)")
    lab.heal("node1")
    t.ok(lab.wait_members(lab.nodes, [1, 2], 30), "healed: one membership")


labtest.run(main, plan=5)
