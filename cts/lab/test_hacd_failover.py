#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab: hacd failures on 3 real corosync nodes.
 * kill -9 the DC's node -> the next DC right at corosync's membership
   change (delay printed);
 * the lowest node id was down during writes and rejoins -> the DC does not
   move and its old copy does not win;
 * SIGKILL of hacd alone -> its node is pending (not lost) during the grace
   period, and rejoins;
 * a node restarted with a corrupted store file resyncs."""

import os
import re
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
from hacd_lab import Hacd, now_ms  # noqa: E402


def node_state(hacd, viewer, node):
    s = hacd.status(viewer) or {}
    for n in s.get("nodes", []):
        if n["name"] == node:
            return n["state"]
    return None


def dc_takeover(t, lab, hacd):
    lab.kill("node1")
    t_kill = now_ms()
    t_memb = t_dc = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (t_memb is None or t_dc is None):
        if t_memb is None and lab.members("node2") == [2, 3]:
            t_memb = now_ms()
        if t_dc is None:
            s = hacd.status("node2")
            if s and s["dc"] == "node2":
                t_dc = now_ms()
        time.sleep(0.02)
    m = re.findall(r"DC is now node2 .*after_membership_ms=([0-9.]+)",
                   hacd.log("node2"))
    ok = t_dc is not None and t_memb is not None and m \
        and hacd.wait_synced(["node2", "node3"], "node2", 30)
    t.ok(ok, "kill -9 of the DC's node: node2 is DC on node2 and node3")
    if ok:
        t.comment("DC takeover: membership change seen %.0f ms after the "
                  "kill, DC seen %.0f ms after it (polling, 20 ms steps); "
                  "hacd logged the new DC %s ms after delivering the "
                  "membership change" % (t_memb - t_kill, t_dc - t_memb,
                                          m[-1]))


def main(t):
    lab = t.up(3, token=1000)
    nodes = lab.nodes
    hacd = Hacd(t, lab)
    started = hacd.start_dc_first("node1")
    t.ok(started and hacd.wait_synced(nodes, "node1", 60),
         "3 nodes synced, DC node1")
    r = hacd.hactl("node2", "property", "set", "--force", "p", "1")
    t.ok(r.returncode == 0, "write before the failure")

    dc_takeover(t, lab, hacd)
    ok = True
    for i in range(5):
        r = hacd.hactl(("node2", "node3")[i % 2], "property", "set", "--force", "p",
                       str(i + 2))
        ok &= r.returncode == 0
    t.ok(ok, "5 writes while node1 is down")

    lab.start("node1")
    hacd.start("node1")
    t.ok(hacd.wait_synced(nodes, "node2", 60),
         "node1 (lowest id) rejoins: the DC stays node2")
    t.ok(hacd.prop("node1", "p") == "6",
         "node1's old copy did not win: it has the newest value")

    lab.daemon_kill("node3", "hacd")
    t0 = time.monotonic()
    ok = labtest.wait_until(lambda: node_state(hacd, "node2", "node3")
                            == "pending", 15)
    time.sleep(max(0, 2.0 - (time.monotonic() - t0)))
    t.ok(ok and node_state(hacd, "node2", "node3") == "pending"
         and node_state(hacd, "node1", "node3") == "pending",
         "hacd killed on node3: node3 is pending, not lost, in the grace "
         "period")
    hacd.start("node3")
    t.ok(hacd.wait_synced(nodes, "node2", 30)
         and node_state(hacd, "node1", "node3") == "online",
         "hacd restarted on node3: back online")

    lab.daemon_kill("node3", "hacd")
    cib = os.path.join(hacd.dirs["statedir"], "store", "cib.xml")
    r = lab.sh("node3", "sed -i 's/name=\"p\"/name=\"q\"/' '%s'" % cib)
    hacd.start("node3")
    ok = hacd.wait_synced(nodes, "node2", 30)
    t.ok(r.returncode == 0 and ok and hacd.prop("node3", "p") == "6"
         and "unusable" in hacd.log("node3"),
         "node3 restarted with a corrupted store file resyncs")
    hacd.check_identical(nodes)


labtest.run(main, plan=10)
