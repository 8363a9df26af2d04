#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab: 3 nodes form one quorate corosync membership, and each node is its
own machine (hostname, interfaces, private /run, /var/lib/ha, client)."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402


def main(t):
    lab = t.up(3, token=1000)
    rings = set()
    for node in lab.nodes:
        q = lab.quorum(node)
        t.ok(q is not None and q["members"] == [1, 2, 3] and q["quorate"],
             "%s: corosync-quorumtool shows members 1,2,3 and quorate (%s)"
             % (node, q))
        rings.add(q and q["ring_id"])
    t.ok(len(rings) == 1, "all nodes report the same ring id %s" % rings)
    tok = lab.runtime_token("node1")
    t.comment("runtime token %d ms, consensus %d ms" % tok)
    t.ok(tok[0] == 1000 + 650, "runtime token is token + 650 for 3 nodes")
    names = [lab.exec(n, ["uname", "-n"]).stdout.strip() for n in lab.nodes]
    t.ok(names == lab.nodes, "uname -n in each node is its name: %s" % names)
    ifs = lab.exec("node2", ["ls", "/sys/class/net"]).stdout.split()
    t.ok(sorted(ifs) == ["eth0", "lo"], "node sysfs shows eth0 and lo only")
    lab.sh("node1", "echo one > /run/lab-probe; "
           "echo one > /var/lib/ha/probe")
    r2 = lab.sh("node2", "cat /run/lab-probe /var/lib/ha/probe")
    t.ok(r2.returncode != 0 and "one" not in r2.stdout,
         "/run and /var/lib/ha are private to each node")
    w = lab.as_user("node3", "hacluster",
                    ["sh", "-c", "echo x > /var/lib/ha/f && echo y > /var/log/ha/f"])
    t.ok(w.returncode == 0, "hacluster can write /var/lib/ha and /var/log/ha")
    pids = [lab.exec(n, ["cat", "/run/corosync.pid"]).stdout.strip()
            for n in lab.nodes]
    t.ok(all(pids) and len(set(pids)) == 3,
         "one corosync per node (pids %s)" % pids)
    r = lab.client(["ping", "-c1", "-W2", lab.ip("node3")])
    t.ok(r.returncode == 0, "the client namespace reaches node3")
    r = lab.exec("node1", ["getent", "hosts", "node2"])
    t.ok(lab.ip("node2") in r.stdout, "node names resolve inside nodes")


labtest.run(main, plan=12)
