#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab: isolate one node of 3 -> it is inquorate alone, the other two are
quorate together; heal -> one quorate 3-member membership again."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
from lab_core import now_ms  # noqa: E402


def quorum_is(lab, node, members, quorate):
    q = lab.quorum(node)
    return q is not None and q["members"] == members and q["quorate"] == quorate


def main(t):
    lab = t.up(3, token=1000)
    t_iso = lab.isolate("node2")
    ok = labtest.wait_until(lambda: quorum_is(lab, "node2", [2], False), 30, 0.02)
    t_min = now_ms()
    t.ok(ok, "isolated node2 sees only itself and is inquorate")
    ok = all(labtest.wait_until(lambda n=n: quorum_is(lab, n, [1, 3], True),
                                30, 0.02) for n in ("node1", "node3"))
    t_maj = now_ms()
    t.ok(ok, "node1 and node3 are quorate with members 1,3")
    t.comment("isolate node2 -> minority inquorate after %d ms, majority "
              "after <= %d ms" % (t_min - t_iso, t_maj - t_iso))
    q = lab.quorum("node2")
    t.ok(q is not None and not q["quorate"],
         "node2 stays inquorate while isolated (%s)" % (q and q["flags"]))

    t_heal = lab.heal("node2")
    ok = all(labtest.wait_until(lambda n=n: quorum_is(lab, n, [1, 2, 3], True),
                                30, 0.02) for n in lab.nodes)
    t.ok(ok, "after heal all nodes are quorate with members 1,2,3")
    t.comment("heal node2 -> 3 quorate members after %d ms"
              % (now_ms() - t_heal))
    rings = {lab.quorum(n)["ring_id"] for n in lab.nodes}
    t.ok(len(rings) == 1, "one ring id after the merge: %s" % rings)


labtest.run(main, plan=5)
