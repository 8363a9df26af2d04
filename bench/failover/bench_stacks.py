# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench_stacks - the two cluster stacks the failover benchmark compares.

Each stack class knows how to start/stop its daemons in a lab node,
configure the benchmark's resources, read where resources run, move one,
and which processes count for its RSS.  The benchmark itself (failover.py)
only uses this interface:

  preflight()                 before the lab exists; NotReady if unusable
  setup()                     after `lab up` (install a build, ...)
  start_nodes(nodes)          start the stack's daemons on nodes
  stop_all()                  clean stop everywhere (resources stopped)
  status(node) -> Status|None what node's daemons report right now
  configure(node, mode)       cluster options + the benchmark's resources
  move(node, rsc, target) / clear(node, rsc)
  settle(node, timeout)       wait until no action is pending (best effort)
  fence_history(node, victim) the stack's fencing record of victim (text)
  is_daemon(comm)             process counts for the stack's RSS
  version()

Resources: mode "dummy" = one ocf:heartbeat:Dummy `dummy`; mode "web" =
group `web` of ocf:heartbeat:IPaddr2 `vip` + ocf:heartbeat:nginx `www`
(the measured resource is the group's last member).  Fencing "none" =
stonith disabled; "dummy" = fence_dummy stonith device for every node.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from bench_lab import BenchError, NotReady

VIP_HOST = 100
NGINX_CONF = "/etc/nginx/nginx.conf"


class Status:
    """One node's view: DC, online nodes, where each resource is started."""

    def __init__(self, dc, online, started):
        self.dc = dc              # node name or None
        self.online = online      # sorted node names
        self.started = started    # {rsc id: [node names where Started]}

    def where(self, rsc):
        """The single node running rsc, else None."""
        nodes = self.started.get(rsc) or []
        return nodes[0] if len(nodes) == 1 else None


def resources_for(mode):
    """(measured rsc, moved rsc) for a mode."""
    return ("dummy", "dummy") if mode == "dummy" else ("www", "web")


# --------------------------------------------------------- Pacemaker --
class Pacemaker:
    name = "pacemaker"
    TOOLS = ("pacemakerd", "crm_mon", "cibadmin", "crm_resource",
             "crm_attribute")

    def __init__(self, lab, opts):
        self.lab = lab
        self.opts = opts

    def preflight(self):
        missing = [t for t in self.TOOLS if not shutil.which(t)]
        if self.opts.fencing == "dummy" and not shutil.which("fence_dummy"):
            missing.append("fence_dummy")
        if missing:
            raise NotReady("Pacemaker tools missing: %s" % " ".join(missing))

    def version(self):
        r = subprocess.run(["pacemakerd", "--version"], text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return r.stdout.splitlines()[0].strip() if r.stdout else "?"

    def setup(self):
        pass

    def start_nodes(self, nodes):
        self.lab.cli("pcmk", "start", *nodes, timeout=120)

    def stop_all(self):
        self.lab.cli("pcmk", "stop", "all", timeout=900)

    @staticmethod
    def is_daemon(comm):
        return comm == "pacemakerd" or comm.startswith("pacemaker-")

    def status(self, node):
        r = self.lab.run(node, ["crm_mon", "-1", "--output-as=xml"], 20)
        if r.returncode != 0:
            return None
        try:
            root = ET.fromstring(r.stdout)
        except ET.ParseError:
            return None
        dc = None
        cur = root.find("summary/current_dc")
        if cur is not None and cur.get("present") == "true":
            dc = cur.get("name")
        online = sorted(n.get("name") for n in root.iterfind("nodes/node")
                        if n.get("online") == "true"
                        and n.get("pending") != "true")
        started = {}
        for res in root.iter("resource"):
            if res.get("role") != "Started" or res.get("active") != "true":
                continue
            started[res.get("id")] = [n.get("name")
                                      for n in res.iterfind("node")]
        return Status(dc, online, started)

    def _attr(self, node, kind, name, value):
        self.lab.must(node, ["crm_attribute", "--type", kind, "--name", name,
                             "--update", value])

    def configure(self, node, mode):
        o = self.opts
        self._attr(node, "crm_config", "stonith-enabled",
                   "true" if o.fencing != "none" else "false")
        self._attr(node, "rsc_defaults", "resource-stickiness", "100")
        if o.dc_deadtime:
            self._attr(node, "crm_config", "dc-deadtime", o.dc_deadtime)
        if o.fencing == "dummy":
            hosts = " ".join(self.lab.nodes)
            self._create(node, (
                '<primitive id="fence" class="stonith" type="fence_dummy">'
                '<instance_attributes id="fence-ia">'
                '<nvpair id="fence-ia-hl" name="pcmk_host_list" value="%s"/>'
                '<nvpair id="fence-ia-hc" name="pcmk_host_check" '
                'value="static-list"/></instance_attributes>'
                '<operations><op id="fence-mon" name="monitor" '
                'interval="60s"/></operations></primitive>') % hosts)
        if mode == "dummy":
            self._create(node, (
                '<primitive id="dummy" class="ocf" provider="heartbeat" '
                'type="Dummy"><operations><op id="dummy-mon" name="monitor" '
                'interval="10s"/></operations></primitive>'))
        else:
            vip = "%s.%d" % (self.lab.subnet, VIP_HOST)
            self._create(node, (
                '<group id="web">'
                '<primitive id="vip" class="ocf" provider="heartbeat" '
                'type="IPaddr2"><instance_attributes id="vip-ia">'
                '<nvpair id="vip-ip" name="ip" value="%s"/>'
                '<nvpair id="vip-mask" name="cidr_netmask" value="24"/>'
                '<nvpair id="vip-nic" name="nic" value="eth0"/>'
                '</instance_attributes><operations><op id="vip-mon" '
                'name="monitor" interval="10s"/></operations></primitive>'
                '<primitive id="www" class="ocf" provider="heartbeat" '
                'type="nginx"><instance_attributes id="www-ia">'
                '<nvpair id="www-conf" name="configfile" value="%s"/>'
                '</instance_attributes><operations><op id="www-mon" '
                'name="monitor" interval="10s"/></operations></primitive>'
                '</group>') % (vip, NGINX_CONF))

    def _create(self, node, xml):
        self.lab.must(node, ["cibadmin", "--create", "-o", "resources",
                             "--xml-text", xml])

    def move(self, node, rsc, target):
        self.lab.must(node, ["crm_resource", "--move", "--resource", rsc,
                             "--node", target])

    def clear(self, node, rsc):
        self.lab.must(node, ["crm_resource", "--clear", "--resource", rsc])

    def fence_history(self, node, victim):
        """Fencing history of victim as the stack prints it (evidence)."""
        r = self.lab.run(node, ["stonith_admin", "--history", victim])
        return (r.stdout or r.stderr).strip()

    def settle(self, node, timeout):
        self.lab.run(node, ["crm_resource", "--wait", "--timeout",
                            "%ds" % timeout], timeout + 10)


# ------------------------------------------------------------------ ha --
class Ha:
    """The project's stack: hacd + ha-execd, driven by hactl (issue 6)."""

    name = "ha"
    NEEDED = ("resource create", "resource move", "resource clear")

    def __init__(self, lab, opts):
        self.lab = lab
        self.opts = opts
        self.prefix = None
        self.hactl = None
        self.use_cli = True
        self.status_source = "hactl"
        self.location = None      # (rsc, node) of the fallback's move
        self.epoch = 0
        self.pin = ()             # ("--pin",) where moves are temporary

    def _host_hactl(self):
        o = self.opts
        if o.prefix:
            return os.path.join(o.prefix, "sbin", "hactl")
        if o.builddir:
            return os.path.join(o.builddir, "tools", "hactl", "hactl")
        raise NotReady("--stack ha needs --builddir BUILD (a configured, "
                       "built tree; installed into the lab) or --prefix P "
                       "(an installation hacluster can read)")

    def preflight(self):
        """Refuse early, with the reason, if hactl cannot run this.

        With `hactl resource create|move|clear` the benchmark uses them.
        Without (the CLI is younger than the controller), mode dummy still
        runs: configuration, move and clear become `hactl config import`
        of a whole CIB (a location constraint of INFINITY for a move), and
        where the resource runs is read from hactl's status "resources"
        if present, else from ocf:heartbeat:Dummy's state file in each
        node (recorded as meta "status_source")."""
        hactl = self._host_hactl()
        if not os.access(hactl, os.X_OK):
            raise NotReady("no hactl at %s (build the tree first)" % hactl)
        if self.opts.fencing == "dummy" and not shutil.which("fence_dummy"):
            raise NotReady("fence_dummy missing")
        missing = []
        for words in self.NEEDED:
            r = subprocess.run([hactl] + words.split() + ["--help"],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            if r.returncode != 0:
                missing.append("`hactl %s` (%s)" % (
                    words, (r.stdout.strip().splitlines() or ["exit %d"
                            % r.returncode])[0]))
        self.use_cli = not missing
        help_move = subprocess.run([hactl, "resource", "move", "--help"],
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True).stdout
        self.pin = ("--pin",) if "--pin" in help_move else ()
        if missing and self.opts.mode != "dummy":
            raise NotReady("the ha stack cannot run mode %s yet: missing %s "
                           "(mode dummy falls back to `hactl config "
                           "import`)" % (self.opts.mode, ", ".join(missing)))
        if missing:
            print("failover: ha: %s missing: configuring with `hactl config "
                  "import`" % ", ".join(missing), file=sys.stderr)

    def version(self):
        r = subprocess.run([self._host_hactl(), "--version"], text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.splitlines()[0].strip()
        # no --version: the package version of the build + its commit
        ver = "ha"
        try:
            with open(os.path.join(self.opts.builddir or "", "config.h")) as f:
                for ln in f:
                    if ln.startswith("#define PACKAGE_VERSION"):
                        ver = "ha " + ln.split('"')[1]
        except OSError:
            pass
        g = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(
            __file__)), "describe", "--always", "--dirty"], text=True,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return ver + (" (%s)" % g.stdout.strip() if g.returncode == 0 else "")

    def setup(self):
        o = self.opts
        if o.prefix:
            out = self.lab.cli("install", "--prefix", o.prefix, timeout=300)
        else:
            out = self.lab.cli("install", o.builddir, timeout=600)
        dirs = dict(line.split("=", 1) for line in out.splitlines()
                    if "=" in line)
        self.prefix = dirs.get("prefix") or o.prefix
        if not self.prefix:
            raise BenchError("lab install printed no prefix: %r" % out)
        self.hactl = os.path.join(self.prefix, "sbin", "hactl")

    def start_nodes(self, nodes):
        sbin = os.path.join(self.prefix, "sbin")
        for n in nodes:
            self.lab.cli("daemon", "start", n, "ha-execd", "--",
                         os.path.join(sbin, "ha-execd"), "--log-file",
                         "/var/log/ha/ha-execd.log")
            # as root: hacd creates its dirs, then drops to hacluster
            self.lab.cli("daemon", "start", n, "hacd", "--",
                         os.path.join(sbin, "hacd"), "--log-file",
                         "/var/log/ha/hacd.log")

    def stop_all(self):
        # one node after the other, like `lab pcmk stop all`: the last hacd
        # to go stops what still runs, then the executors
        for n in self.lab.nodes:
            self.lab.cli("daemon", "stop", n, "hacd", "--timeout", "300",
                         timeout=330)
        self.lab.cli("daemon", "stop", "all", "ha-execd", timeout=120)

    @staticmethod
    def is_daemon(comm):
        return comm in ("hacd", "ha-execd")

    def _hactl(self, node, *args, timeout=60):
        return self.lab.run(node, [self.hactl] + list(args), timeout)

    def status(self, node):
        r = self._hactl(node, "--output", "json", "status", timeout=20)
        if r.returncode != 0:
            return None
        try:
            st = json.loads(r.stdout)["result"]
        except (ValueError, KeyError):
            return None
        online = sorted(n.get("name") for n in st.get("nodes", [])
                        if n.get("state") == "online")
        started = {}
        if "resources" not in st:
            if self.opts.mode != "dummy":
                raise NotReady("`hactl --output json status` has no "
                               "\"resources\" member yet (issue 6)")
            self.status_source = "Dummy state files"
            started["dummy"] = self._dummy_nodes(online)
            return Status(st.get("dc"), online, started)
        self.status_source = "hactl"
        for r in _flatten(st.get("resources") or []):
            role = r.get("role") or r.get("state")
            if str(role).lower() != "started":
                continue
            started[r.get("id")] = _rsc_nodes(r)
        return Status(st.get("dc"), online, started)

    def _dummy_nodes(self, nodes):
        """Nodes where ocf:heartbeat:Dummy's state file for `dummy` is."""
        out = []
        for n in nodes:
            r = self.lab.run(n, ["test", "-e",
                                 "/run/resource-agents/Dummy-dummy.state"], 10)
            if r.returncode == 0:
                out.append(n)
        return out

    def _import(self, node):
        """The fallback configuration (mode dummy) as one CIB import."""
        o = self.opts
        self.epoch += 1
        props = {"stonith-enabled": "true" if o.fencing != "none"
                 else "false"}
        nv = lambda sid, d: "".join(
            '<nvpair id="%s-%s" name="%s" value="%s"/>' % (sid, k, k, v)
            for k, v in d.items())
        rsc = ('<primitive id="dummy" class="ocf" provider="heartbeat" '
               'type="Dummy"><operations><op id="dummy-monitor-10s" '
               'name="monitor" interval="10s"/></operations></primitive>')
        if o.fencing == "dummy":
            rsc = ('<primitive id="fence" class="stonith" type="fence_dummy">'
                   '<instance_attributes id="fence-ia">%s'
                   '</instance_attributes></primitive>'
                   % nv("fence-ia", {"pcmk_host_list": " ".join(
                       self.lab.nodes), "pcmk_host_check": "static-list"})
                   + rsc)
        cons = ""
        if self.location:
            cons = ('<rsc_location id="cli-prefer-%s" rsc="%s" node="%s" '
                    'score="INFINITY"/>' % (self.location[0],
                                            self.location[0],
                                            self.location[1]))
        nodes = "".join('<node id="%d" uname="%s"/>' % (i + 1, n)
                        for i, n in enumerate(self.lab.nodes))
        xml = ('<cib admin_epoch="1" epoch="%d" num_updates="0" '
               'validate-with="pacemaker-3.9"><configuration><crm_config>'
               '<cluster_property_set id="opts">%s</cluster_property_set>'
               '</crm_config><nodes>%s</nodes><resources>%s</resources>'
               '<constraints>%s</constraints><rsc_defaults>'
               '<meta_attributes id="rsc-options">%s</meta_attributes>'
               '</rsc_defaults></configuration><status/></cib>\n'
               % (self.epoch, nv("opts", props), nodes, rsc, cons,
                  nv("rsc-options", {"resource-stickiness": "100"})))
        fd, path = tempfile.mkstemp(prefix="bench-cib-", suffix=".xml",
                                    dir="/var/tmp")
        with os.fdopen(fd, "w") as f:
            f.write(xml)
        os.chmod(path, 0o644)
        try:
            self._must(node, "config", "import", path)
        finally:
            os.unlink(path)

    def _must(self, node, *args):
        r = self._hactl(node, *args)
        if r.returncode == 10:     # HACTL_EXIT_UNSUPPORTED
            raise NotReady("hactl %s: unsupported: %s"
                           % (" ".join(args), r.stderr.strip()))
        if r.returncode != 0:
            raise BenchError("%s: hactl %s failed (%d): %s" % (
                node, " ".join(args), r.returncode, r.stderr.strip()))
        return r.stdout

    def configure(self, node, mode):
        o = self.opts
        if not self.use_cli:
            self.location = None
            self._import(node)
            return
        self._must(node, "property", "set", "stonith-enabled",
                   "true" if o.fencing != "none" else "false", "--force")
        # resource-stickiness is a resource default, not a cluster
        # property (Pacemaker ignores it in crm_config): a meta attribute
        # of each resource
        stick = ("--meta", "resource-stickiness=100")
        if o.fencing == "dummy":
            self._must(node, "stonith", "create", "fence", "fence_dummy",
                       "pcmk_host_list=%s" % " ".join(self.lab.nodes),
                       "pcmk_host_check=static-list")
        if mode == "dummy":
            self._must(node, "resource", "create", "dummy",
                       "ocf:heartbeat:Dummy", "--op", "monitor:interval=10s",
                       *stick)
        else:
            vip = "%s.%d" % (self.lab.subnet, VIP_HOST)
            self._must(node, "resource", "create", "vip",
                       "ocf:heartbeat:IPaddr2", "ip=%s" % vip,
                       "cidr_netmask=24", "nic=eth0", "--group", "web",
                       "--op", "monitor:interval=10s", *stick)
            self._must(node, "resource", "create", "www",
                       "ocf:heartbeat:nginx", "configfile=%s" % NGINX_CONF,
                       "--group", "web", "--op", "monitor:interval=10s",
                       *stick)

    def move(self, node, rsc, target):
        if not self.use_cli:
            self.location = (rsc, target)
            self._import(node)
            return
        # --pin: like crm_resource --move, leave the constraint (cleared
        # after the measure) and return at once; the default, temporary
        # move waits until the cluster settled and then removes it, which
        # the measure would count
        self._must(node, "resource", "move", rsc, target, *self.pin)

    def clear(self, node, rsc):
        if not self.use_cli:
            self.location = None
            self._import(node)
            return
        self._must(node, "resource", "clear", rsc)

    def fence_history(self, node, victim):
        r = self._hactl(node, "stonith", "history", victim)
        return (r.stdout or r.stderr).strip()

    def settle(self, node, timeout):
        if not self.use_cli:
            return
        # `hactl status --wait` (issue 6) where it exists; else nothing more
        # to wait for than what failover.py already polls
        self._hactl(node, "--output", "json", "status", "--wait",
                    timeout=timeout)


def _flatten(items):
    """Resources with their group/clone members, depth first."""
    for r in items:
        yield r
        for key in ("members", "children", "resources", "instances"):
            if isinstance(r.get(key), list):
                yield from _flatten(r[key])


def _rsc_nodes(r):
    """Node names of a resource entry: "node": "n" or "nodes": [...]."""
    if isinstance(r.get("node"), str):
        return [r["node"]]
    out = []
    for n in r.get("nodes") or []:
        out.append(n if isinstance(n, str) else n.get("name"))
    return out


STACKS = {"pacemaker": Pacemaker, "ha": Ha}
