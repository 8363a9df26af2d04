#!/usr/bin/env python3
"""TAP test: no C file over 1,000 lines and no function over 80 lines.

Functions are found the way the code is written (STYLE.md): a definition's
body opens with "{" alone in column 0 and closes with "}" alone in column 0.
Known offenders are listed in size-allowlist (path, function or "-" for the
file, lines); an entry may shrink but not grow, and an entry that is no
longer an offender must be removed, so the list only ever gets shorter.

  check-size.py              check the tree (top_srcdir or the parent dir)
  check-size.py --self-test  plant an oversized file and function in a
                             scratch tree and fail unless both are reported
"""
import os
import re
import subprocess
import sys
import tempfile

MAX_FILE = 1000
MAX_FUNC = 80
DIRS = ("lib", "daemons", "tools", "agents", "fuzz", "bench", "cts")
NAME = re.compile(r"^([A-Za-z_][A-Za-z_0-9]*)\s*\(")


def sources(top):
    for d in DIRS:
        for root, _dirs, files in os.walk(os.path.join(top, d)):
            for f in files:
                if f.endswith((".c", ".h", ".inc")):
                    yield os.path.relpath(os.path.join(root, f), top)


def measure(top, rel):
    """Yield (function or "-", lines) for everything over the limits."""
    with open(os.path.join(top, rel), encoding="utf-8",
              errors="replace") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) > MAX_FILE:
        yield "-", len(lines)
    start, name = None, "?"
    for i, line in enumerate(lines):
        if line == "{":
            start, name = i, "?"
            for j in range(i - 1, max(i - 8, -1), -1):
                m = NAME.match(lines[j])
                if m:
                    name = m.group(1)
                    break
        elif line.startswith("}") and start is not None:
            if i - start + 1 > MAX_FUNC:
                yield name, i - start + 1
            start = None


def load_allowlist(path):
    allowed = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.split("#", 1)[0].split()
                if len(line) == 3:
                    allowed[(line[0], line[1])] = int(line[2])
    return allowed


def check(top, allowlist):
    allowed = load_allowlist(allowlist)
    problems, seen = [], set()
    for rel in sorted(sources(top)):
        for what, n in measure(top, rel):
            key = (rel, what)
            seen.add(key)
            limit = MAX_FILE if what == "-" else MAX_FUNC
            label = rel if what == "-" else "%s: %s()" % (rel, what)
            if key not in allowed:
                problems.append("%s has %d lines (limit %d)"
                                % (label, n, limit))
            elif n > allowed[key]:
                problems.append("%s grew to %d lines (allowed %d, limit %d)"
                                % (label, n, allowed[key], limit))
    for key in sorted(set(allowed) - seen):
        problems.append("%s %s is within the limits now: remove it from %s"
                        % (key[0], key[1], os.path.basename(allowlist)))
    return problems


def self_test(me):
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "lib", "x"))
        body = "".join("    x += %d;\n" % i for i in range(MAX_FUNC))
        with open(os.path.join(tmp, "lib", "x", "big.c"), "w") as fh:
            fh.write("int\nlong_one(int x)\n{\n%s    return x;\n}\n" % body)
            fh.write("/* filler */\n" * MAX_FILE)
        empty = os.path.join(tmp, "allow")
        open(empty, "w").close()
        out = subprocess.run([sys.executable, me, "--top", tmp,
                              "--allowlist", empty],
                             capture_output=True, text=True).stdout
        ok = ("long_one() has 83 lines" in out
              and "lib/x/big.c has" in out and "\nnot ok" in "\n" + out)
        print("1..1")
        print("%s 1 - a planted long function and long file are reported"
              % ("ok" if ok else "not ok"))
        if not ok:
            sys.stdout.write("# " + out.replace("\n", "\n# ") + "\n")
        return 0 if ok else 1


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.environ.get("top_srcdir") or os.path.dirname(os.path.dirname(here))
    allowlist = os.path.join(here, "size-allowlist")
    if "--self-test" in argv:
        return self_test(os.path.abspath(__file__))
    if "--top" in argv:
        top = argv[argv.index("--top") + 1]
    if "--allowlist" in argv:
        allowlist = argv[argv.index("--allowlist") + 1]
    problems = check(top, allowlist)
    print("1..1")
    if problems:
        print("not ok 1 - sizes: %d over the limits" % len(problems))
        for p in problems:
            print("# " + p)
        return 1
    print("ok 1 - no file over %d lines, no function over %d (besides the "
          "allowlist)" % (MAX_FILE, MAX_FUNC))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
