#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""failover.py - failover benchmark of issue 6, ha vs Pacemaker, on cts/lab.

One run = one stack (--stack pacemaker|ha), one corosync token, one
resource mode and one fencing mode, on a fresh 3-node lab of its own
(prefix hfb, subnet 10.219.0 unless told otherwise), under the lab tests'
flock so no other lab runs at the same time.  It measures, in ms:

  failover   kill -9 of the node running the resource (`lab kill`, epoch ms)
             -> the resource Started on another node (status polled every
             50 ms on a survivor); split by whether the victim was the DC
  membership the same kill -> the survivors' corosync forms the membership
             without the victim (corosync.log, hires timestamps)
  stack      failover - membership: the cluster manager's own share
  move       planned move command -> Started on the target (--move-n
             round-robin moves, plus the failover iterations' own)
  create     resource creation -> Started
  start      daemons started on all nodes (corosync already up, resource
             configured, everything stopped cleanly before) -> DC / Started
  RSS        per node, the stack's daemons (Pacemaker: pacemakerd +
             pacemaker-*; ha: hacd + ha-execd), plus corosync for reference

Each failover iteration first moves the resource (a move sample) to the DC
(even iterations) or to a non-DC node (odd), clears the move constraint,
kills that node, waits for the failover, then reboots the node and restarts
its stack.  Prints a min/median/max table, writes JSON, always tears down.

`failover.py --report A.json B.json ...` prints the side-by-side table of
earlier runs.  Scripts here are run by hand, never by make check.
"""

import sys

sys.dont_write_bytecode = True

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_stacks  # noqa: E402
from bench_lab import (BenchError, BenchLab, NotReady, loadavg,  # noqa: E402
                       now_ms, poll, take_lock)

EXIT_ERROR, EXIT_USAGE, EXIT_NOT_READY = 1, 2, 3


def log(msg):
    print("failover: %s" % msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------- waiting --
def wait_settled(stack, lab, rsc, nodes, timeout=180):
    """All nodes online, a DC, rsc Started on one node; Status."""
    def ok():
        for n in nodes:
            st = stack.status(n)
            if (st and st.dc and st.online == sorted(lab.nodes)
                    and st.where(rsc)):
                return st
        return None
    st, _, _ = poll(ok, timeout, 0.2)
    if not st:
        raise BenchError("cluster did not settle within %ds (%s Started on "
                         "one node, %d nodes online, a DC)"
                         % (timeout, rsc, len(lab.nodes)))
    stack.settle(st.dc, 120)
    return stack.status(st.dc) or st


def measure_start(stack, lab, rsc, first=False):
    """Start the stack everywhere -> DC, -> rsc Started (ms)."""
    node = lab.nodes[0]
    t0 = now_ms()
    stack.start_nodes(lab.nodes)
    t_cmd = now_ms()
    st, t_dc, _ = poll(lambda: (lambda s: s if s and s.dc else None)(
        stack.status(node)), 300)
    if not st:
        raise BenchError("no DC %ds after starting the stack" % 300)
    out = {"start_cmd_ms": t_cmd - t0, "dc_ms": t_dc - t0}
    if not first:
        st, t_run, _ = poll(lambda: (lambda s: s if s and s.where(rsc)
                                     else None)(stack.status(node)), 300)
        if not st:
            raise BenchError("%s not Started 300 s after the start" % rsc)
        out["running_ms"] = t_run - t0
    return out


# -------------------------------------------------------- iterations --
def pick_target(st, measured, want_dc, nodes):
    if want_dc:
        return st.dc
    cur = st.where(measured)
    others = [n for n in nodes if n != st.dc]
    return cur if cur in others else others[0]


def do_move(stack, lab, st, moved, measured, target):
    """Move to target; ms until Started there (None if already there)."""
    if st.where(measured) == target:
        return None
    ctl = st.dc
    t0 = now_ms()
    stack.move(ctl, moved, target)
    got, t_seen, t_before = poll(
        lambda: (lambda s: s if s and s.where(measured) == target else None)(
            stack.status(ctl)), 120)
    if not got:
        raise BenchError("move of %s to %s not done in 120 s"
                         % (moved, target))
    stack.clear(ctl, moved)
    return {"move_ms": t_seen - t0, "move_lo_ms": max(0, t_before - t0),
            "target": target}


def http_up(lab):
    r = lab.client(["curl", "-s", "-o", "/dev/null", "-m", "0.5", "-w",
                    "%{http_code}", "http://%s.%d/" % (lab.subnet,
                                                       bench_stacks.VIP_HOST)],
                   timeout=5)
    return r.stdout.strip() == "200"


def one_failover(stack, lab, opts, i):
    measured, moved = bench_stacks.resources_for(opts.mode)
    st = wait_settled(stack, lab, measured, lab.nodes)
    want_dc = i % 2 == 0
    target = pick_target(st, measured, want_dc, lab.nodes)
    rec = {"i": i, "load": loadavg()}
    mv = do_move(stack, lab, st, moved, measured, target)
    if mv:
        rec.update(mv)
        st = wait_settled(stack, lab, measured, lab.nodes)
    victim = st.where(measured)
    dc = st.dc
    survivors = [n for n in lab.nodes if n != victim]
    watch = survivors[0]
    t_kill = lab.kill(victim, power=opts.mode == "web")
    got, t_seen, t_before = poll(
        lambda: (lambda s: s if s and s.where(measured) not in (None, victim)
                 else None)(stack.status(watch)), 120)
    if not got:
        raise BenchError("iteration %d: %s not Started elsewhere 120 s after "
                         "killing %s" % (i, measured, victim))
    rec.update(victim=victim, dc=dc, victim_was_dc=victim == dc,
               new_node=got.where(measured), new_dc=got.dc,
               failover_ms=t_seen - t_kill,
               failover_lo_ms=max(0, t_before - t_kill))
    if opts.mode == "web":
        _, t_http, _ = poll(lambda: http_up(lab), 60)
        rec["http_ms"] = t_http - t_kill if t_http else None
    if opts.fencing != "none":
        rec["fence_history"] = stack.fence_history(watch, victim)
    t_mem = lab.membership_change(survivors, int(victim[4:]), t_kill)
    if t_mem is not None:
        rec["membership_ms"] = t_mem - t_kill
        rec["stack_ms"] = rec["failover_ms"] - rec["membership_ms"]
    log("#%d victim %s%s: failover %d ms, membership %s ms, move %s ms" % (
        i, victim, " (DC)" if victim == dc else "", rec["failover_ms"],
        "%d" % rec["membership_ms"] if "membership_ms" in rec else "?",
        "%d" % rec["move_ms"] if "move_ms" in rec else "-"))
    lab.reboot(victim)
    stack.start_nodes([victim])
    return rec


def move_round(stack, lab, opts, k):
    """One planned move to the next node (round robin); the record."""
    measured, moved = bench_stacks.resources_for(opts.mode)
    st = wait_settled(stack, lab, measured, lab.nodes)
    cur = st.where(measured)
    target = lab.nodes[(lab.nodes.index(cur) + 1) % len(lab.nodes)]
    rec = do_move(stack, lab, st, moved, measured, target)
    rec.update(k=k, source=cur, dc=st.dc, load=loadavg())
    log("move #%d %s -> %s: %d ms" % (k, cur, target, rec["move_ms"]))
    return rec


def rss_sample(stack, lab, dc):
    out = {}
    for n in lab.nodes:
        daemons = lab.rss_kb(n, stack.is_daemon)
        coro = lab.rss_kb(n, lambda c: c == "corosync")
        out[n] = {"is_dc": n == dc, "daemons_kb": daemons,
                  "total_kb": sum(daemons.values()),
                  "corosync_kb": sum(coro.values())}
    return out


# ------------------------------------------------------------ summary --
def stats(values):
    v = [x for x in values if x is not None]
    if not v:
        return None
    return {"n": len(v), "min": min(v), "median": statistics.median(v),
            "max": max(v)}


ROWS = [  # (key, label)
    ("failover", "failover: kill -9 -> Started elsewhere"),
    ("failover_dc", "  ... victim was the DC"),
    ("failover_nondc", "  ... victim was not the DC"),
    ("membership", "membership change (corosync)"),
    ("stack", "stack share = failover - membership"),
    ("stack_dc", "  ... victim was the DC"),
    ("stack_nondc", "  ... victim was not the DC"),
    ("http", "VIP answers HTTP after the kill"),
    ("move", "planned move -> Started on target"),
    ("create", "create resource -> Started"),
    ("start_dc", "stack start (3 nodes) -> DC"),
    ("start_running", "stack start (3 nodes) -> Started"),
    ("rss_node", "RSS per node, stack daemons (MB)"),
    ("rss_dc", "  ... on the DC (MB)"),
    ("rss_nondc", "  ... on the other nodes (MB)"),
    ("rss_corosync", "RSS per node, corosync (MB)"),
]


def summarize(res):
    it = res["iterations"]
    pick = lambda key, cond=lambda r: True: [r.get(key) for r in it  # noqa
                                            if cond(r)]
    dcv = lambda r: r.get("victim_was_dc")  # noqa: E731
    ndc = lambda r: not r.get("victim_was_dc")  # noqa: E731
    rss = [s for sample in res.get("rss", []) for s in sample.values()]
    return {
        "failover": stats(pick("failover_ms")),
        "failover_dc": stats(pick("failover_ms", dcv)),
        "failover_nondc": stats(pick("failover_ms", ndc)),
        "membership": stats(pick("membership_ms")),
        "stack": stats(pick("stack_ms")),
        "stack_dc": stats(pick("stack_ms", dcv)),
        "stack_nondc": stats(pick("stack_ms", ndc)),
        "http": stats(pick("http_ms")),
        "move": stats(pick("move_ms") + [m["move_ms"] for m in
                                         res.get("moves", [])]),
        "create": stats([res.get("create_ms")]),
        "start_dc": stats([s["dc_ms"] for s in res.get("starts", [])]),
        "start_running": stats([s.get("running_ms")
                                for s in res.get("starts", [])]),
        "rss_node": stats([s["total_kb"] / 1024.0 for s in rss]),
        "rss_dc": stats([s["total_kb"] / 1024.0 for s in rss
                         if s["is_dc"]]),
        "rss_nondc": stats([s["total_kb"] / 1024.0 for s in rss
                            if not s["is_dc"]]),
        "rss_corosync": stats([s["corosync_kb"] / 1024.0 for s in rss]),
    }


def fmt(s, f="%.0f"):
    if not s:
        return "-"
    return ("%s / %s / %s (n=%d)" % (f % s["min"], f % s["median"],
                                     f % s["max"], s["n"]))


def run_label(res):
    m = res["meta"]
    return "%s token=%s%s%s" % (m["stack"], m["token"],
                                " web" if m["mode"] == "web" else "",
                                " fence=" + m["fencing"]
                                if m["fencing"] != "none" else "")


def print_table(results, out=sys.stdout):
    cols = [run_label(r) for r in results]
    sums = [summarize(r) for r in results]
    w0 = max(len(lbl) for _, lbl in ROWS) + 2
    cells = [[fmt(s.get(k), "%.1f" if k.startswith("rss") else "%.0f")
              for s in sums] for k, _ in ROWS]
    ws = [max([len(c)] + [len(row[j]) for row in cells]) + 2
          for j, c in enumerate(cols)]
    print("ms, min / median / max".ljust(w0)
          + "".join(c.ljust(w) for c, w in zip(cols, ws)), file=out)
    for (k, lbl), row in zip(ROWS, cells):
        if all(c == "-" for c in row):
            continue
        print(lbl.ljust(w0) + "".join(c.ljust(w) for c, w in zip(row, ws)),
              file=out)
    for r in results:
        m = r["meta"]
        print("# %s: %s, %s, runtime token %s ms, load %s -> %s, %s" % (
            run_label(r), m["date"], m["version"], m.get("runtime_token"),
            "/".join("%.2f" % x for x in m["load_start"]),
            "/".join("%.2f" % x for x in m.get("load_end") or []),
            m["machine"]), file=out)


# --------------------------------------------------------------- run --
def bench(stack, lab, opts, res):
    measured, _ = bench_stacks.resources_for(opts.mode)
    lab.up(3, opts.token)
    res["meta"]["runtime_token"] = lab.runtime_token("node1")
    stack.setup()
    log("lab up (runtime token %s ms); starting %s"
        % (res["meta"]["runtime_token"], stack.name))
    res["first_start"] = measure_start(stack, lab, measured, first=True)
    st = stack.status("node1")
    stack.configure(st.dc, opts.mode)
    t0 = now_ms()
    got, t_run, _ = poll(lambda: (lambda s: s if s and s.where(measured)
                                  else None)(stack.status(st.dc)), 120)
    if not got:
        raise BenchError("%s not Started 120 s after creation" % measured)
    res["create_ms"] = t_run - t0
    log("configured; %s Started on %s after %d ms"
        % (measured, got.where(measured), res["create_ms"]))
    for i in range(opts.n):
        res["iterations"].append(one_failover(stack, lab, opts, i))
    for k in range(opts.move_n):
        res["moves"].append(move_round(stack, lab, opts, k))
    st = wait_settled(stack, lab, measured, lab.nodes)
    res["rss"].append(rss_sample(stack, lab, st.dc))
    for k in range(opts.start_n):
        stack.stop_all()
        s = measure_start(stack, lab, measured)
        log("start #%d: DC %d ms, Started %d ms" % (k, s["dc_ms"],
                                                    s["running_ms"]))
        res["starts"].append(s)
    st = wait_settled(stack, lab, measured, lab.nodes)
    res["rss"].append(rss_sample(stack, lab, st.dc))


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="failover benchmark (issue 6) on a 3-node cts/lab lab")
    p.add_argument("--stack", choices=sorted(bench_stacks.STACKS))
    p.add_argument("--token", type=int, default=1000,
                   help="corosync totem.token in ms (default 1000)")
    p.add_argument("-n", type=int, default=10, help="failover iterations")
    p.add_argument("--start-n", type=int, default=3,
                   help="cold starts of the stack to time (default 3)")
    p.add_argument("--move-n", type=int, default=10,
                   help="planned moves to time after the failovers "
                   "(default 10; the failover iterations add theirs)")
    p.add_argument("--mode", choices=["dummy", "web"], default="dummy",
                   help="dummy: ocf:heartbeat:Dummy; web: IPaddr2 VIP + "
                   "nginx group, nodes killed with --power")
    p.add_argument("--fencing", choices=["none", "dummy"], default="none",
                   help="none: stonith disabled; dummy: fence_dummy device")
    p.add_argument("--dc-deadtime", help="Pacemaker dc-deadtime (default: "
                   "Pacemaker's 20s)")
    p.add_argument("--builddir", help="ha: build tree to install in the lab")
    p.add_argument("--prefix", help="ha: existing installation to use")
    p.add_argument("--json", help="write results here (default "
                   "failover-STACK-TOKEN-MODE-FENCING.json)")
    p.add_argument("--logs", help="copy the lab's logs here before teardown")
    p.add_argument("--lab-prefix", default="hfb")
    p.add_argument("--lab-subnet", default="10.219.0")
    p.add_argument("--lock", default=os.environ.get("HA_LAB_LOCK",
                                                    "/var/tmp/ha-lab.lock"))
    p.add_argument("--lock-timeout", type=int, default=3600)
    p.add_argument("--report", nargs="+", metavar="JSON",
                   help="print the table of earlier runs side by side")
    a = p.parse_args(argv)
    if not a.report and not a.stack:
        p.error("--stack is required")
    if not a.report and a.n < 1:
        p.error("-n must be >= 1")
    return a


def on_signal(signum, frame):
    raise SystemExit(128 + signum)


def main(argv):
    opts = parse_args(argv)
    if opts.report:
        res = []
        for path in opts.report:
            with open(path) as f:
                res.append(json.load(f))
        print_table(res)
        return 0
    if os.geteuid() != 0:
        log("must run as root (the lab needs namespaces)")
        return EXIT_USAGE
    lab = BenchLab(opts.lab_prefix, opts.lab_subnet,
                   "/var/tmp/ha-lab-%s" % opts.lab_prefix)
    stack = bench_stacks.STACKS[opts.stack](lab, opts)
    try:
        stack.preflight()
    except NotReady as e:
        log("%s stack not ready: %s" % (opts.stack, e))
        return EXIT_NOT_READY
    res = {"meta": {
        "stack": opts.stack, "version": stack.version(), "token": opts.token,
        "mode": opts.mode, "fencing": opts.fencing, "n": opts.n,
        "dc_deadtime": opts.dc_deadtime,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": "%s, %d CPUs, kernel %s" % (
            platform.node(), os.cpu_count(), platform.release()),
        "load_start": loadavg()}, "iterations": [], "moves": [], "starts": [],
        "rss": []}
    path = opts.json or "failover-%s-%d-%s-%s.json" % (
        opts.stack, opts.token, opts.mode, opts.fencing)
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)
    rc = 0
    fd = take_lock(opts.lock, opts.lock_timeout)
    try:
        res["meta"]["load_start"] = loadavg()
        res["meta"]["date"] = time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                            time.gmtime())
        bench(stack, lab, opts, res)
    except NotReady as e:
        log("%s stack not ready: %s" % (opts.stack, e))
        res["error"] = str(e)
        rc = EXIT_NOT_READY
    except (BenchError, KeyboardInterrupt, SystemExit) as e:
        log("error: %s" % (e or type(e).__name__))
        res["error"] = str(e) or type(e).__name__
        rc = EXIT_ERROR
    finally:
        if opts.logs or rc:
            dest = opts.logs or "failover-logs-%d" % int(time.time())
            lab.logs(os.path.abspath(dest))
            log("lab logs in %s" % dest)
        lab.down()
        os.close(fd)
    res["meta"]["load_end"] = loadavg()
    res["meta"]["status_source"] = getattr(stack, "status_source", None)
    res["summary"] = summarize(res)
    with open(path, "w") as f:
        json.dump(res, f, indent=1)
    print_table([res])
    log("results in %s" % path)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
