# SPDX-License-Identifier: LGPL-2.1-or-later
"""The fault campaign runner: one seed's steps (campaign_plan) on a lab
with hacd + ha-execd (ctl_lab), while a sampler records corosync's and
hacd's view of every node; the audits (campaign_audit) run after every
step on what was recorded so far, and all of them at the end.

The cluster: fencing with fence_ha_lab (stonith-action=off, a 2 s delay so
that a minority stops before it is fenced), no-quorum-policy=stop,
witnesses w1..w3 (and the ones writes create) whose agent faults are
files in WORK/faults, and db-clone, a promotable clone (promoted-max=1) of
ocf:ha:promotable with a role ledger.
"""

import json
import os
import re
import subprocess
import threading
import time

import campaign_audit
import campaign_plan
import ctl_lab
import lab_core
import lab_corosync
import labtest
from ctl_lab import nvpairs, primitive

LIMITS = {"promoted_max": 1, "stop_bound_s": 25, "settle_bound_s": 150,
          "max_transitions": 30}
ROLE_MONITORS = (
    '<operations>'
    '<op id="db-mon-p" name="monitor" interval="10s" role="Promoted"/>'
    '<op id="db-mon-u" name="monitor" interval="11s" role="Unpromoted"/>'
    '</operations></primitive>')
STABLE_S = 5
TRANSITION_RX = re.compile(r"Transition \d+: \d+ actions")


class Sampler(threading.Thread):
    """Rounds of (corosync quorum, hacd status) of every node."""

    def __init__(self, run):
        super().__init__(daemon=True)
        self.run_ = run
        self.stopping = False

    def node_view(self, node):
        lab = self.run_.lab
        cs = lab_corosync.quorum(lab.lab, node)
        view = {"cs": None, "hacd": None}
        if cs:
            view["cs"] = {"quorate": cs["quorate"], "ring": cs["ring_id"],
                          "members": cs["members"]}
        r = lab.exec(node, [self.run_.ctl.hactl_path, "--output", "json",
                            "status"], timeout=5)
        try:
            s = json.loads(r.stdout)["result"] if r.returncode == 0 else None
        except (ValueError, KeyError, TypeError):
            s = None
        if s:
            view["hacd"] = {"dc": s.get("dc"), "synced": s.get("synced"),
                            "local": s.get("local_node"),
                            "settled": s.get("settled")}
        return view

    def run(self):
        while not self.stopping:
            t = time.time()
            nodes = {}
            for n in self.run_.lab.nodes:
                try:
                    nodes[n] = self.node_view(n)
                except Exception:  # noqa: BLE001 - a node mid-reboot
                    nodes[n] = {"cs": None, "hacd": None}
            with self.run_.lock:
                self.run_.rec["samples"].append({"t": t, "nodes": nodes})
            time.sleep(0.2)


class Campaign:
    """One seed on one lab."""

    def __init__(self, t, lab, seed, steps, out_dir, log=print):
        self.t, self.lab, self.seed, self.steps = t, lab, seed, steps
        self.out_dir = out_dir
        self.log = log
        self.ctl = ctl_lab.Ctl(t, lab)
        self.faults = os.path.join(self.ctl.work, "faults")
        os.makedirs(self.faults, exist_ok=True)
        self.roles_path = os.path.join(self.ctl.work, "roles")
        open(self.roles_path, "a").close()
        os.chmod(self.roles_path, 0o666)
        self.lock = threading.Lock()
        self.rec = {"seed": seed, "nodes": lab.nodes, "ledger": [],
                    "deaths": [], "roles": [], "downs": [], "samples": [],
                    "writes": [], "final": {}, "recoveries": [],
                    "limits": dict(LIMITS), "steps": []}
        self.cuts = []           # (netns, ip) blackhole routes in place
        self.witnesses = list(campaign_plan.BASE_RESOURCES)
        self.faults_injected = 0
        self.violations = {}     # audit -> set of violations seen
        self.sampler = Sampler(self)

    # ------------------------------------------------------ the cluster --
    def witness(self, rid):
        params = {"lockfile": os.path.join(self.ctl.work, "locks",
                                           rid + ".lock"),
                  "ledger": self.ctl.ledger, "faults": self.faults}
        return primitive(rid, "ocf", "witness", "ha", params, None, "3s")

    def config(self):
        dev = self.ctl.fence_device().replace(
            '</instance_attributes>', '<nvpair id="fence-lab-delay" '
            'name="pcmk_delay_base" value="2s"/></instance_attributes>', 1)
        prim = primitive("db", "ocf", "promotable", "ha",
                         {"ledger": self.roles_path, "demote_delay": "1"},
                         monitor=None).replace("</primitive>",
                                               ROLE_MONITORS)
        clone = ('<clone id="db-clone">%s%s</clone>'
                 % (nvpairs("meta_attributes", "db-clone-meta",
                            {"promotable": "true", "promoted-max": "1"}),
                    prim))
        return self.ctl.cib(
            props={"stonith-enabled": "true", "stonith-action": "off",
                   "no-quorum-policy": "stop"},
            resources=[dev] + [self.witness(w) for w in self.witnesses]
            + [clone])

    def setup(self):
        self.ctl.start_fence_helper()
        if not self.ctl.start_stack("node1"):
            raise labtest.LabError("hacd did not form a cluster")
        r = self.ctl.configure("node1", self.config())
        if r.returncode != 0:
            raise labtest.LabError("configuration refused: %s" % r.stderr)
        self.sampler.start()
        t0 = time.time()
        ok = self.converged_within(LIMITS["settle_bound_s"])
        self.log("# setup: cluster settled in %.1f s" % (time.time() - t0)
                 if ok else "# setup: cluster did not settle")
        return ok

    # ------------------------------------------------------- resolving --
    def alive(self, node):
        return self.lab.daemon_pid(node, "hacd") is not None

    def resolve(self, spec):
        """A node name for a plan target (logged by the caller)."""
        if spec in self.lab.nodes:
            return spec
        found = None
        if spec == "dc":
            for n in self.lab.nodes:
                found = found or (self.ctl.status(n) or {}).get("dc")
        elif spec.startswith("holder:"):
            w = self.ctl.where(spec.split(":", 1)[1])
            found = w[0] if w else None
        elif spec == "promoted":
            p = self.promoted_nodes()
            found = p[0] if p else None
        return found if found in self.lab.nodes else self.lab.nodes[0]

    def promoted_nodes(self):
        rec = self.snapshot()
        roles = campaign_audit.merged_roles(rec)
        return [n for n in self.lab.nodes if campaign_audit.active_at(
            roles, n, time.time(), "promote", "demote")]

    # ---------------------------------------------------------- faults --
    def do_kill_hacd(self, step):
        self.lab.daemon_kill(self.node_of(step), "hacd")

    def do_kill_execd(self, step):
        self.lab.daemon_kill(self.node_of(step), "ha-execd")

    def do_kill_node(self, step):
        self.kill(self.node_of(step))

    def do_stop_corosync(self, step):
        lab_corosync.stop(self.lab.lab, self.node_of(step))

    def do_restart_hacd(self, step):
        node = self.node_of(step)
        self.lab.daemon_stop(node, "hacd", timeout=60)
        self.ctl.start(node)

    def do_isolate(self, step):
        self.lab.isolate(self.node_of(step))

    def do_split(self, step):
        groups = step["groups"]
        for g in groups:
            for a in g:
                for b in self.lab.nodes:
                    if b not in g:
                        self.cut(a, b)

    def do_agent_fault(self, step):
        w = self.ctl.where(step["rsc"])
        node = w[0] if w else self.lab.nodes[0]
        step["resolved"] = node
        self.fault_file(node, step["rsc"], step["action"], step["mode"])
        if step["action"] == "stop":   # a failed monitor makes it stop
            self.fault_file(node, step["rsc"], "monitor", "fail")

    def do_switchover(self, step):
        self.write(["resource", "move", "db-clone", step["node"],
                    "--promoted", "--pin", "--wait=30"],
                   ["move", "db-clone"], step["node"], self.lab.nodes)

    def node_of(self, step):
        node = self.resolve(step["node"])
        step["resolved"] = node
        return node

    def kill(self, node):
        if self.lab.pids(node):
            self.rec["downs"].append([self.lab.kill(node) / 1000.0, node])

    def cut(self, a, b):
        ns, ip = self.lab.lab.node_netns(a), self.lab.ip(b)
        lab_core.run(["ip", "-n", ns, "route", "replace", "blackhole",
                      ip + "/32"], check=False)
        self.cuts.append((ns, ip))

    def fault_file(self, node, rsc, action, mode):
        with open(os.path.join(self.faults, "%s.%s.%s" % (node, rsc,
                                                          action)), "w") as f:
            f.write(mode + "\n")

    # ---------------------------------------------------------- writes --
    def do_write(self, step):
        k = step["kind"]
        if k == "create":
            rid = step["rsc"]
            args = ["resource", "create", rid, "ocf:ha:witness",
                    "lockfile=%s" % os.path.join(self.ctl.work, "locks",
                                                 rid + ".lock"),
                    "ledger=%s" % self.ctl.ledger, "faults=%s" % self.faults,
                    "--op", "monitor:interval=3s,timeout=20s"]
            key, value = ["rsc", rid], "present"
        elif k == "update":
            args = ["resource", "update", step["rsc"], "--meta",
                    "resource-stickiness=%s" % step["value"]]
            key, value = ["meta", step["rsc"], "resource-stickiness"], \
                step["value"]
        elif k == "move":
            args = ["resource", "move", step["rsc"], step["node"], "--pin",
                    "--wait=20"]
            key, value = ["move", step["rsc"]], step["node"]
        elif k == "attr":
            args = ["node", "attribute", step["node"], "campaign",
                    step["value"], "--lifetime", "forever"]
            key, value = ["attr", step["node"], "campaign"], step["value"]
        else:
            args = ["property", "set",
                    "cluster-recheck-interval=%s" % step["value"]]
            key, value = ["prop", "cluster-recheck-interval"], step["value"]
        rc = self.write(args, key, value, step["via"])
        step["rc"] = rc
        if k == "create" and rc == 0:
            self.witnesses.append(step["rsc"])
        elif k == "create":
            self.maybe_created(step["rsc"])

    def maybe_created(self, rid):
        """An unacknowledged create that was applied all the same runs
        like any other witness."""
        for n in self.lab.nodes:
            if rid in (self.ctl.resources(n) or {}):
                self.witnesses.append(rid)
                return

    def write(self, args, key, value, via):
        node = next((n for n in via if self.alive(n)), via[0])
        t = time.time()
        try:
            r = self.lab.exec(node, [self.ctl.hactl_path] + args,
                              timeout=90)
            rc, err = r.returncode, (r.stderr or r.stdout).strip()
        except subprocess.TimeoutExpired:
            rc, err = -1, "hactl timed out"
        with self.lock:
            self.rec["writes"].append({"t": t, "key": key, "value": value,
                                       "rc": rc, "via": node,
                                       "error": err[:300] if rc else ""})
        self.log("#   write on %s: hactl %s -> exit %d%s"
                 % (node, " ".join(args[:4]), rc,
                    "" if rc == 0 else " (%s)" % err[:160]))
        return rc

    # -------------------------------------------------------- recovery --
    def fence_state_path(self, node):
        return os.path.join(self.ctl.work, "fence", "fence-state", "%s.json"
                            % self.lab.lab.node_netns(node))

    def powered_off(self, node):
        try:
            with open(self.fence_state_path(node)) as f:
                return json.load(f).get("power") == "off"
        except (OSError, ValueError):
            return False

    def note_fenced(self):
        """Record as a node down every power off by the fence helper not
        recorded yet (its state file's time: the processes were killed
        just before it was written)."""
        for n in self.lab.nodes:
            if not self.powered_off(n):
                continue
            try:
                t = os.path.getmtime(self.fence_state_path(n))
            except OSError:
                continue
            with self.lock:
                if [t, n] not in self.rec["downs"]:
                    self.rec["downs"].append([t, n])

    def heal_all(self):
        for f in os.listdir(self.faults):
            os.unlink(os.path.join(self.faults, f))
        for ns, ip in self.cuts:
            lab_core.run(["ip", "-n", ns, "route", "del", "blackhole",
                          ip + "/32"], check=False)
        self.cuts = []
        for n in self.lab.nodes:
            if not self.powered_off(n) and not self.lab.lab.port_attached(n):
                self.lab.heal(n)

    def hook_running(self, node):
        """The fence helper's hook (`lab kill --power`) still runs for
        node: a reboot now would be killed by it."""
        ns = self.lab.lab.node_netns(node).encode()
        for e in os.listdir("/proc"):
            try:
                with open("/proc/%s/cmdline" % e, "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if b"fence-hook" in argv and ns in argv:
                return True
        return False

    def reboot(self, node):
        """Power cycle node: kill what is left, start corosync, ha-execd
        and hacd (as soon as the fencing is done, as a fast machine
        would)."""
        if self.powered_off(node):
            self.note_fenced()
            labtest.wait_until(lambda: not self.hook_running(node), 30)
        self.kill(node)
        try:
            os.unlink(self.fence_state_path(node))
        except OSError:
            pass
        try:
            self.lab.start(node)
        except labtest.LabError as e:
            self.log("#   %s: %s; killing it and starting it again"
                     % (node, e))
            self.kill(node)
            self.lab.start(node)
        self.ctl.start_node(node)
        self.log("#   %s rebooted" % node)

    def repair(self, since):
        """Restart what a fault left dead.  A node whose corosync is gone
        is given 20 s to be fenced by its peers before it is rebooted
        (starting it earlier would only have it fenced later)."""
        for n in self.lab.nodes:
            down = not lab_corosync.running(self.lab.lab, n)
            if self.powered_off(n) or (down and time.time() - since > 20):
                try:
                    self.reboot(n)
                except labtest.LabError as e:   # tried again next round
                    self.log("#   %s: reboot failed: %s" % (n, e))
            elif not down:
                if self.lab.daemon_pid(n, "ha-execd") is None:
                    self.ctl.start_execd(n)
                if not self.alive(n):
                    self.ctl.start(n)

    def converged(self):
        ids = sorted(lab_core.Lab.node_index(n) for n in self.lab.nodes)
        if any(self.lab.members(n) != ids for n in self.lab.nodes):
            return False
        if not self.ctl.synced(self.lab.nodes):
            return False
        dc = self.ctl.dc(self.lab.nodes[0])
        if not dc or not self.ctl.settled(dc):
            return False
        if any(len(self.ctl.where(w)) != 1 for w in self.witnesses):
            return False
        return len(self.promoted_nodes()) == 1

    def cleanup_failed(self):
        """Forget failures (each round would otherwise leave bans behind
        until nothing may run anywhere)."""
        dc = self.ctl.dc(self.lab.nodes[0])
        failed = (self.ctl.failed_actions(dc) if dc else None) or []
        for rsc in sorted({str(f.get("rsc")).split(":")[0] for f in failed
                           if isinstance(f, dict) and f.get("rsc")}):
            self.lab.exec(dc, [self.ctl.hactl_path, "resource", "cleanup",
                               rsc], timeout=60)

    def converged_within(self, bound):
        """Repair until converged() held for STABLE_S (a membership change
        that is still to come shows within token + consensus)."""
        since = time.time()
        cleaned, good = False, None
        while time.time() - since < bound:
            self.repair(since)
            if not self.converged():
                good = None
            elif good is None:
                good = time.time()
            elif time.time() - good >= STABLE_S:
                return True
            if not cleaned and time.time() - since > 15:
                self.cleanup_failed()
                cleaned = True
            time.sleep(1)
        return False

    def transitions(self):
        return sum(len(TRANSITION_RX.findall(self.ctl.log(n)))
                   for n in self.lab.nodes)

    def do_recover(self, step):
        t0, mark = time.time(), self.transitions()
        self.heal_all()
        ok = self.converged_within(LIMITS["settle_bound_s"])
        r = {"t0": t0, "t1": time.time() if ok else None,
             "transitions": self.transitions() - mark}
        with self.lock:
            self.rec["recoveries"].append(r)
        self.log("#   recovery: %s in %.1f s, %d transitions"
                 % ("settled" if ok else "NOT settled", time.time() - t0,
                    r["transitions"]))

    def do_pause(self, step):
        time.sleep(step["s"])

    # ------------------------------------------------------------- run --
    def snapshot(self):
        """The recording so far (ledgers read now)."""
        def read(path):
            try:
                with open(path) as f:
                    return f.read().splitlines()
            except OSError:
                return []
        ledger, roles = read(self.ctl.ledger), read(self.roles_path)
        # after the ledgers: a promote read there that followed a fencing
        # finds that fencing recorded
        self.note_fenced()
        with self.lock:
            rec = dict(self.rec)
            rec["samples"] = list(self.rec["samples"])
            rec["writes"] = list(self.rec["writes"])
            rec["downs"] = list(self.rec["downs"])
        rec["ledger"], rec["roles"] = ledger, roles
        with self.ctl.watch.lock:
            rec["deaths"] = [list(d) for d in self.ctl.watch.deaths]
        return rec

    def audit(self, final, where):
        for name, found in campaign_audit.run_all(self.snapshot(),
                                                  final).items():
            seen = self.violations.setdefault(name, set())
            for v in found:
                if v not in seen:
                    seen.add(v)
                    self.log("# VIOLATION %s (%s): %s" % (name, where, v))

    def run(self):
        """Every step, the audits after each; the recording saved."""
        if not self.setup():
            self.violations.setdefault("convergence", set()).add(
                "the initial configuration did not settle")
        for i, step in enumerate(self.steps):
            self.log("# seed %d step %d: %s"
                     % (self.seed, i + 1, campaign_plan.describe(step)))
            t = time.time()
            getattr(self, "do_" + step["op"])(step)
            if step["op"] not in ("write", "pause", "recover"):
                self.faults_injected += 1
            if "resolved" in step:
                self.log("#   target: %s" % step["resolved"])
            self.rec["steps"].append({"t": t, "step": dict(step)})
            self.audit(False, "after step %d" % (i + 1))
        self.sampler.stopping = True
        self.sampler.join(10)
        # a write acknowledged just now may still be on its way to a member
        labtest.wait_until(lambda: self.ctl.identical(self.lab.nodes)[0], 30,
                           0.5)
        for n in self.lab.nodes:
            r = self.lab.exec(n, [self.ctl.hactl_path, "config", "show"],
                              timeout=60)
            self.rec["final"][n] = r.stdout if r.returncode == 0 else ""
        self.audit(True, "at the end")
        self.save()
        self.ctl.close()
        return self.violations

    def save(self):
        os.makedirs(self.out_dir, exist_ok=True)
        path = os.path.join(self.out_dir, "seed-%d-%dnodes.json"
                            % (self.seed, len(self.lab.nodes)))
        with open(path, "w") as f:
            json.dump(self.snapshot(), f)
        self.log("# recording: %s" % path)
        return path


def run_seed(t, n_nodes, seed, rounds, out_dir, log=print):
    """Up a lab, run seed, tear nothing down (the caller does);
    (violations {audit: set}, faults injected, steps)."""
    steps = campaign_plan.plan(seed, n_nodes, rounds)
    log("# seed %d, %d nodes, %d rounds: %d steps" % (seed, n_nodes, rounds,
                                                      len(steps)))
    for i, s in enumerate(steps):
        log("#   %d. %s" % (i + 1, campaign_plan.describe(s)))
    lab = t.up(n_nodes, token=1000)
    c = Campaign(t, lab, seed, steps, out_dir, log)
    try:
        v = c.run()
    finally:
        c.ctl.close()
    return v, c.faults_injected, len(steps)
