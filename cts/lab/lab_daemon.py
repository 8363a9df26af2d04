# SPDX-License-Identifier: LGPL-2.1-or-later
"""Running the project's daemons (and Pacemaker) inside lab nodes.

* install: `make install DESTDIR=<root>` of a build tree, then, in every
  node's mount namespace, <root><prefix> is bind mounted over <prefix> so
  the compiled-in paths (libexec, schema dir, OCF root) resolve inside the
  nodes, and the node's private /var/lib/ha is bind mounted over the
  build's state dir.  The result is recorded in $LAB/install.env.
* daemons: `start` runs a binary detached in a node (new session, stdin
  /dev/null, stdout+stderr appended to a log file in the node's log dir,
  optional user, clean environment), records "pid starttime" in
  $LAB/nodes/NODE/lab/NAME.pid; `stop` = SIGTERM then wait (SIGKILL after
  a timeout); `kill` = a signal (default SIGKILL).  A daemon must stay in
  the foreground: the recorded pid is the process that was started.
* pcmk: pacemakerd 2.1.5 as a daemon named "pacemakerd".
"""

import os
import pwd
import signal

from lab_core import LabError, now_ms, run, wait_for
import lab_corosync

# Prefixes never shadowed by a bind mount (would hide the host system).
_SYSTEM_DIRS = {"/", "/usr", "/etc", "/var", "/bin", "/sbin", "/lib", "/opt",
                "/run", "/tmp", "/home", "/root", "/srv"}


# ------------------------------------------------------------- install --
def _make_env():
    """Environment for a make run from inside `make check`: without the
    outer make's flags (command-line variables, jobserver)."""
    env = dict(os.environ)
    for k in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
        env.pop(k, None)
    return env


def _build_dirs(builddir):
    """Configured install dirs of a build tree (make lab-print-dirs)."""
    cp = run(["make", "-s", "--no-print-directory", "-C", builddir,
              "lab-print-dirs"], env=_make_env())
    dirs = {}
    for line in cp.stdout.splitlines():
        k, _, v = line.partition("=")
        if k:
            dirs[k.strip()] = v.strip()
    for k in ("prefix", "statedir", "rundir"):
        if not dirs.get(k):
            raise LabError("%s: 'make lab-print-dirs' gave no %s" % (builddir, k))
    return dirs


def _check_readable(lab, node, paths):
    """Fail unless user hacluster can traverse/execute the installed tree."""
    for d in paths:
        if lab.node_run(node, ["test", "-e", d], check=False).returncode:
            continue
        cp = lab.node_run(node, ["setpriv", "--reuid=hacluster",
                                 "--regid=haclient", "--init-groups",
                                 "test", "-x", d], check=False)
        if cp.returncode != 0:
            raise LabError("%s: %s is not accessible to user hacluster "
                           "(install into a world-readable prefix)" % (node, d))


def install(lab, builddir=None, destdir=None, prefix=None, statedir=None,
            rundir=None):
    """Make an installed build usable in every node; returns the dirs dict.

    With builddir: `make install DESTDIR=destdir` (default $LAB/root) and
    the dirs come from the build.  Without: prefix (+ statedir, rundir)
    name an existing installation (destdir None = installed in place).
    """
    if not lab.is_up():
        raise LabError("install: the lab is not up")
    if builddir:
        dirs = _build_dirs(builddir)
        destdir = destdir or os.path.join(lab.dir, "root")
        old = os.umask(0o022)
        try:
            run(["make", "-s", "-C", builddir, "install", "DESTDIR=" + destdir],
                timeout=600, env=_make_env())
        finally:
            os.umask(old)
        os.chmod(destdir, 0o755)
    else:
        if not prefix:
            raise LabError("install: need a build dir or --prefix")
        dirs = {"prefix": prefix, "statedir": statedir or "/var/lib/ha",
                "rundir": rundir or "/run/ha"}
    dirs["destdir"] = destdir or ""
    pfx = os.path.normpath(dirs["prefix"])
    if dirs["destdir"] and pfx in _SYSTEM_DIRS:
        raise LabError("install: prefix %s would hide the host's %s in the "
                       "nodes; configure with --prefix=/usr/local or /opt/..."
                       % (pfx, pfx))
    for node in lab.nodes():
        _attach(lab, node, dirs)
    with open(os.path.join(lab.dir, "install.env"), "w") as f:
        for k, v in sorted(dirs.items()):
            f.write("%s=%s\n" % (k, v))
    return dirs


def _attach(lab, node, dirs):
    """Per-node bind mounts for an installation."""
    script = "set -e\n"
    args = []
    if dirs["destdir"]:
        script += 'mkdir -p "$1"; mount --bind "$2$1" "$1"\n'
    args += [os.path.normpath(dirs["prefix"]), dirs["destdir"]]
    sd = os.path.normpath(dirs["statedir"])
    if sd != "/var/lib/ha":
        script += 'mkdir -p "$3"; mount --bind "$4" "$3"\n'
    args += [sd, os.path.join(lab.node_dir(node), "var-lib-ha")]
    rd = os.path.normpath(dirs["rundir"])
    if not rd.startswith("/run/"):
        script += 'mkdir -p "$5"; mount -t tmpfs -o mode=0755 lab-harun "$5"\n'
    args += [rd]
    lab.node_sh(node, script, *args)
    _check_readable(lab, node, [os.path.join(dirs["prefix"], d)
                                for d in ("sbin", "bin")])


def installed(lab):
    """The dirs recorded by install(), {} if none."""
    out = {}
    try:
        with open(os.path.join(lab.dir, "install.env")) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("=")
                out[k] = v
    except FileNotFoundError:
        pass
    return out


def resolve_binary(lab, node, cmd):
    """Path (inside the node) of cmd: as is if it has a '/', else looked up
    in the installed prefix (sbin, bin, libexec/ha) and then in PATH."""
    cands = [cmd] if "/" in cmd else []
    pfx = installed(lab).get("prefix")
    if pfx and "/" not in cmd:
        cands += [os.path.join(pfx, d, cmd)
                  for d in ("sbin", "bin", "libexec/ha", "libexec")]
    if "/" not in cmd:
        cands += [os.path.join(d, cmd) for d in
                  ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
                   "/sbin", "/bin")]
    for c in cands:
        if lab.node_run(node, ["test", "-x", c], check=False).returncode == 0:
            return c
    raise LabError("%s: no executable %r in the node" % (node, cmd))


# ------------------------------------------------------------- daemons --
def _pidfile(lab, node, name):
    if not name or "/" in name or name.startswith("."):
        raise LabError("bad daemon name %r" % name)
    return lab.node_state(node, name + ".pid")


def _starttime(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            rest = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if rest[0] in ("Z", "X"):
        return None
    return rest[19]


def pid(lab, node, name):
    """Pid of the daemon if it is alive (same process as started), else None."""
    try:
        with open(_pidfile(lab, node, name)) as f:
            p, st = f.read().split()
    except (OSError, ValueError):
        return None
    return int(p) if _starttime(int(p)) == st else None


def _spawn_detached(argv, logpath):
    """fork twice so the daemon is nobody's child here; returns its pid."""
    r, w = os.pipe()
    logfd = os.open(logpath, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    child = os.fork()
    if child == 0:
        try:
            os.close(r)
            os.setsid()
            gc = os.fork()
            if gc == 0:
                nul = os.open(os.devnull, os.O_RDONLY)
                os.dup2(nul, 0)
                os.dup2(logfd, 1)
                os.dup2(logfd, 2)
                os.closerange(3, 65536)
                signal.signal(signal.SIGPIPE, signal.SIG_DFL)
                os.execvp(argv[0], argv)
            os.write(w, str(gc).encode())
        finally:
            os._exit(0)
    os.close(w)
    os.close(logfd)
    data = os.read(r, 64)
    os.close(r)
    os.waitpid(child, 0)
    if not data:
        raise LabError("could not start %s" % argv[0])
    return int(data)


def start(lab, node, name, argv=None, user=None, env=None, keep_env=False,
          log=None):
    """Start a daemon in node; returns its pid.

    argv: [binary, args...] (binary resolved by resolve_binary; default
    [name]); user: run as this user (its primary group + supplementary
    groups); env: dict added to a clean environment (PATH, LANG, HOME,
    HA_LAB_NODE) unless keep_env; log: host path of the output file
    (default the node's /var/log/ha/NAME.out).
    """
    lab.need_node(node)
    if pid(lab, node, name):
        raise LabError("%s: daemon %s already running (pid %d)"
                       % (node, name, pid(lab, node, name)))
    argv = list(argv or [name])
    argv[0] = resolve_binary(lab, node, argv[0])
    pre = []
    if user and user != "root":
        try:
            pw = pwd.getpwnam(user)
        except KeyError as e:
            raise LabError("no user %r" % user) from e
        pre = ["setpriv", "--reuid=%d" % pw.pw_uid, "--regid=%d" % pw.pw_gid,
               "--init-groups", "--inh-caps=-all"]
    e = {} if keep_env else {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8", "HOME": "/"}
    e["HA_LAB_NODE"] = node
    e.update(env or {})
    envargv = ["env"] + ([] if keep_env else ["-i"]) + \
        ["%s=%s" % kv for kv in sorted(e.items())]
    log = log or os.path.join(lab.node_dir(node), "var-log-ha", name + ".out")
    full = lab.node_argv(node, pre + envargv + argv, wd="/")
    p = _spawn_detached(full, log)
    st = wait_for(lambda: _starttime(p), 1, 0.001)
    # Return only once it is inside the node (nsenter has done setns), so
    # that a node kill right after start cannot miss it.
    wait_for(lambda: p in lab.node_pids(node) or not _starttime(p), 5, 0.002)
    with open(_pidfile(lab, node, name), "w") as f:
        f.write("%d %s\n" % (p, st or "0"))
    return p


def signal_daemon(lab, node, name, sig=signal.SIGKILL):
    """Send sig to the daemon; epoch ms, or None if it was not running."""
    p = pid(lab, node, name)
    if not p:
        return None
    t = now_ms()
    try:
        os.kill(p, sig)
    except ProcessLookupError:
        return None
    if sig == signal.SIGKILL:
        wait_for(lambda: _starttime(p) is None, 5, 0.005)
    return t


def stop(lab, node, name, timeout=30):
    """SIGTERM and wait; SIGKILL after timeout.  True if it stopped by itself."""
    p = pid(lab, node, name)
    if not p:
        return True
    os.kill(p, signal.SIGTERM)
    if wait_for(lambda: _starttime(p) is None, timeout, 0.02):
        return True
    signal_daemon(lab, node, name, signal.SIGKILL)
    return False


def list_daemons(lab, node):
    """[(name, pid or None)] of the daemons started in node."""
    d = os.path.join(lab.node_dir(node), "lab")
    names = sorted(f[:-4] for f in os.listdir(d) if f.endswith(".pid"))
    return [(n, pid(lab, node, n)) for n in names]


# ----------------------------------------------------------- pacemaker --
PCMK_ENV = {"PCMK_logfile": "/var/log/pacemaker/pacemaker.log",
            "PCMK_logfacility": "none"}


def pcmk_start(lab, node, env=None):
    """Start pacemakerd (2.1.5 stays in the foreground) on a node."""
    if not lab_corosync.running(lab, node):
        raise LabError("%s: corosync is not running" % node)
    e = dict(PCMK_ENV)
    e.update(env or {})
    log = os.path.join(lab.node_dir(node), "var-log-pacemaker", "pacemakerd.out")
    return start(lab, node, "pacemakerd", ["pacemakerd"], env=e, log=log)


def pcmk_stop(lab, node, timeout=120):
    """Clean Pacemaker shutdown on a node (pacemakerd --shutdown)."""
    p = pid(lab, node, "pacemakerd")
    if not p:
        return
    lab.node_run(node, ["pacemakerd", "--shutdown"], check=False,
                 timeout=timeout)
    if not wait_for(lambda: _starttime(p) is None, timeout, 0.1):
        stop(lab, node, "pacemakerd", 10)

