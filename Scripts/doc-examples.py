#!/usr/bin/env python3
"""Runs every kg example in README.md and docs/*.md, as the docs test does
(Tests/KnowledgeGraphTests/Docs/DocExamplesTests.swift), and with --update
writes what kg prints into the ```console blocks.

The convention:
  ```console   lines `$ kg …` are commands; the lines after each, up to the
               next `$ `, are what it prints (stdout, then stderr). It must
               exit 0, or non-zero when what it prints has an `error[` line.
  ```sh        every line that starts with `kg ` (or pipes into ` | kg `) is
               run and must exit 0, or, when its `  # …` comment says
               `refused (KGC001)`, exit non-zero with that error; a
               `cat > FILE <<'EOF'` here-document is run too (it writes a file).
  ```bash      shown, not run: sessions and benchmarks that need data the
               docs do not provide.
Each document runs in a fresh directory holding a copy of docs/, data/,
Queries/ and Schema/ (so docs/examples/… paths work), with its own HOME and seed graph; commands run in
document order with `kg` on PATH.

  Scripts/doc-examples.py            check, print differences
  Scripts/doc-examples.py --update   rewrite the console blocks
"""
import glob, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KG = os.environ.get("KG_BINARY") or os.path.join(ROOT, ".build", "debug", "kg")
BLOCK = re.compile(r"^```(console|sh)\n(.*?)^```", re.S | re.M)


def sandbox():
    d = tempfile.mkdtemp(prefix="kg-docs-")
    for folder in ["docs", "data", "Queries", "Schema"]:
        shutil.copytree(os.path.join(ROOT, folder), os.path.join(d, folder))
    env = {"HOME": d, "XDG_DATA_HOME": d + "/data", "NO_COLOR": "1", "COLUMNS": "80",
           "PATH": os.path.dirname(KG) + ":" + os.environ.get("PATH", "/usr/bin:/bin")}
    subprocess.run(["kg", "stats"], cwd=d, env=env, capture_output=True)   # builds the seed graph
    return d, env


def needs_graphviz(cmd):
    """An example that draws a picture (--render, or a pipe into dot) needs
    Graphviz; without it (and unless KG_REQUIRE_TOOLS=1) it is not run."""
    return "--render " in cmd or re.search(r"\|\s*dot\s", cmd) is not None


SKIP_GRAPHVIZ = shutil.which("dot") is None and os.environ.get("KG_REQUIRE_TOOLS") != "1"


def run(cmd, d, env):
    p = subprocess.run(["/bin/sh", "-c", cmd], cwd=d, env=env, capture_output=True, text=True)
    out = (p.stdout + p.stderr).split("\n")
    out = [l.rstrip() for l in out]
    while out and not out[-1]:
        out.pop()
    return p.returncode, out


def shell_lines(body):
    """(command, expected error code or None) for each command of an sh block."""
    lines, current, heredoc = [], "", None
    for raw in body.split("\n"):
        if heredoc is not None:
            heredoc[1].append(raw)
            if raw.strip() == heredoc[2]:
                lines.append(("\n".join(heredoc[1]), None))
                heredoc = None
            continue
        line = current + raw
        if line.endswith("\\"):
            current = line[:-1] + " "
            continue
        current = ""
        m = re.search(r"<<'?(\w+)'?\s*$", line)
        if m and line.startswith("cat > "):
            heredoc = (line, [line], m.group(1))
            continue
        parts = re.split(r"\s{2,}#\s", line, maxsplit=1)
        code = parts[0].rstrip()
        refused = re.search(r"refused \((KG[A-Z]\d{3})\)", parts[1]) if len(parts) > 1 else None
        if re.match(r"^kg\s", code) or " | kg " in code:
            lines.append((code, refused.group(1) if refused else None))
    return lines


def process(path, update):
    text = open(path).read()
    d, env = sandbox()
    problems, out, last = [], [], 0
    try:
        for m in BLOCK.finditer(text):
            out.append(text[last:m.start(2)])
            kind, body = m.group(1), m.group(2)
            if kind == "sh":
                for cmd, refused in shell_lines(body):
                    if SKIP_GRAPHVIZ and needs_graphviz(cmd):
                        print(f"{path}: not run (needs Graphviz: apt-get install graphviz): {cmd}", file=sys.stderr)
                        continue
                    status, printed = run(cmd, d, env)
                    if refused:
                        if status == 0 or not any(l.startswith(f"error[{refused}]") for l in printed):
                            problems.append(f"{path}: `{cmd}` should be refused with {refused}; it exited {status}:\n  " + "\n  ".join(printed[-8:]))
                    elif status != 0:
                        problems.append(f"{path}: `{cmd}` exited {status}:\n  " + "\n  ".join(printed[-8:]))
                out.append(body)
            else:
                new = []
                chunks = re.split(r"^(\$ .*)$", body, flags=re.M)
                for i in range(1, len(chunks), 2):
                    cmd = chunks[i][2:]
                    expected = [l.rstrip() for l in chunks[i + 1].strip("\n").split("\n")] if chunks[i + 1].strip() else []
                    status, printed = run(cmd, d, env)
                    fails = any(l.startswith("error[") for l in printed)
                    if (status != 0) != fails:
                        problems.append(f"{path}: `{cmd}` exited {status}")
                    if printed != expected:
                        problems.append(f"{path}: `{cmd}` prints something else than the docs show:\n  " + "\n  ".join(printed))
                    new.append("$ " + cmd + "\n" + "".join(l + "\n" for l in printed))
                out.append("".join(new) if update else body)
            last = m.end(2)
        out.append(text[last:])
    finally:
        shutil.rmtree(d, ignore_errors=True)
    if update:
        open(path, "w").write("".join(out))
    return problems


def main():
    update = "--update" in sys.argv
    problems = []
    for path in [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        problems += process(path, update)
    for p in problems:
        print(p, "\n")
    if update:
        print("updated the console blocks")
    sys.exit(1 if problems and not update else 0)


main()
