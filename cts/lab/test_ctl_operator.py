#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): an operator's commands on 3 real nodes.
 * `hactl resource create --wait` on a node that is not the DC: the
   witness runs where `hactl status` says;
 * `hactl why w1` on a third node names the node the witness truly runs
   on, with its score;
 * `hactl status --watch --output json` (NDJSON) on node3 prints a frame
   with w1 on its new node soon after a move: refreshed on the change;
 * `hactl resource move w1 NODE --wait`: the holder moves, and no
   constraint is left behind (configuration and status);
 * `--pin`: the constraint stays, `status` lists it and `status --check`
   warns (exit 1); `resource clear` removes it, w1 stays (stickiness) and
   the check is OK again (exit 0);
 * the witness ledger: w1 never ran on two nodes at once."""

import json
import os
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import ctl_lab  # noqa: E402


class Watch(threading.Thread):
    """`hactl --output json status --watch` inside a node: every frame with
    the moment it arrived."""

    def __init__(self, ctl, node):
        super().__init__(daemon=True)
        argv = ctl.lab.lab.node_argv(node, [ctl.hactl_path, "--output",
                                            "json", "status", "--watch"])
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        self.frames = []     # (monotonic s, result)
        self.lock = threading.Lock()

    def run(self):
        for line in self.proc.stdout:
            try:
                result = json.loads(line)["result"]
            except (ValueError, KeyError, TypeError):
                continue
            with self.lock:
                self.frames.append((time.monotonic(), result))

    def first_with(self, pred, since):
        with self.lock:
            for at, result in self.frames:
                if at >= since and pred(result):
                    return at
        return None

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def on_node(rsc, node):
    def pred(status):
        for r in ctl_lab._flatten(status.get("resources") or []):
            if isinstance(r, dict) and r.get("id") == rsc:
                return ctl_lab.running_nodes(r) == [node]
        return False
    return pred


def temporary(ctl, node):
    s = ctl.status(node) or {}
    return [c.get("id") for c in s.get("constraints_temporary") or []]


def constraints(ctl, node):
    r = ctl.hactl(node, "--output", "json", "constraint", "list")
    if r.returncode != 0:
        return None
    return [c.get("id") for c in json.loads(r.stdout)["result"]]


def check(ctl, node):
    r = ctl.hactl(node, "status", "--check")
    return r.returncode, r.stdout.strip()


def main(t):
    lab = t.up(3, token=1000)
    ctl = ctl_lab.Ctl(t, lab)
    # no fence device in this test: fencing off, or nothing would start
    t.ok(ctl.start_stack("node1")
         and ctl.cli("node1", "property", "set", "stonith-enabled=false",
                     "--force").returncode == 0,
         "hacd + ha-execd on 3 nodes, DC node1, fencing off")

    ok, what = ctl.cli_all("node2", ctl.create_witness(
        "w1", meta={"resource-stickiness": "100"}) + ("--wait",))
    where = ctl.where("w1")
    t.ok(ok and len(where) == 1 and ctl.reported("node2", "w1") == where,
         "%s on node2 (not the DC): w1 runs on %s, as status says"
         % (what, where))
    here = where[0] if where else None

    r = ctl.hactl("node3", "--output", "json", "why", "w1")
    why = json.loads(r.stdout)["result"] if r.returncode == 0 else {}
    t.ok(why.get("running_on") == [here] and why.get("node") == here
         and isinstance(why.get("score"), int),
         "hactl why w1 on node3: runs on %s (score %s), as the holder shows"
         % (why.get("node"), why.get("score")))

    watch = Watch(ctl, "node3")
    watch.start()
    labtest.wait_until(lambda: watch.first_with(lambda s: True, 0), 10)
    there = [n for n in lab.nodes if n != here][0]
    before = time.monotonic()
    r = ctl.cli("node1", "resource", "move", "w1", there, "--wait")
    moved_at = time.monotonic()
    t.ok(r.returncode == 0 and ctl.where("w1") == [there],
         "hactl resource move w1 %s --wait: the holder moved (%.1f s)"
         % (there, moved_at - before))
    pids = ctl.holder_pids("w1")
    time.sleep(3)       # a wrong move back shows within a monitor or two
    t.ok(constraints(ctl, "node2") == [] and temporary(ctl, "node2") == []
         and ctl.where("w1") == [there] and ctl.holder_pids("w1") == pids,
         "the move left no constraint (configuration, status); w1 stayed "
         "(stickiness), same holder")
    seen = labtest.wait_until(
        lambda: watch.first_with(on_node("w1", there), before), 10)
    watch.stop()
    t.ok(seen is not None and seen < moved_at + 1.0,
         "status --watch on node3 printed w1 on %s %.2f s after the move "
         "began (the move took %.2f s)"
         % (there, (seen or 0) - before, moved_at - before))

    r = ctl.cli("node1", "resource", "move", "w1", here, "--pin", "--wait")
    text = ctl.hactl("node3", "status").stdout
    code, line = check(ctl, "node3")
    t.ok(r.returncode == 0 and ctl.where("w1") == [here]
         and temporary(ctl, "node3") == ["cli-prefer-w1"]
         and "cli-prefer-w1" in text and code == 1 and "temporary" in line,
         "move --pin to %s: the constraint stays, status lists it, "
         "status --check warns: %s" % (here, line))

    pids = ctl.holder_pids("w1")
    r = ctl.cli("node1", "resource", "clear", "w1", "--wait")
    time.sleep(3)
    code, line = check(ctl, "node3")
    t.ok(r.returncode == 0 and constraints(ctl, "node3") == []
         and ctl.where("w1") == [here] and ctl.holder_pids("w1") == pids
         and code == 0,
         "resource clear: no constraint, w1 stays on %s, status --check: %s"
         % (here, line))
    ctl.check_ledger()


labtest.run(main, plan=9)
