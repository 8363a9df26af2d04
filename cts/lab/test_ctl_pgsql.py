#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): PostgreSQL 15 primary/replicas under ha with PAF
(ocf:heartbeat:pgsqlms, Debian's resource-agents-paf, unchanged) as a
promotable clone with notify=true on 3 nodes, fencing on, a VIP
(ocf:ha:vip) colocated with the Promoted instance and ordered after its
promote (and its stop after the demote).  The replicas follow the VIP;
synchronous replication (ANY 1).  Setup as docs/postgresql.md: initdb on
node1, pg_basebackup on node2 and node3 (pg_lab.py).

Scenarios, each asserted:
 1. start: exactly one primary (node1, the one shut down as primary), two
    streaming replicas, settled within a bounded number of transitions;
 2. a writer commits numbered rows through the VIP for the rest of the test;
 3. switchover `hactl resource move pgsql-ha node2 --promoted`: node2
    primary, node1 a replica; the role witness (PostgreSQL's own log:
    ready to accept read-write connections .. shutdown request) never
    shows two primaries;
 4. failover: `lab kill` of the primary's node, fenced; a replica promoted,
    the VIP follows, the other replica streams from it; the time from the
    kill to the first acknowledged write is printed with corosync's
    membership change;
 5. rejoin as an operator does with PAF: pg_rewind of the old primary from
    the new one, start of ha on the node, `hactl resource cleanup`: it is
    a streaming replica;
then every acknowledged row is present on the primary, and the role witness
shows at most one primary at every moment of the test."""

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import lab_core  # noqa: E402
import ctl_lab  # noqa: E402
import pg_lab  # noqa: E402
from ctl_lab import nvpairs, primitive  # noqa: E402

CLONE = "pgsql-ha"
RSC = "pgsqld"
VIP_RSC = "pgsql-vip"
MAX_TRANSITIONS = 10    # per phase; a loop schedules without end
TRANSITION_RX = re.compile(r"Transition \d+: \d+ actions")

PAF_OPS = (
    '<operations>'
    '<op id="{r}-start" name="start" interval="0" timeout="60s"/>'
    '<op id="{r}-stop" name="stop" interval="0" timeout="60s"/>'
    '<op id="{r}-promote" name="promote" interval="0" timeout="30s"/>'
    '<op id="{r}-demote" name="demote" interval="0" timeout="120s"/>'
    '<op id="{r}-notify" name="notify" interval="0" timeout="60s"/>'
    '<op id="{r}-mon-p" name="monitor" interval="5s" timeout="10s" '
    'role="Promoted"/>'
    '<op id="{r}-mon-u" name="monitor" interval="6s" timeout="10s" '
    'role="Unpromoted"/>'
    '</operations></primitive>').format(r=RSC)


def config(ctl, vip):
    """The configuration of docs/postgresql.md, as CIB XML."""
    prim = primitive(RSC, "ocf", "pgsqlms", "heartbeat", {
        "bindir": pg_lab.PGBIN, "pgdata": pg_lab.PGDATA,
        "datadir": pg_lab.PGDATA, "pghost": pg_lab.SOCKDIR,
        "start_opts": "-c config_file=%s/postgresql.conf" % pg_lab.PGDATA},
        monitor=None).replace("</primitive>", PAF_OPS)
    clone = ('<clone id="%s">%s%s</clone>'
             % (CLONE, nvpairs("meta_attributes", CLONE + "-meta", {
                 "promotable": "true", "notify": "true",
                 "promoted-max": "1", "clone-max": "3"}), prim))
    vip_xml = primitive(VIP_RSC, "ocf", "vip", "ha",
                        {"ip": vip, "cidr_netmask": "24"}, monitor="5s")
    cons = [
        '<rsc_colocation id="col-vip" rsc="%s" with-rsc="%s" '
        'with-rsc-role="Promoted" score="INFINITY"/>' % (VIP_RSC, CLONE),
        '<rsc_order id="ord-promote-vip" first="%s" first-action="promote" '
        'then="%s" then-action="start" symmetrical="false" '
        'kind="Mandatory"/>' % (CLONE, VIP_RSC),
        '<rsc_order id="ord-demote-vip" first="%s" first-action="demote" '
        'then="%s" then-action="stop" symmetrical="false" '
        'kind="Mandatory"/>' % (CLONE, VIP_RSC)]
    return ctl.cib(props={"stonith-enabled": "true",
                          "stonith-action": "off"},
                   resources=[ctl.fence_device(), clone, vip_xml],
                   constraints=cons)


def score(ctl, node, target):
    """target's promotion score (permanent master-pgsqld) read with ha's
    crm_attribute on node, or None."""
    tool = os.path.join(ctl.dirs["pkglibexecdir"], "pcmk-tools",
                        "crm_attribute")
    r = ctl.lab.exec(node, [tool, "-N", target, "-n", "master-" + RSC,
                            "-l", "forever", "-G", "-q"])
    try:
        return int(r.stdout.strip())
    except ValueError:
        return None


def transitions(ctl):
    return sum(len(TRANSITION_RX.findall(ctl.log(n))) for n in ctl.lab.nodes)


def primaries(pg, nodes):
    return sorted(n for n in nodes if pg.in_recovery(n) == "f")


def vip_holder(lab, vip):
    return sorted(n for n in lab.nodes
                  if vip in lab.exec(n, ["ip", "-4", "-o", "addr", "show",
                                         "dev", "eth0"]).stdout)


def settle(t, ctl, dc, mark, what, cond, timeout=120):
    ok = bool(labtest.wait_until(lambda: cond() and ctl.settled(dc),
                                 timeout, 0.3))
    n = transitions(ctl) - mark
    t.ok(ok and n <= MAX_TRANSITIONS,
         "%s: settled after %d transition(s) (at most %d)"
         % (what, n, MAX_TRANSITIONS))
    return ok


def healthy(pg, lab, vip, primary, replicas):
    """primary is the only primary, holds the VIP, and every replica
    streams from it."""
    return (primaries(pg, lab.nodes) == [primary]
            and vip_holder(lab, vip) == [primary]
            and pg.streaming(primary) == sorted(replicas))


def main(t):
    t0 = lab_core.now_ms()
    pg_lab.private_dirs()
    lab = t.up(3, token=1000)
    vip = "%s.100" % lab.lab.subnet
    ctl = ctl_lab.Ctl(t, lab)
    pg = pg_lab.Pg(lab, vip)
    kills = []
    ctl.start_fence_helper()
    t.ok(ctl.start_stack("node1"), "hacd + ha-execd on 3 nodes, DC node1")
    dc = "node1"

    # 0. PostgreSQL set up by hand, as docs/postgresql.md says
    pg.setup("node1")
    states = {n: pg.controldata_state(n) for n in lab.nodes}
    t.ok(states["node1"] == "shut down",
         "setup: initdb on node1, pg_basebackup on node2 and node3, all "
         "stopped (%s)" % states)

    # 1. start: one primary, two streaming replicas
    mark = transitions(ctl)
    r = ctl.configure(dc, config(ctl, vip))
    t.ok(r.returncode == 0, "configuration imported: %s (pgsqlms, "
         "promotable, notify=true), %s with the Promoted role, fencing"
         % (CLONE, VIP_RSC))
    settle(t, ctl, dc, mark, "start",
           lambda: healthy(pg, lab, vip, "node1", ["node2", "node3"]))
    t.ok(healthy(pg, lab, vip, "node1", ["node2", "node3"]),
         "start: node1 the only primary and holds the VIP, node2 and node3 "
         "stream from it (primaries %s, VIP on %s, streaming %s)"
         % (primaries(pg, lab.nodes), vip_holder(lab, vip),
            pg.streaming("node1")))
    ctl.show(dc)

    # 2. writes through the VIP
    made = pg.query("node1", "CREATE TABLE acked (n integer PRIMARY KEY, "
                    "at timestamptz DEFAULT clock_timestamp())", host=vip)
    writer = pg_lab.Writer(lab, vip)
    writer.start()
    ok = labtest.wait_until(lambda: writer.count() >= 20, 30)
    t.ok(made is not None and ok,
         "a client commits rows through the VIP (%d acknowledged)"
         % writer.count())

    # PAF's monitor on the primary gives the replicas their scores
    ok = labtest.wait_until(lambda: all(
        (score(ctl, dc, n) or -1) > 0 for n in ("node2", "node3")), 30, 0.5)
    t.ok(ok, "PAF's monitor of the primary set the replicas' promotion "
         "scores with crm_master (%s)"
         % {n: score(ctl, dc, n) for n in lab.nodes})

    # 3. switchover to node2
    mark = transitions(ctl)
    before = writer.count()
    r = ctl.cli(dc, "resource", "move", CLONE, "node2", "--promoted",
                "--wait=120")
    t.ok(r.returncode == 0, "switchover: hactl resource move %s node2 "
         "--promoted (%s)" % (CLONE, (r.stdout + r.stderr).strip()[:200]))
    settle(t, ctl, dc, mark, "switchover",
           lambda: healthy(pg, lab, vip, "node2", ["node1", "node3"]))
    labtest.wait_until(lambda: writer.count() > before + 10, 30)
    t.ok(healthy(pg, lab, vip, "node2", ["node1", "node3"])
         and writer.count() > before + 10,
         "switchover: node2 primary with the VIP, node1 and node3 stream "
         "from it, writes go on (%d acknowledged)" % writer.count())
    ctl.cli(dc, "resource", "clear", CLONE, "--wait=60")

    # 4. failover: kill node2 (the primary)
    mark = transitions(ctl)
    t_kill = lab.kill("node2")
    kills.append((t_kill / 1000.0, "node2"))
    off = labtest.wait_until(lambda: ctl.helper_off("node2"), 60)
    t.ok(off and ctl.wait_fenced(dc, "node2", 30),
         "failover: node2 killed and fenced (%s)" % ctl.fencing(dc))
    new = labtest.wait_until(lambda: (primaries(pg, ["node1", "node3"])
                                      or [None])[0], 90, 0.1)
    first = labtest.wait_until(lambda: writer.first_ack_after(
        t_kill / 1000.0), 90, 0.05)
    other = [n for n in ("node1", "node3") if n != new]
    settle(t, ctl, dc, mark, "failover",
           lambda: healthy(pg, lab, vip, new, other))
    t.ok(new is not None and healthy(pg, lab, vip, new, other),
         "failover: %s promoted with the VIP, %s streams from it"
         % (new, other))
    memb = lab.membership_change_ms(dc, [1, 3], t_kill)
    promoted = pg_lab.first_promote_after(
        pg_lab.role_events(pg, []), t_kill / 1000.0, ["node1", "node3"])
    if first and memb and promoted:
        t.comment("failover: kill -> corosync's membership change %d ms; "
                  "-> PostgreSQL promoted on %s %d ms later; -> first write "
                  "acknowledged through the VIP %d ms later; total %d ms, "
                  "%d ms beyond the membership change"
                  % (memb - t_kill, new, promoted * 1000 - memb,
                     (first - promoted) * 1000, first * 1000 - t_kill,
                     first * 1000 - memb))
    t.comment("failover, as the DC saw it:\n" + "\n".join(
        ctl.log_tail(dc, r"Transition \d+: \d+ actions|[Ff]enc.*node2"
                     r"|(Running|Result of) pgsqld (promote|notify)"
                     r"|(Running|Result of) pgsql-vip start", 24)))

    # 5. rejoin: the operator's steps of docs/postgresql.md
    mark = transitions(ctl)
    lab.start("node2")
    pg.boot_dirs("node2")
    out = pg.must("node2", "%s/pg_rewind -D %s --source-server='host=%s "
                  "user=postgres dbname=postgres' 2>&1"
                  % (pg_lab.PGBIN, pg_lab.PGDATA, vip))
    t.comment("pg_rewind:\n" + out)
    ctl.start_node("node2")
    ctl.wait_synced(lab.nodes, dc, 60)
    ctl.cli(dc, "resource", "cleanup", CLONE, "--node", "node2",
            "--wait=60")
    settle(t, ctl, dc, mark, "rejoin",
           lambda: healthy(pg, lab, vip, new, sorted(other + ["node2"])))
    t.comment("rejoin, as the DC saw it:\n" + "\n".join(
        ctl.log_tail(dc, r"Result of pgsqld .* on node2", 8)))
    t.ok(healthy(pg, lab, vip, new, sorted(other + ["node2"])),
         "rejoin: node2 rewound and cleaned up streams from %s "
         "(streaming %s)" % (new, pg.streaming(new)))

    # every acknowledged row is there; one primary at every moment
    writer.stop()
    acked = writer.acked_rows()
    have = pg.query(new, "SELECT n FROM acked ORDER BY n")
    have = set(int(x) for x in (have or "").split())
    lost = [n for n in acked if n not in have]
    t.ok(have and not lost,
         "no acknowledged write lost: %d rows acknowledged in %d sessions, "
         "%d present, lost %s" % (len(acked), writer.sessions, len(have),
                                  lost[:20]))
    check_roles(t, ctl, pg, kills)
    ctl.show(dc)
    ctl.close()
    t.comment("test time: %.0f s" % ((lab_core.now_ms() - t0) / 1000.0))


def check_roles(t, ctl, pg, kills):
    path = os.path.join(ctl.work, "pg-roles")
    with open(path, "w") as f:
        for when, what, node in pg_lab.role_events(pg, kills):
            f.write("%s %s %s %.3f\n" % (what, node, RSC, when))
    r = ctl_lab.subprocess.run(
        ["sh", ctl_lab.WITNESS_CHECK, "--promoted-max", "1", path],
        capture_output=True, text=True)
    out = (r.stdout + r.stderr).strip()
    t.ok(r.returncode == 0 and "promotable" in out,
         "role witness (PostgreSQL's logs): never two primaries at once (%s)"
         % (out.splitlines()[-1] if out else "no output"))
    t.comment("roles:\n" + open(path).read())
    if r.returncode != 0:
        t.comment(out)


def needs():
    return pg_lab.missing()


labtest.run(main, plan=17, needs=needs)
