"""Peak memory of every command the other benchmarks do not run, once each at 1M entries.

    python benchmarks/bench_memory.py [--size 1000000] [--json FILE] [--write-doc]

The hot commands, the reports, the peers' tasks, billing and `psa import` have their own
benchmarks (which record peak RSS too); this one covers the rest of what a ledger of 1M
entries can be asked: listings, exports, the whole-ledger document and its restore, the
ledger's own checks, the planning and CRM views, a draft over the client with the most
unbilled entries. Each is a fresh `psa` process on a copy of the shared data set
(`benchmarks/datasets.py`), stdout to a file; wall time around the child, CPU time and peak
RSS from os.wait4(). Target: 100 MB for any command. Never a unit test.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_cli  # noqa: E402
import datasets  # noqa: E402

PSA = str(Path(sys.executable).parent / "psa")
NOW = "2026-11-26T16:00:00Z"  # just after the data's end


def commands(busiest: str) -> list[list[str]]:
    """What is run, in order (DIR is the run's temporary folder). `entries -f csv` and
    `export csv` go through the same streaming path as their JSON twins and are left out to
    keep `make bench` under 10 minutes."""
    return [
        ["entries"],
        ["entries", "-f", "json"],
        ["export", "json", "--all", "-o", "DIR/ledger.json"],
        ["--ledger", "DIR/restored.db", "import", "psa", "DIR/ledger.json"],
        ["export", "beancount", "-o", "DIR/books.beancount"],
        ["db", "check"],
        ["db", "backup", "DIR/backup.db"],
        ["audit", "-f", "json"],
        ["client", "list"],
        ["client", "show", busiest],
        ["project", "list"],
        ["person", "list"],
        ["task", "list"],
        ["expense", "list", "-f", "json"],
        ["invoice", "create", busiest, "--dry-run"],
        ["invoice", "list"],
        ["report", "capacity"],
        ["schedule"],
        ["timesheet", "status"],
        ["contract", "list"],
        ["deal", "list"],
        ["report", "pipeline"],
    ]


def busiest_client(ledger: Path) -> str:
    conn = sqlite3.connect(ledger)
    try:
        row = conn.execute(
            "SELECT c.code FROM time_entries e JOIN projects p ON p.id = e.project_id "
            "JOIN clients c ON c.id = p.client_id WHERE e.invoice_id IS NULL AND e.billable "
            "GROUP BY c.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return str(row[0])


def run(argv: list[str], env: dict[str, str], out: Path) -> dict[str, Any]:
    with out.open("wb") as stdout, tempfile.TemporaryFile() as stderr:
        began = time.perf_counter()
        proc = subprocess.Popen([PSA, *argv], env=env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - began
        stderr.seek(0)
        code = os.waitstatus_to_exitcode(status)
        if code:
            raise SystemExit(f"psa {' '.join(argv)} failed ({code}): {stderr.read()[:300]!r}")
    return {"wall_ms": wall * 1000, "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000,
            "rss_mb": usage.ru_maxrss / 1024 * 1.048576}  # fmt: skip


def section(results: dict[str, dict[str, Any]], size: int) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        f"_`benchmarks/bench_memory.py` at {size:,} entries{bench_cli.revision()}, {stamp}, "
        f"{bench_cli.machine()}; one run each, load average {os.getloadavg()[0]:.1f}._",
        "",
        "| Command | Peak RSS MB | Wall ms | CPU ms | ≤ 100 MB |",
        "|---|--:|--:|--:|:-:|",
    ]
    for label, row in results.items():
        ok = "✓" if row["rss_mb"] <= 100 else "✗"
        lines.append(f"| {label} | {row['rss_mb']:,.0f} | {row['wall_ms']:,.0f} | "
                     f"{row['cpu_ms']:,.0f} | {ok} |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--write-doc", action="store_true", help="update docs/performance.md")
    opts = parser.parse_args()
    pristine = datasets.ledger(datasets.Spec(opts.size))
    busiest = busiest_client(pristine)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="psa-bench-memory-") as tmp:
        folder = Path(tmp)
        ledger = datasets.copy_ledger(pristine, folder / "ledger.db")
        env = bench_cli.bench_env(folder, ledger)
        env["PSA_NOW"] = NOW
        for argv in commands(busiest):
            argv = [a.replace("DIR", tmp) for a in argv]
            label = "`psa " + " ".join(a.replace(tmp, "DIR") for a in argv) + "`"
            results[label] = run(argv, env, folder / "out")
            row = results[label]
            print(f"{row['rss_mb']:6.0f} MB {row['wall_ms']:8.0f} ms  {label}", flush=True)
    worst = max(results, key=lambda k: results[k]["rss_mb"])
    print(f"{len(results)} commands at {opts.size:,} entries: highest peak RSS "
          f"{results[worst]['rss_mb']:.0f} MB, {worst}")  # fmt: skip
    if opts.json:
        opts.json.write_text(json.dumps({"commands": results}, indent=2))
    if opts.write_doc:
        bench_cli.write_doc({"memory": section(results, opts.size)}, bench_cli.ROOT / "docs" /
                            "performance.md")  # fmt: skip


if __name__ == "__main__":
    main()
