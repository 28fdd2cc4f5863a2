"""Regenerate docs/cli.md from scripts/cli.template.md.

```run:N blocks are executed in N order against a throwaway ledger (frozen clock,
Europe/Paris) and replaced by their console output, so every example in the
reference is real. Usage: .venv/bin/python scripts/cli_docs.py
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "scripts" / "cli.template.md")
OUT = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "docs" / "cli.md")
DEMO = tempfile.mkdtemp(prefix="psa-docs-")
shutil.rmtree(DEMO, ignore_errors=True)
os.makedirs(DEMO)
env = dict(os.environ)
for k in list(env):
    if k.startswith("PSA_") or k in ("COLUMNS", "LINES"):
        del env[k]
env.update(
    PSA_LEDGER=f"{DEMO}/ledger.db",
    PSA_CONFIG=f"{DEMO}/config.toml",
    PSA_TZ="Europe/Paris",
    PSA_NOW="2026-11-26T16:00:00Z",
    PATH=str(Path(sys.executable).parent) + ":" + env["PATH"],
)
text = open(TEMPLATE).read()
pattern = re.compile(r"^```run:([0-9.]+)\n(.*?)^```\n", re.M | re.S)
blocks = list(pattern.finditer(text))
order = sorted(range(len(blocks)), key=lambda i: (float(blocks[i].group(1)), i))
rendered = {}
for i in order:
    out_lines = []
    for line in blocks[i].group(2).splitlines():
        if not line.strip():
            continue
        hidden = line.startswith("#hidden ")
        cmd = line[len("#hidden ") :] if hidden else line
        p = subprocess.run(
            ["bash", "-c", cmd + " 2>&1"],
            env=env,
            cwd=DEMO,
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        if hidden:
            if p.returncode != 0:
                print(f"hidden command failed: {cmd}\n{p.stdout}", file=sys.stderr)
            continue
        out_lines.append(f"$ {cmd}")
        # The throwaway folder is shown as the /tmp/psa-demo of the reference's set-up.
        stdout = p.stdout.replace(DEMO, "/tmp/psa-demo")
        body = "\n".join(line_.rstrip() for line_ in stdout.rstrip("\n").splitlines())
        if body:
            out_lines.append(body)
        if p.returncode != 0:
            out_lines.append(f"# exit status {p.returncode}")
    rendered[i] = "```console\n" + "\n".join(out_lines) + "\n```\n" if out_lines else ""
parts, last = [], 0
for i, m in enumerate(blocks):
    parts.append(text[last : m.start()])
    parts.append(rendered[i])
    last = m.end()
parts.append(text[last:])
open(OUT, "w").write("".join(parts))
print(f"{len(blocks)} blocks", file=sys.stderr)
