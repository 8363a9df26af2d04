#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab: kill -9 a node -> the two others form a quorate 2-member
membership (delay measured); the node restarts like after a reboot and
rejoins; kill --power also takes its VIP off the network."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
from lab_core import now_ms  # noqa: E402


def main(t):
    lab = t.up(3, token=1000)
    token, consensus = lab.runtime_token("node1")
    lab.sh("node3", "echo stale > /run/stale-marker")

    # --- kill -9 ------------------------------------------------------
    t_kill = lab.kill("node3")
    t.ok(lab.pids("node3") == [], "node3 has no process left after kill")
    seen = lab.watch_members(["node1", "node2"], [1, 2], 30)
    t.ok(len(seen) == 2, "node1 and node2 see members 1,2")
    logged = {n: lab.membership_change_ms(n, [1, 2], t_kill) for n in seen}
    t.ok(all(logged[n] and 0 <= seen[n] - logged[n] < 1000 for n in seen),
         "corosync.log dates the change just before the polls saw it "
         "(log %s, poll %s)" % ({n: v and v - t_kill for n, v in logged.items()},
                                {n: v - t_kill for n, v in seen.items()}))
    for node in sorted(seen):
        t.comment("kill -9 node3 -> %s: membership change logged after %s ms,"
                  " seen by polling after %d ms (runtime token %d, "
                  "consensus %d)" % (node, logged[node] and logged[node] - t_kill,
                                     seen[node] - t_kill, token, consensus))
    delay = max(seen.values()) - t_kill if seen else -1
    t.ok(token <= delay < 4 * (token + consensus),
         "membership change after %d ms (between token and "
         "4 x (token + consensus))" % delay)
    qs = [lab.quorum(n) for n in ("node1", "node2")]
    t.ok(all(q and q["quorate"] and q["members"] == [1, 2] for q in qs),
         "both survivors are quorate with 2 members")

    # --- restart ------------------------------------------------------
    t0 = now_ms()
    lab.start("node3")
    ok = lab.wait_members(lab.nodes, [1, 2, 3], 30)
    t.ok(ok, "node3 restarted: 3 members again")
    t.comment("start node3 -> 3 members after %d ms" % (now_ms() - t0))
    r = lab.exec("node3", ["test", "-e", "/run/stale-marker"])
    t.ok(r.returncode != 0, "restart wiped node3's /run like a reboot")

    # --- kill --power with a VIP -------------------------------------
    vip = lab.lab.subnet + ".100"
    lab.exec("node2", ["ip", "addr", "add", vip + "/24", "dev", "eth0"],
             check=True)
    r = lab.client(["ping", "-c1", "-W2", vip])
    t.ok(r.returncode == 0, "client reaches the VIP on node2")
    t_kill = lab.kill("node2", power=True)
    r = lab.client(["ping", "-c1", "-W1", vip])
    t.ok(r.returncode != 0, "after kill --power the VIP does not answer")
    seen = lab.watch_members(["node1", "node3"], [1, 3], 30)
    t.ok(len(seen) == 2, "node1 and node3 see members 1,3")
    if seen:
        t.comment("kill --power node2 -> 2 members after %d ms"
                  % (max(seen.values()) - t_kill))
    lab.start("node2")
    t.ok(lab.wait_members(lab.nodes, [1, 2, 3], 30),
         "node2 powered on again: 3 members")
    r = lab.exec("node2", ["ip", "-4", "-o", "addr", "show", "dev", "eth0"])
    t.ok(vip not in r.stdout and lab.ip("node2") in r.stdout,
         "node2 came back with its own address only")


labtest.run(main, plan=12)
