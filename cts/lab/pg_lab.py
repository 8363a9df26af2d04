# SPDX-License-Identifier: LGPL-2.1-or-later
"""PostgreSQL 15 on the lab nodes, for the PAF scenarios (test_ctl_pgsql.py).

Per-node directories: the lab gives every node a private copy of
/var/lib/postgresql (HA_LAB_PRIVATE_DIRS, set before `lab up`) and a
private /run, so the same paths (the clone's parameters are the same on
every node) are a different data directory and socket on each node:

  PGDATA   /var/lib/postgresql/lab/data     the cluster (initdb on node1,
                                            pg_basebackup on the others)
  NODECONF /var/lib/postgresql/lab/node.conf  this node's own settings
           (primary_conninfo with application_name=NODE, which PAF
           requires), included by postgresql.conf: it stays outside the
           data directory, so pg_basebackup and pg_rewind, which copy
           postgresql.conf from the source, never overwrite it
  LOGDIR   /var/lib/postgresql/lab/log      the server log (logging
           collector, ms timestamps): the role witness reads it
  SOCKDIR  /run/postgresql                  the socket (PAF's pghost)

Every replica follows the VIP (primary_conninfo host=VIP), which the
cluster keeps with the Promoted instance.

The writer (Writer) commits numbered rows through the VIP from the lab's
client namespace and remembers those acknowledged; synchronous replication
(synchronous_standby_names = 'ANY 1 (*)') makes an acknowledged row durable
on a standby before the client hears of it.

The role witness (roles()) is PostgreSQL's own log: a node is primary from
"database system is ready to accept connections" (a start as primary, or
the end of a promotion) until "received fast|smart|immediate shutdown
request" or the moment the test killed the node."""

import calendar
import os
import re
import select
import subprocess
import threading
import time

import lab_core

PGBIN = "/usr/lib/postgresql/15/bin"
PGROOT = "/var/lib/postgresql"
BASE = PGROOT + "/lab"
PGDATA = BASE + "/data"
NODECONF = BASE + "/node.conf"
LOGDIR = BASE + "/log"
SOCKDIR = "/run/postgresql"
PAF = "/usr/lib/ocf/resource.d/heartbeat/pgsqlms"
NEEDED = [PAF] + [os.path.join(PGBIN, x) for x in (
    "postgres", "initdb", "pg_ctl", "pg_basebackup", "pg_rewind",
    "pg_controldata", "pg_isready", "pg_waldump", "psql")]


def missing():
    """What this host lacks to run PostgreSQL with PAF, or None
    (HA_LAB_PRETEND_MISSING=postgresql pretends it lacks PostgreSQL)."""
    pretend = os.environ.get("HA_LAB_PRETEND_MISSING", "").split(",")
    for p in NEEDED:
        if not os.access(p, os.X_OK) or "postgresql" in pretend:
            return "%s not found (postgresql-15, resource-agents-paf)" % p
    return None


def private_dirs():
    """HA_LAB_PRIVATE_DIRS with /var/lib/postgresql added (call before
    `lab up`)."""
    cur = os.environ.get("HA_LAB_PRIVATE_DIRS",
                         lab_core.DEFAULT_PRIVATE_DIRS).split()
    if PGROOT not in cur:
        cur.append(PGROOT)
    os.environ["HA_LAB_PRIVATE_DIRS"] = " ".join(cur)


def server_conf(subnet):
    """postgresql.conf additions, the same on every node."""
    return """
listen_addresses = '*'
port = 5432
unix_socket_directories = '%s'
max_connections = 30
shared_buffers = 16MB
wal_level = replica
wal_log_hints = on
max_wal_senders = 10
wal_keep_size = 128MB
hot_standby = on
hot_standby_feedback = on
wal_receiver_status_interval = 1s
wal_retrieve_retry_interval = 1s
recovery_target_timeline = 'latest'
synchronous_standby_names = 'ANY 1 (*)'
synchronous_commit = on
logging_collector = on
log_directory = '%s'
log_filename = 'postgresql.log'
log_line_prefix = '%%m [%%p] '
log_timezone = 'UTC'
include_if_exists = '%s'
""" % (SOCKDIR, LOGDIR, NODECONF)


def node_conf(node, vip):
    return ("primary_conninfo = 'host=%s port=5432 user=postgres "
            "application_name=%s connect_timeout=2'\n" % (vip, node))


class Pg:
    """PostgreSQL on the nodes of one lab."""

    def __init__(self, lab, vip):
        self.lab = lab
        self.vip = vip
        self.subnet = lab.lab.subnet

    def sh(self, node, script, user="postgres", timeout=120):
        """script run by sh in node as user (cwd /tmp); CompletedProcess."""
        argv = ["setpriv", "--reuid=" + user, "--regid=" + user,
                "--init-groups", "/bin/sh", "-c", "cd /tmp && " + script]
        if user == "root":
            argv = ["/bin/sh", "-c", "cd /tmp && " + script]
        return self.lab.exec(node, argv, timeout=timeout)

    def must(self, node, script, user="postgres", timeout=120):
        r = self.sh(node, script, user, timeout)
        if r.returncode != 0:
            raise AssertionError("%s on %s: exit %d: %s" % (
                script, node, r.returncode, (r.stdout + r.stderr).strip()))
        return r.stdout

    def boot_dirs(self, node):
        """What a boot provides (tmpfiles.d): the socket directory."""
        self.must(node, "install -d -o postgres -g postgres -m 2775 %s"
                  % SOCKDIR, user="root")

    def node_dirs(self, node):
        self.boot_dirs(node)
        self.must(node, "install -d -o postgres -g postgres -m 0700 %s %s"
                  % (BASE, LOGDIR), user="root")
        self.must(node, "cat > %s <<'EOF'\n%sEOF" % (NODECONF,
                                                   node_conf(node, self.vip)))

    def pg_ctl(self, node, action):
        """pg_ctl start|stop (fast) by hand; its output to a file, so no
        server process holds our pipe."""
        return self.must(node, "%s/pg_ctl -D %s -l %s/pg_ctl.log -w -t 60 "
                         "-m fast %s" % (PGBIN, PGDATA, LOGDIR, action))

    def basebackup(self, node, source):
        """A fresh copy of source's data directory on node (a replica that
        was never started: PAF starts it as a standby)."""
        self.must(node, "rm -rf %s && %s/pg_basebackup -h %s -U postgres "
                  "-D %s -X stream -c fast && touch %s/standby.signal"
                  % (PGDATA, PGBIN, source, PGDATA, PGDATA))

    def setup(self, primary="node1"):
        """initdb on primary, pg_basebackup on the others, every instance
        stopped cleanly, ready for the cluster."""
        for n in self.lab.nodes:
            self.node_dirs(n)
        self.must(primary, "%s/initdb -D %s -U postgres --auth=trust "
                  "--no-sync >/dev/null" % (PGBIN, PGDATA))
        self.must(primary, "cat >> %s/postgresql.conf <<'EOF'\n%sEOF\n"
                  "cat >> %s/pg_hba.conf <<'EOF'\n"
                  "host all all %s.0/24 trust\n"
                  "host replication all %s.0/24 trust\nEOF"
                  % (PGDATA, server_conf(self.subnet), PGDATA, self.subnet,
                     self.subnet))
        self.pg_ctl(primary, "start")
        ip = self.lab.ip(primary)
        for n in self.lab.nodes:
            if n != primary:
                self.basebackup(n, ip)
        self.pg_ctl(primary, "stop")

    def controldata_state(self, node):
        out = self.sh(node, "%s/pg_controldata %s" % (PGBIN, PGDATA)).stdout
        m = re.search(r"^Database cluster state:\s*(.*)$", out, re.M)
        return m.group(1).strip() if m else None

    def query(self, node, sql, host=None):
        """psql -At on node (its socket, or host); stdout stripped, or
        None on failure."""
        r = self.sh(node, "%s/psql -X -At -h %s -U postgres -d postgres "
                    "-c \"%s\"" % (PGBIN, host or SOCKDIR, sql), timeout=30)
        return r.stdout.strip() if r.returncode == 0 else None

    def in_recovery(self, node):
        """'t' (standby), 'f' (primary) or None (not answering)."""
        return self.query(node, "SELECT pg_is_in_recovery()")

    def streaming(self, node):
        """application_name of the standbys streaming from node, sorted."""
        out = self.query(node, "SELECT application_name FROM "
                         "pg_stat_replication WHERE state = 'streaming'")
        return sorted(out.split()) if out else []

    def log(self, node):
        path = os.path.join(self.lab.lab.node_dir(node), "private",
                            PGROOT.replace("/", "_"), "lab", "log",
                            "postgresql.log")
        try:
            with open(path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""


# ------------------------------------------------------- role witness --
LOG_TS = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (\S+) ")
PRIMARY_RX = re.compile(r"database system is ready to accept connections")
DOWN_RX = re.compile(r"received (fast|smart|immediate) shutdown request"
                     r"|database system is shut down")


def _epoch(stamp):
    """Epoch s of a log stamp (log_timezone = 'UTC')."""
    t = time.strptime(stamp[:19], "%Y-%m-%d %H:%M:%S")
    return calendar.timegm(t) + int(stamp[20:23]) / 1000.0


def role_events(pg, kills):
    """[(epoch s, 'promote'|'demote', node)] from every node's PostgreSQL
    log, with the kills [(epoch s, node)] as demotes."""
    ev = []
    for n in pg.lab.nodes:
        for ln in pg.log(n).splitlines():
            m = LOG_TS.match(ln)
            if not m:
                continue
            if PRIMARY_RX.search(ln):
                ev.append((_epoch(m.group(1)), "promote", n))
            elif DOWN_RX.search(ln):
                ev.append((_epoch(m.group(1)), "demote", n))
    ev += [(t, "demote", n) for t, n in kills]
    return sorted(ev)


def first_promote_after(events, t, nodes):
    """Epoch s of the first promote on one of nodes at or after t."""
    return next((w for w, what, n in events
                 if what == "promote" and n in nodes and w >= t), None)


# ------------------------------------------------------------ writer --
class Writer(threading.Thread):
    """Commits rows 1, 2, 3 ... one at a time through the VIP from the
    client namespace (one psql session, reopened when it fails or stops
    answering); records each acknowledged row and when."""

    def __init__(self, lab, vip, answer_timeout=1.5):
        super().__init__(daemon=True)
        self.lab = lab
        self.vip = vip
        self.answer_timeout = answer_timeout
        self.acked = []          # (row, epoch s)
        self.next_row = 1
        self.stopping = False
        self.lock = threading.Lock()
        self.sessions = 0

    def _psql(self):
        conn = ("host=%s port=5432 user=postgres dbname=postgres "
                "connect_timeout=2 keepalives_idle=1 keepalives_interval=1 "
                "keepalives_count=2 tcp_user_timeout=2000" % self.vip)
        self.sessions += 1
        return subprocess.Popen(
            self.lab.lab.client_argv([os.path.join(PGBIN, "psql"), "-X",
                                      "-qAt", "-v", "ON_ERROR_STOP=1", conn]),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def _one(self, p, row):
        """True if row was acknowledged by the session p."""
        try:
            p.stdin.write("INSERT INTO acked(n) VALUES (%d) RETURNING n;\n"
                          % row)
            p.stdin.flush()
        except (BrokenPipeError, OSError):
            return False
        r, _, _ = select.select([p.stdout], [], [], self.answer_timeout)
        if not r:
            return False
        line = p.stdout.readline().strip()
        return line == str(row)

    def run(self):
        p = None
        while not self.stopping:
            if p is None or p.poll() is not None:
                p = self._psql()
            row = self.next_row
            self.next_row += 1
            if self._one(p, row):
                with self.lock:
                    self.acked.append((row, time.time()))
            else:
                p.kill()
                p.wait()
                p = None
                time.sleep(0.05)
        if p is not None:
            p.kill()
            p.wait()

    def stop(self):
        self.stopping = True
        self.join(30)

    def acked_rows(self):
        with self.lock:
            return [r for r, _t in self.acked]

    def first_ack_after(self, t):
        with self.lock:
            return next((a for _r, a in self.acked if a >= t), None)

    def count(self):
        with self.lock:
            return len(self.acked)
