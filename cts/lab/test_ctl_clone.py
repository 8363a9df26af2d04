#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller), anonymous clones on 3 nodes, configured with `hactl
resource create ... --clone --wait`: the clone settles in a few
transitions (counted in the DC's hacd.log: a probe loop fails the test)
and runs on every node (the agents' own state files say so, and so does
hactl status, the clone itself Started); the DC never logs a repeated
plan.  A failed monitor of one
instance is recovered in place, no other instance restarts (start logs of
ocf:ha:stateless).  A node lost (kill -9, no fencing) and rebooted: the
clone settles each time in a few transitions, the survivors' instances are
never restarted.  Two interleaved clones, the second ordered after and
colocated with the first: they settle in order on every node, and a
failure of the first on one node restarts both there only."""

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import ctl_lab  # noqa: E402

RSCTMP = "/run/resource-agents"
# transitions to settle a change of one clone: one, plus one if a result
# aborts it (e.g. an instance found running), plus the node's rejoin
MAX_TRANSITIONS = 4


def transitions(ctl, mark):
    """Transitions the DC (node1) started since log offset mark."""
    return len(re.findall(r"Transition \d+: \d+ actions",
                          ctl.log("node1")[mark:]))


def defects(ctl):
    return ctl.log_tail("node1", r"Scheduler defect", 3)


def state_files(lab, node, prefix):
    """Names in node's HA_RSCTMP starting with prefix."""
    r = lab.lab.node_sh(node, "ls %s 2>/dev/null; true" % RSCTMP,
                        check=False)
    return [f for f in r.stdout.split() if f.startswith(prefix)]


def truly_on(lab, prefix):
    """Nodes whose agent state file (prefix*) exists."""
    return sorted(n for n in lab.nodes if state_files(lab, n, prefix))


def starts(lab, node, rsc):
    """Starts ocf:ha:stateless logged on node for rsc (start_log)."""
    r = lab.lab.node_sh(node, "cat %s/starts-%s 2>/dev/null; true"
                        % (RSCTMP, rsc), check=False)
    return r.stdout.count("start")


def clone_nodes(ctl, base):
    """Nodes where node1's status says an instance of base runs."""
    rs = ctl.resources("node1") or {}
    out = set()
    for rid, entry in rs.items():
        if rid == base or re.match(re.escape(base) + r":\d+$", rid):
            if not entry.get("instances") and not entry.get("members"):
                out.update(ctl_lab.running_nodes(entry))
    return sorted(out)


def settle(t, ctl, mark, what, want):
    """Wait until settled with base running on the nodes want; a TAP point
    with the number of transitions since mark."""
    base, nodes = want
    ok = ctl.wait_settled("node1", 60) and labtest.wait_until(
        lambda: clone_nodes(ctl, base) == nodes, 10)
    n = transitions(ctl, mark)
    t.ok(ok and n <= MAX_TRANSITIONS,
         "%s: settled in %d transition(s) (at most %d), status: %s on %s"
         % (what, n, MAX_TRANSITIONS, base, clone_nodes(ctl, base)))
    return n


def started_at(lab, node, rsc):
    """When rsc's ocf:ha:stateless state file on node was made (epoch s),
    or None."""
    r = lab.lab.node_sh(node, "date -r %s/stateless-%s +%%s.%%N 2>/dev/null;"
                        " true" % (RSCTMP, rsc), check=False)
    return float(r.stdout) if r.stdout.strip() else None


def a_before_b(lab, nodes):
    """On each node, a's start came before b's (their state files)."""
    times = {n: (started_at(lab, n, "a"), started_at(lab, n, "b"))
             for n in nodes}
    return all(a is not None and b is not None and a <= b
               for a, b in times.values()), times


def interleaved(t, ctl, lab, all3):
    """Clones a and b (interleave=true), b after and with a: settle in
    order; a failure of a on node2 restarts a and b there only."""
    def create(rid):
        return ("resource", "create", rid, "ocf:ha:stateless",
                "start_log=true", "--op", "monitor:interval=2s,timeout=20s",
                "--clone", "--disabled")
    ok, how = ctl.cli_all(
        "node1", create("a"), create("b"),
        ("resource", "update", "a-clone", "--meta", "interleave=true"),
        ("resource", "update", "b-clone", "--meta", "interleave=true"),
        ("constraint", "order", "add", "a-then-b", "a-clone", "b-clone"),
        ("constraint", "colocation", "add", "b-with-a", "b-clone", "a-clone",
         "INFINITY"),
        ("resource", "enable", "b-clone"))
    t.comment("$ " + how.replace("; ", "\n$ "))
    mark = len(ctl.log("node1"))
    r = ctl.cli("node1", "resource", "enable", "a-clone", "--wait=45")
    n = transitions(ctl, mark)
    order_ok, times = a_before_b(lab, all3)
    t.ok(ok and r.returncode == 0 and n <= MAX_TRANSITIONS and order_ok
         and clone_nodes(ctl, "b") == all3,
         "interleaved clones a, b (b after and with a): settled in %d "
         "transition(s), a started before b on every node %s"
         % (n, times))
    mark = len(ctl.log("node1"))
    lab.lab.node_sh("node2", "rm -f %s/stateless-a*" % RSCTMP)
    done = labtest.wait_until(
        lambda: starts(lab, "node2", "b") == 2
        and clone_nodes(ctl, "b") == all3, 30)
    settle(t, ctl, mark, "recovery of a on node2", ("b", all3))
    got = {r: {nd: starts(lab, nd, r) for nd in all3} for r in ("a", "b")}
    order_ok, times = a_before_b(lab, ["node2"])
    want = {"node1": 1, "node2": 2, "node3": 1}
    t.ok(done and got == {"a": want, "b": want} and order_ok,
         "a failed on node2: a and b restarted there only, a first (starts "
         "%s, %s)" % (got, times))


def main(t):
    lab = t.up(3, token=1000)
    ctl = ctl_lab.Ctl(t, lab)
    all3 = ["node1", "node2", "node3"]
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 3 nodes, DC node1")
    t.ok(ctl.cli("node1", "property", "set", "stonith-enabled",
                 "false", "--force").returncode == 0,
         "stonith-enabled=false (--force: fencing off is unsafe)")

    # the command of the report: an anonymous clone of Dummy
    mark = len(ctl.log("node1"))
    r = ctl.cli("node1", "resource", "create", "d", "ocf:heartbeat:Dummy",
                "--op", "monitor:interval=10s", "--clone", "--wait=45")
    n = transitions(ctl, mark)
    t.ok(r.returncode == 0 and n <= MAX_TRANSITIONS,
         "hactl resource create d ocf:heartbeat:Dummy --op "
         "monitor:interval=10s --clone --wait: settled after %d "
         "transition(s) (exit %d)" % (n, r.returncode))
    role = ((ctl.resources("node1") or {}).get("d-clone") or {}).get("role")
    t.ok(truly_on(lab, "Dummy-d") == all3 and clone_nodes(ctl, "d") == all3
         and role == "Started",
         "d runs on every node (state files on %s), status says %s, "
         "d-clone %s" % (truly_on(lab, "Dummy-d"), clone_nodes(ctl, "d"),
                         role))
    ctl.show("node1")
    labtest.wait_until(lambda: transitions(ctl, mark) > n, 5)
    t.ok(transitions(ctl, mark) == n and not defects(ctl),
         "5 s later: no new transition, no repeated plan in the DC's log %s"
         % defects(ctl))

    # an instance fails: recovered in place, nothing else restarts
    mark = len(ctl.log("node1"))
    r = ctl.cli("node1", "resource", "create", "s", "ocf:ha:stateless",
                "start_log=true", "--op", "monitor:interval=2s,timeout=20s",
                "--clone", "--wait=45")
    settle(t, ctl, mark, "clone s (ocf:ha:stateless, monitor 2 s)",
           ("s", all3))
    before = {nd: starts(lab, nd, "s") for nd in all3}
    t.ok(before == {nd: 1 for nd in all3} and truly_on(lab, "stateless-s")
         == all3, "s started once on each node %s" % before)
    mark = len(ctl.log("node1"))
    lab.lab.node_sh("node2", "rm -f %s/stateless-s*" % RSCTMP)
    ok = labtest.wait_until(lambda: starts(lab, "node2", "s") == 2
                            and "node2" in truly_on(lab, "stateless-s"), 30)
    t.ok(ok, "s's state removed behind the cluster's back on node2: its "
         "monitor failed and it was restarted there")
    settle(t, ctl, mark, "recovery of s on node2", ("s", all3))
    after = {nd: starts(lab, nd, "s") for nd in all3}
    t.ok(after == {"node1": 1, "node2": 2, "node3": 1},
         "no other instance restarted: starts %s" % after)

    # node3 lost (kill -9, no fencing), then back
    mark = len(ctl.log("node1"))
    lab.kill("node3")
    settle(t, ctl, mark, "node3 lost", ("s", ["node1", "node2"]))
    mark = len(ctl.log("node1"))
    lab.start("node3")
    ctl.start_node("node3")
    synced = ctl.wait_synced(lab.nodes, "node1", 60)
    t.ok(synced, "node3 rebooted and rejoined: 3 nodes synced")
    settle(t, ctl, mark, "node3 back", ("s", all3))
    final = {nd: starts(lab, nd, "s") for nd in all3}
    t.ok(final == {"node1": 1, "node2": 2, "node3": 1}
         and truly_on(lab, "Dummy-d") == all3 and not defects(ctl),
         "s started once more on node3 only %s, d runs everywhere %s, no "
         "repeated plan" % (final, truly_on(lab, "Dummy-d")))
    interleaved(t, ctl, lab, all3)
    t.ok(not defects(ctl), "no repeated plan in the DC's log %s"
         % defects(ctl))
    t.comment("transitions logged by the DC:\n" + "\n".join(
        ctl.log_tail("node1", r"Transition \d+: \d+ actions", 40)))


labtest.run(main, plan=18)
