#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller), issue 16 item 5: a node whose state directory was
wiped, started alone and quorate alone, must not act.  Three nodes run a
witness w on node1 (fencing enabled, one fence_ha_lab device).  Every hacd
is killed (node1's ha-execd and w stay), node2 and node3 are powered off,
node1's /var/lib/ha is wiped and `corosync-quorumtool -e 1` makes node1
quorate alone.  Its hacd starts: it syncs and names itself DC, but says
WAITING, does not stop w (an orphan to its empty configuration), fences
nobody and refuses `hactl property set` (exit 6).  node2 and node3 come
back: node1 takes their configuration, w keeps running on node1 (the same
holder process) and writes work again.  The ledger proves w never ran on
two nodes at once."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import ctl_lab  # noqa: E402


def alone_and_quorate(t, lab, ctl):
    for n in lab.nodes:
        lab.daemon_kill(n, "hacd")
    lab.kill("node2")
    lab.kill("node3")
    lab.wait_members(["node1"], [1], 30)
    r = lab.sh("node1", "ls -A /var/lib/ha; rm -rf /var/lib/ha/* "
               "/var/lib/ha/.[!.]*; ls -A /var/lib/ha | wc -l")
    t.comment("node1's /var/lib/ha before the wipe: %s"
              % " ".join(r.stdout.split()[:-1]))
    wiped = r.returncode == 0 and r.stdout.split()[-1:] == ["0"]
    r = lab.exec("node1", ["corosync-quorumtool", "-e", "1"])
    quorate = labtest.wait_until(
        lambda: (lab.quorum("node1") or {}).get("quorate"), 20)
    t.ok(wiped and quorate, "every hacd killed, node2 and node3 off, node1's "
         "/var/lib/ha wiped, node1 quorate alone (expected votes 1: %s)"
         % (lab.quorum("node1") or {}).get("flags"))


def main(t):
    lab = t.up(3, token=1000)
    ctl = ctl_lab.Ctl(t, lab)
    ctl.start_fence_helper()
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 3 nodes, DC node1")
    ok, how = ctl.cli_all(
        "node1",
        ("property", "set", "stonith-enabled", "true"),
        ("property", "set", "cluster-name", "before"),
        ctl.create_fence_device("fence-lab", lab.nodes),
        ctl.create_witness("w"),
        ("constraint", "location", "add", "w-on-node1", "w", "node1", "50"))
    t.comment("$ " + how.replace("; ", "\n$ "))
    t.ok(ok and ctl.wait_where({"w": "node1"}, 60)
         and ctl.wait_settled("node1", 30),
         "configured with hactl: w runs on node1, settled")
    pids = ctl.holder_pids("w")
    starts = ctl.starts("w")

    alone_and_quorate(t, lab, ctl)
    ctl.start("node1")
    up = ctl.wait_synced(["node1"], "node1", 60)
    labtest.wait_until(lambda: ctl.holder_pids("w") != pids, 10)
    st = ctl.status("node1") or {}
    t.ok(up and st.get("quorate") and st.get("config_version") == "0.0.0",
         "node1's hacd synced alone, quorate, DC of itself, empty "
         "configuration (%s)" % st.get("config_version"))
    r = ctl.hactl("node1", "status")
    c = ctl.hactl("node1", "status", "--check")
    t.ok("WAITING" in r.stdout and c.returncode == 2
         and "waiting" in c.stdout,
         "hactl status says WAITING: %s; status --check: exit %d, %s"
         % ([ln for ln in r.stdout.splitlines() if "WAITING" in ln],
            c.returncode, c.stdout.strip()))
    t.ok(ctl.holder_pids("w") == pids and ctl.where("w") == ["node1"]
         and ctl.starts("w") == starts,
         "after 10 s w still runs on node1, untouched (holder %s)" % pids)
    t.ok(ctl.fencing("node1") == [] and not ctl.helper_off("node2")
         and not ctl.helper_off("node3"),
         "nobody fenced: %s" % ctl.fencing("node1"))
    r = ctl.hactl("node1", "property", "set", "cluster-name=after")
    t.ok(r.returncode == 6 and "configuration" in r.stderr,
         "hactl property set refused, exit %d: %s"
         % (r.returncode, r.stderr.strip()))

    for n in ("node2", "node3"):
        lab.start(n)
        ctl.start_node(n)
    ok = ctl.wait_synced(lab.nodes, None, 90)
    t.ok(ok and ctl.prop("node1", "cluster-name") == "before"
         and "WAITING" not in ctl.hactl("node1", "status").stdout,
         "node2 and node3 back: 3 synced, node1 took their configuration "
         "(cluster-name=%s)" % ctl.prop("node1", "cluster-name"))
    ctl.check_identical(lab.nodes)
    labtest.wait_until(lambda: ctl.holder_pids("w") != pids, 6)
    t.ok(ctl.holder_pids("w") == pids and ctl.where("w") == ["node1"]
         and ctl.starts("w") == starts,
         "w kept running on node1 throughout (one start in the ledger)")
    r = ctl.cli("node1", "property", "set", "cluster-name=after")
    t.ok(r.returncode == 0 and ctl.prop("node2", "cluster-name") == "after",
         "writes work again")
    ctl.check_ledger()


labtest.run(main, plan=13)
