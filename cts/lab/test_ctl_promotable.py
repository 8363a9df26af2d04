#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): a promotable clone (promoted-max=1) of ocf:ha:promotable
on 3 nodes, with fencing, and a role witness: the agent appends every
promote (when it begins) and every demote (when it has ended, a demote
taking 3 s as a database's does) to a ledger outside the cluster; a node
killed while promoted ends its interval at the kill.  witness-check
--promoted-max 1 then proves that at no moment were two instances
promoted.  The clone has a monitor per role, as stock stateful agents
need: every 10 s role=Promoted (expects 8), every 11 s role=Unpromoted.
Scenarios: initial start (one promoted: the agent published its score
with hactl from inside ha-execd), switchover (`hactl resource move
db-clone NODE --promoted --pin`: the new promoted node's Unpromoted
monitor is cancelled, its Promoted one runs), failover (kill -9 of the
promoted node: fenced, another promoted), rejoin (the move cleared, the
promoted stays), cleanup and refresh (nothing moves).  Each phase must
settle within a bounded number of transitions (a scheduling loop fails;
so does a role monitor judged failed)."""

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import ctl_lab  # noqa: E402
from ctl_lab import nvpairs, primitive  # noqa: E402

CLONE = "db-clone"
RSC = "db"
MAX_TRANSITIONS = 8     # per phase: a loop schedules without end
TRANSITION_RX = re.compile(r"Transition \d+: \d+ actions")


class Roles:
    """The role ledger of ocf:ha:promotable, with the kills of the test."""

    def __init__(self, ctl):
        self.ctl = ctl
        self.path = os.path.join(ctl.work, "roles")
        open(self.path, "a").close()
        os.chmod(self.path, 0o666)
        self.kills = []     # (epoch s, node)

    def lines(self):
        with open(self.path) as f:
            out = [ln.split() for ln in f if len(ln.split()) == 4]
        for t, node in self.kills:
            out.append(["demote", node, RSC, "%.6f" % t])
        return sorted(out, key=lambda w: float(w[3]))

    def promoted(self):
        """Nodes whose last promote has no demote (or kill) after it."""
        last = {}
        for w in self.lines():
            if w[2] == RSC and w[0] in ("promote", "demote"):
                last[w[1]] = w[0]
        return sorted(n for n, what in last.items() if what == "promote")

    def count(self):
        return len(self.lines())

    def check(self, t):
        merged = self.path + ".merged"
        with open(merged, "w") as f:
            f.write("".join(" ".join(w) + "\n" for w in self.lines()))
        r = ctl_lab.subprocess.run(
            ["sh", ctl_lab.WITNESS_CHECK, "--promoted-max", "1", merged],
            capture_output=True, text=True)
        out = (r.stdout + r.stderr).strip()
        ok = t.ok(r.returncode == 0 and "promotable" in out,
                  "role witness: never more than 1 promoted at once (%s)"
                  % (out.splitlines()[-1] if out else "no output"))
        t.comment("role ledger (kills added):\n" + open(merged).read())
        if not ok:
            t.comment(out)
        return ok


def transitions(ctl):
    """Transitions started so far, on every node (the DC may change)."""
    return sum(len(TRANSITION_RX.findall(ctl.log(n))) for n in ctl.lab.nodes)


def reported_promoted(ctl, node):
    """Nodes where node's hacd status says an instance is promoted."""
    rs = ctl.resources(node) or {}
    out = []
    for r in rs.values():
        if r.get("kind") == "clone" or not str(r.get("id", "")).startswith(
                RSC):
            continue
        if str(r.get("role") or "").lower() in ("promoted", "master"):
            out += ctl_lab.running_nodes(dict(r, role="started"))
    return sorted(set(out))


def settle(t, ctl, roles, dc, mark, what, want=None, timeout=90):
    """Wait until hacd on dc is settled (and the truth is want, a list of
    promoted nodes, if given); one TAP point for the number of transitions
    it took."""
    def done():
        if want is not None and roles.promoted() != want:
            return False
        return ctl.settled(dc)
    ok = bool(labtest.wait_until(done, timeout, 0.2))
    n = transitions(ctl) - mark
    t.ok(ok and n <= MAX_TRANSITIONS,
         "%s: settled after %d transition(s) (at most %d)"
         % (what, n, MAX_TRANSITIONS))
    return ok


ROLE_MONITORS = (
    '<operations>'
    '<op id="%s-mon-p" name="monitor" interval="10s" role="Promoted"/>'
    '<op id="%s-mon-u" name="monitor" interval="11s" role="Unpromoted"/>'
    '</operations></primitive>' % (RSC, RSC))


def config(ctl, roles, constraints=()):
    prim = primitive(RSC, "ocf", "promotable", "ha",
                     {"ledger": roles.path, "demote_delay": "3"},
                     monitor=None).replace("</primitive>", ROLE_MONITORS)
    clone = ('<clone id="%s">%s%s</clone>'
             % (CLONE, nvpairs("meta_attributes", CLONE + "-meta",
                               {"promotable": "true", "promoted-max": "1"}),
                prim))
    return ctl.cib(props={"stonith-enabled": "true",
                          "stonith-action": "off"},
                   resources=[ctl.fence_device(), clone],
                   constraints=list(constraints))


def main(t):
    lab = t.up(3, token=1000)
    ctl = ctl_lab.Ctl(t, lab)
    roles = Roles(ctl)
    ctl.start_fence_helper()
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 3 nodes, DC node1")
    dc = "node1"

    # 1. initial start: exactly one promoted
    mark = transitions(ctl)
    r = ctl.configure(dc, config(ctl, roles))
    t.ok(r.returncode == 0, "configuration imported: %s (promotable, "
         "promoted-max=1) of ocf:ha:promotable, fence_ha_lab device" % CLONE)
    labtest.wait_until(lambda: roles.promoted(), 60, 0.2)
    settle(t, ctl, roles, dc, mark, "initial start")
    first = roles.promoted()
    rep = reported_promoted(ctl, dc)
    t.ok(len(first) == 1 and rep == first,
         "initial start: exactly one promoted %s (hacd says %s); the agent "
         "published its promotion score with hactl" % (first, rep))
    ctl.show(dc)

    # 2. switchover: the promoted role to a node not promoted, not the DC
    target = [n for n in lab.nodes if n not in first and n != dc][0]
    mark = transitions(ctl)
    r = ctl.cli(dc, "resource", "move", CLONE, target, "--promoted",
                "--pin", "--wait=60")
    t.ok(r.returncode == 0, "switchover: hactl resource move %s %s "
         "--promoted --pin (%s)" % (CLONE, target,
                                    (r.stdout + r.stderr).strip()))
    settle(t, ctl, roles, dc, mark, "switchover", want=[target])
    rep = reported_promoted(ctl, dc)
    t.ok(roles.promoted() == [target] and rep == [target],
         "switchover: %s promoted, %s demoted (hacd says %s)"
         % (target, first[0] if first else None, rep))
    log = ctl.log(target)
    t.ok("Cancelling %s monitor every 11000ms" % RSC in log
         and re.search(r"Running %s monitor every 10000 .*key=\d+:\d+:8:"
                       % RSC, log) is not None,
         "switchover: on %s the Unpromoted monitor was cancelled and the "
         "Promoted one (expecting 8) runs" % target)

    # 3. failover: kill -9 the promoted node; it is fenced, another promoted
    victim = target
    mark = transitions(ctl)
    roles.kills.append((lab.kill(victim) / 1000.0, victim))
    off = labtest.wait_until(lambda: ctl.helper_off(victim), 60)
    t.ok(off and ctl.wait_fenced(dc, victim, 30),
         "failover: %s killed and powered off by fence_ha_lab (fencing "
         "history %s)" % (victim, ctl.fencing(dc)))
    survivors = [n for n in lab.nodes if n != victim]
    promoted = labtest.wait_until(
        lambda: (len(roles.promoted()) == 1
                 and roles.promoted()[0] in survivors
                 and roles.promoted()), 90, 0.2)
    settle(t, ctl, roles, dc, mark, "failover")
    t.ok(bool(promoted) and reported_promoted(ctl, dc) == promoted,
         "failover: %s promoted in place of %s" % (promoted, victim))

    # 4. rejoin: the move is cleared, the killed node comes back, the promoted
    # instance stays where it is
    mark = transitions(ctl)
    ctl.cli(dc, "resource", "clear", CLONE, "--wait=60")
    settle(t, ctl, roles, dc, mark, "the move cleared",
           want=promoted or None)
    mark = transitions(ctl)
    lab.start(victim)
    ctl.start_node(victim)
    ok = ctl.wait_synced(lab.nodes, dc, 60)
    settle(t, ctl, roles, dc, mark, "rejoin")
    inst = ctl.reported(dc, CLONE) or []
    t.ok(ok and roles.promoted() == promoted and victim in inst,
         "rejoin: %s back, its instance runs (clone on %s), %s still the "
         "promoted one" % (victim, inst, promoted))

    # 5. cleanup, then refresh (the history forgotten: every instance is
    # probed again, the promoted one answers 8): nothing moves
    mark = transitions(ctl)
    n_lines = roles.count()
    r = ctl.cli(dc, "resource", "cleanup", CLONE, "--wait=60")
    r2 = ctl.cli(dc, "resource", "refresh", CLONE, "--wait=60")
    settle(t, ctl, roles, dc, mark, "cleanup and refresh")
    t.ok(r.returncode == 0 and r2.returncode == 0
         and roles.promoted() == promoted and roles.count() == n_lines
         and reported_promoted(ctl, dc) == promoted,
         "cleanup and refresh: %s stays promoted (hacd says %s), no promote "
         "or demote since" % (promoted, reported_promoted(ctl, dc)))

    roles.check(t)
    ctl.show(dc)
    ctl.close()


labtest.run(main, plan=17)
