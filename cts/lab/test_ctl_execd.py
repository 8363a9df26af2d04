#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller), configured with `hactl resource create`: kill -9 of
ha-execd on the node running a witness, then a restart of ha-execd.  The
restarted executor has no history, so hacd has the node probed again; the
probe finds w running and it is not restarted (one interval in the ledger,
the same holder process).  Its recurring monitor is back: a later crash of
w is found and recovered in place.  The ledger proves w never ran on two
nodes at once."""

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import lab_core  # noqa: E402
import ctl_lab  # noqa: E402


def main(t):
    lab = t.up(3, token=1000)
    ctl = ctl_lab.Ctl(t, lab)
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 3 nodes, DC node1")
    ok, how = ctl.cli_all(
        "node1",
        ("property", "set", "stonith-enabled", "false", "--force"),
        ctl.create_witness("w"),
        ("constraint", "location", "add", "w-on-node2", "w", "node2", "50"))
    t.comment("$ " + how.replace("; ", "\n$ "))
    t.ok(ok, "configured with hactl resource create: w (monitor 2 s) "
         "prefers node2")
    t.ok(ctl.wait_where({"w": "node2"}, 60) and ctl.wait_settled("node1", 30),
         "w runs on node2, cluster settled")

    pids = ctl.holder_pids("w")
    n_starts = ctl.starts("w")
    log_before = len(ctl.log("node2"))
    t_kill = lab.daemon_kill("node2", "ha-execd")
    ctl.start_execd("node2")
    reprobed = labtest.wait_until(
        lambda: re.search(r"executor has restarted.*probed again",
                          ctl.log("node2")[log_before:]), 30)
    t.ok(reprobed, "ha-execd killed (-9) and restarted on node2: hacd "
         "has the node probed again (%s)"
         % (reprobed and reprobed.group(0)))
    settled = ctl.wait_settled("node1", 30)
    # a wrong restart would show within a few monitor intervals (2 s)
    labtest.wait_until(lambda: ctl.holder_pids("w") != pids, 6)
    t.ok(settled and ctl.holder_pids("w") == pids
         and ctl.starts("w") == n_starts and ctl.where("w") == ["node2"]
         and ctl.reported("node1", "w") == ["node2"],
         "w was not restarted: same holder %s, %d start(s) in the ledger, "
         "hacd reports it on node2 (settled %s, %d ms after the kill)"
         % (pids, ctl.starts("w"), settled, lab_core.now_ms() - t_kill))
    fa = ctl.failed_actions("node1")
    t.ok(not fa, "no failed action: %s" % fa)

    # the recurring monitor runs again on the new executor
    ctl.kill_holder("w")
    ok = labtest.wait_until(
        lambda: ctl.starts("w") == n_starts + 1 and ctl.where("w") ==
        ["node2"] and ctl.holder_pids("w") != pids, 20)
    t.ok(ok, "the monitor found w's crash after the executor restart and "
         "recovered it on node2 (%d starts)" % ctl.starts("w"))
    ctl.check_ledger()


labtest.run(main, plan=8)
