"""Time every `psa report` over 3 years of a 1M-entry ledger, as whole processes.

    python benchmarks/bench_reports.py [--entries 1000000] [--runs 7] [--warmup 2] [--write-doc]

The ledger comes from benchmarks/generate.py (deterministic: seed 42, data ending
2026-11-26 15:00 UTC) into bench-data/ (git-ignored), reused while its schema is
current, and copied into a temporary directory first; the copy is opened once before
timing, so its schema migration (the report indexes of m004, built once per ledger)
is not counted. Every report runs as a fresh `psa` process (the console script next to
sys.executable), with PSA_LEDGER, PSA_CONFIG and XDG_* in the temporary directory (the
user's ledger and config are never touched), PSA_NOW at the data's end and the config's
time zone UTC like the generated days. Each round runs the floor, `psa --version` and
every report once (so drifts in the machine's speed hit all alike); the first --warmup
rounds are dropped. Wall time is measured around the child; CPU time and peak RSS come
from os.wait4(). JSON output is what scripts get; table output adds rich (~60 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PSA = str(Path(sys.executable).parent / "psa")
DOC = ROOT / "docs" / "performance.md"
END = "2026-11-26T15:00:00Z"
RANGE = ["--from", "2023-11-27", "--to", "2026-11-26"]  # 3 years: all of the generated data
BEGIN, FINISH = "<!-- bench:reports:begin -->", "<!-- bench:reports:end -->"


@dataclass
class Command:
    label: str
    argv: list[str]
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)


def commands() -> list[Command]:
    def report(args: str, fmt: str = "json") -> Command:
        extra = ["-f", fmt] if fmt != "table" else []
        label = f"`psa report {args}`" + ("" if fmt == "table" else f" `-f {fmt}`")
        return Command(label, [PSA, "report", *args.split(), *RANGE, *extra])

    out = [
        Command('`python -c "import sqlite3"` (floor)', [sys.executable, "-c", "import sqlite3"]),
        Command("`psa --version` (start-up)", [PSA, "--version"]),
    ]
    for name in ("timesheet", "unbilled", "budget", "utilization", "profitability", "aging",
                 "revenue"):  # fmt: skip
        out.append(report(name))
    out += [report("timesheet", "table"), report("revenue", "table"), report("unbilled", "table")]
    out += [report("timesheet --by client"), report("timesheet --by task"),
            report("timesheet --by person"), report("timesheet --by tag"),
            report("timesheet --every week"), report("utilization --every month"),
            report("profitability --invoiced"), report("timesheet --tag meeting")]  # fmt: skip
    return out


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall ms, CPU ms, peak RSS MB) of one child; exits if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {err.decode().strip()}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024


def ledger(entries: int) -> Path:
    """The shared generated ledger of benchmarks/datasets.py (seed 42, ending at END)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import datasets

    return datasets.ledger(datasets.Spec(entries, end=END))


def environment(tmp: Path, source: Path) -> dict[str, str]:
    copy = tmp / "ledger.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{copy}{suffix}")
    config = tmp / "config.toml"
    config.write_text('[business]\ncurrency = "EUR"\n\n[time]\ntimezone = "UTC"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSA_")}
    env.update(
        PSA_LEDGER=str(copy),
        PSA_CONFIG=str(config),
        PSA_NOW=END,
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    run([PSA, "report", "aging", "-f", "json"], env)  # migrates the copy (m004 indexes)
    print(f"migrated the copy in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return env


def table(cmds: list[Command], entries: int, runs: int, warmup: int) -> str:
    uname = platform.uname()
    lines = [
        f"_Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
        f"`benchmarks/bench_reports.py` on {entries:,} entries over 3 years "
        f"({' '.join(RANGE)}); {warmup} warm-up + {runs} measured rounds._",
        f"_Machine: {platform.processor() or uname.machine}, {os.cpu_count()} CPUs, "
        f"{uname.system} {uname.release}; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}._",
        "",
        "| Command | Median ms | Min ms | Max ms | CPU ms | Peak RSS MB | ≤ 300 ms |",
        "|---|---:|---:|---:|---:|---:|:---:|",
    ]
    for c in cmds:
        med = statistics.median(c.wall)
        ok = "yes" if med <= 300 else "**no**"
        lines.append(
            f"| {c.label} | {med:.0f} | {min(c.wall):.0f} | {max(c.wall):.0f} | "
            f"{statistics.median(c.cpu):.0f} | {max(c.rss):.1f} | {ok} |"
        )
    return "\n".join(lines)


def write_doc(text: str) -> None:
    doc = DOC.read_text()
    block = f"{BEGIN}\n{text}\n{FINISH}"
    if BEGIN in doc:
        doc = re.sub(re.escape(BEGIN) + ".*?" + re.escape(FINISH), lambda _: block, doc,
                     flags=re.S)  # fmt: skip
    else:
        doc = doc.rstrip("\n") + f"\n\n## Reports\n\n{block}\n"
    DOC.write_text(doc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", help="run only the commands whose label contains this")
    parser.add_argument("--write-doc", action="store_true", help="update docs/performance.md")
    parser.add_argument("--json", type=Path, help="also save each command's figures here")
    args = parser.parse_args()
    cmds = [c for c in commands() if not args.only or args.only in c.label or "floor" in c.label]
    with tempfile.TemporaryDirectory(prefix="psa-bench-reports-") as tmp:
        env = environment(Path(tmp), ledger(args.entries))
        for round_ in range(args.warmup + args.runs):
            for c in cmds:
                wall, cpu, rss = run(c.argv, env)
                if round_ >= args.warmup:
                    c.wall.append(wall)
                    c.cpu.append(cpu)
                    c.rss.append(rss)
            print(f"round {round_ + 1}/{args.warmup + args.runs}", file=sys.stderr)
    text = table(cmds, args.entries, args.runs, args.warmup)
    print(text)
    if args.json:
        figures = {
            c.label: {
                "median_ms": statistics.median(c.wall),
                "min_ms": min(c.wall),
                "max_ms": max(c.wall),
                "rss_mb": max(c.rss),
            }  # fmt: skip
            for c in cmds
        }
        args.json.write_text(json.dumps({"entries": args.entries, "commands": figures}))
    if args.write_doc:
        write_doc(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
