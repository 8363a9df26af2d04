#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): 100 ocf:ha:stateless resources (20 pairs colocated
and ordered, 10 preferring node3) and 4 witnesses, imported at once on a
3-node cluster, all start exactly once and the cluster settles within
BOUND_S; placement follows the constraints.  The witness ledger proves no
witness ran on two nodes at once."""

import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import ctl_lab  # noqa: E402
from ctl_lab import colocation, location, order, primitive  # noqa: E402

N = 100
BOUND_S = 60


def stateless_on(lab):
    """{rsc: [(node, mtime)]} of the stateless state files of every node."""
    out = {}
    for n in lab.nodes:
        r = lab.exec(n, ["find", "/run/resource-agents", "-maxdepth", "1",
                         "-name", "stateless-*", "-printf", "%f %T@\\n"])
        for ln in r.stdout.split("\n"):
            w = ln.split()
            if len(w) == 2:
                out.setdefault(w[0][len("stateless-"):], []).append(
                    (n, float(w[1])))
    return out


def main(t):
    lab = t.up(3, token=1000)
    ctl = ctl_lab.Ctl(t, lab)
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 3 nodes, DC node1")
    ids = ["s%03d" % i for i in range(N)]
    res = [primitive(i, "ocf", "stateless", "ha", monitor="10s")
           for i in ids]
    res += [ctl.witness("w%d" % i) for i in range(4)]
    cons = []
    for i in range(20):
        a, b = ids[2 * i], ids[2 * i + 1]
        cons += [colocation(b, a), order(a, b)]
    cons += [location(ids[i], "node3", 100) for i in range(40, 50)]
    t0 = time.monotonic()
    r = ctl.configure("node1", ctl.cib(resources=res, constraints=cons))
    t.ok(r.returncode == 0, "configuration imported: %d stateless + 4 "
         "witnesses, %d constraints" % (N, len(cons)))

    def all_once():
        on = stateless_on(lab)
        return (len(on) == N and all(len(v) == 1 for v in on.values())
                and all(len(ctl.where("w%d" % i)) == 1 for i in range(4)))

    ok = labtest.wait_until(all_once, BOUND_S, 0.2)
    t_run = time.monotonic() - t0
    t.ok(ok, "every resource started exactly once in %.1f s (bound %d s)"
         % (t_run, BOUND_S))
    on = stateless_on(lab)
    bad = []
    for i in range(20):
        a, b = ids[2 * i], ids[2 * i + 1]
        if a not in on or b not in on:
            bad.append("%s/%s missing" % (a, b))
            continue
        if on[a][0][0] != on[b][0][0]:
            bad.append("%s not with %s" % (b, a))
        if on[b][0][1] < on[a][0][1]:
            bad.append("%s started before %s" % (b, a))
    bad += ["%s not on node3" % ids[i] for i in range(40, 50)
            if ids[i] in on and on[ids[i]][0][0] != "node3"]
    per = {}
    for v in on.values():
        per[v[0][0]] = per.get(v[0][0], 0) + 1
    t.ok(not bad, "colocations, orders and locations hold %s; per node %s"
         % (bad[:5], per))
    settled = ctl.wait_settled("node1", max(5, BOUND_S - t_run))
    rs = ctl.resources("node1") or {}
    started = [x for x in ids if ctl_lab.running_nodes(rs.get(x, {}))]
    t.ok(settled and len(started) == N,
         "hacd settled %.1f s after the import and reports %d/%d stateless "
         "resources running" % (time.monotonic() - t0, len(started), N))
    ctl.check_ledger()


labtest.run(main, plan=6)
