#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller), configured with the resource CLI (`hactl resource
create`, `hactl constraint location add`): a witness whose process dies
behind the cluster's back (its holder is killed from the host) is found by
its 2 s monitor and recovered in place; the second failure reaches migration-threshold=2 and
moves it to another node.  The witness ledger proves it never ran on two
nodes at once."""

import json
import os
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
        ctl.create_witness("w", meta={"migration-threshold": "2"}),
        ctl.create_witness("other"),
        ("constraint", "location", "add", "w-on-node2", "w", "node2", "50"),
        ("constraint", "location", "add", "other-on-node3", "other", "node3",
         "50"))
    t.comment("$ " + how.replace("; ", "\n$ "))
    t.ok(ok, "configured with the resource CLI (hactl property set, "
         "resource create, constraint location add): w (monitor 2 s, "
         "migration-threshold=2) prefers node2")
    t.ok(ctl.wait_where({"w": "node2", "other": "node3"}, 60),
         "w runs on node2, other on node3")

    first = ctl.holder_pids("w")
    t_fail = lab_core.now_ms()
    ctl.kill_holder("w")
    ok = labtest.wait_until(
        lambda: ctl.starts("w") >= 2 and ctl.where("w") == ["node2"]
        and ctl.holder_pids("w") != first, 30)
    t.ok(ok and ctl.starts("w") == 2,
         "1st failure: w recovered in place on node2 (%d ms, %d starts)"
         % (lab_core.now_ms() - t_fail, ctl.starts("w")))
    labtest.wait_until(lambda: ctl.failed_actions("node1"), 10, 0.2)
    fa = ctl.failed_actions("node1")
    t.ok(fa and "node2" in json.dumps(fa) and "w" in json.dumps(fa),
         "status shows the failed monitor of w on node2: %s"
         % json.dumps(fa)[:200])

    second = ctl.holder_pids("w")
    t_fail = lab_core.now_ms()
    ctl.kill_holder("w")
    placed = ctl.wait_running(["w"], exclude=["node2"], timeout=30)
    t.ok(placed and ctl.where("other") == ["node3"],
         "2nd failure (migration-threshold=2): w moved to %s (%d ms), "
         "other stays on node3" % (placed and placed["w"],
                                   lab_core.now_ms() - t_fail))
    labtest.wait_until(lambda: ctl.where("w") != (placed and [placed["w"]]),
                       4)
    host = placed and placed["w"]
    t.ok(second and ctl.where("w") == [host]
         and ctl.reported("node1", "w") == [host],
         "w stays on %s and hacd reports it there (%s)"
         % (host, ctl.reported("node1", "w")))
    ctl.check_ledger()


labtest.run(main, plan=8)
