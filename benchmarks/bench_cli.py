"""Time psa's hot commands as whole processes, on ledgers of 0, 100k and 1M entries.

    python benchmarks/bench_cli.py [--sizes 0,100000,1000000] [--runs 15] [--write-doc]

Every command is a fresh `psa` process (the console script next to
sys.executable), exactly as typed at a prompt: interpreter start-up, imports,
opening the ledger, the query, the output. `python -c "import sqlite3"` is the
floor no Python CLI can beat. Each round runs every command on every ledger
size (floor, --version, status, start, stop, log; then the next size), so
drifts in the machine's speed hit all of them alike; the first --warmup
rounds are not counted. Before the rounds, the store calls behind those
commands are timed in fresh processes and their query plans recorded.

Ledgers are the shared data sets of benchmarks/datasets.py (benchmarks/generate.py,
cached in bench-data/, git-ignored, reused while their schema is current; data ending
2026-11-26T15:00Z); each size is benchmarked on a copy, so runs never accumulate.
PSA_LEDGER, PSA_CONFIG and XDG_* point into a temporary directory: the user's own
ledger and config are never touched. Wall time is measured around each child; its CPU time and peak
RSS come from os.wait4().
"""

from __future__ import annotations

import argparse
import contextlib
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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PSA = str(BIN / "psa")
PROJECT = "acme-web"  # project 1 of generated ledgers; created by the CLI for size 0
DOC = ROOT / "docs" / "performance.md"
TITLES = {"results": "Results", "budget": "Start-up budget", "imports": "Import profile"}


@dataclass
class Command:
    key: str
    label: str
    argv: list[str]
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def commands() -> list[Command]:
    return [
        Command("floor", '`python -c "import sqlite3"`', [sys.executable, "-c", "import sqlite3"]),
        Command("version", "`psa --version`", [PSA, "--version"]),
        Command("help", "`psa --help`", [PSA, "--help"]),
        Command("status", "`psa status`", [PSA, "status"]),
        Command("start", f"`psa start {PROJECT}`", [PSA, "start", PROJECT, "benchmark"]),
        Command("stop", "`psa stop`", [PSA, "stop"]),
        Command("log", f"`psa log 1h {PROJECT} note`", [PSA, "log", "1h", PROJECT, "note"]),
    ]


@dataclass
class Sample:
    wall_ms: float
    cpu_ms: float  # user + system time of the child: insensitive to other load on the machine
    rss_mb: float
    stderr: str


def run(argv: list[str], env: dict[str, str]) -> Sample:
    """One child process, timed; raises SystemExit if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()  # only a line or two: cannot fill the pipe and block
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode().strip()}")
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    return Sample(elapsed, cpu, usage.ru_maxrss / 1024, err.decode())


def bench_env(tmp: Path, ledger: Path) -> dict[str, str]:
    config = tmp / "config.toml"
    config.write_text('[business]\ncurrency = "EUR"\n\n[time]\ntimezone = "UTC"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSA_")}
    env.update(
        PSA_LEDGER=str(ledger),
        PSA_CONFIG=str(config),
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode is what normal use gets
    return env


def pristine_ledger(size: int, data_dir: Path, seed: int) -> Path:
    """The shared generated ledger of benchmarks/datasets.py (made unless cached and current).

    Its data ends at datasets.END (2026-11-26T15:00Z) whatever the date: one 1M-entry file
    serves every benchmark and is not made again every day. The commands run on the real
    clock, after the data's end.
    """
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import datasets

    log: list[str] = []
    path = datasets.ledger(datasets.Spec(size, seed), data_dir, log)
    print(
        "; ".join(log) or f"reusing {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
    )
    return path


def prepare(size: int, tmp: Path, data_dir: Path, seed: int) -> dict[str, str]:
    ledger = tmp / "ledger.db"
    env = bench_env(tmp, ledger)
    if size == 0:
        for argv in (
            [PSA, "client", "add", "ACME Corp", "--code", "acme", "--currency", "EUR"],
            [PSA, "project", "add", "acme", "Web"],
            [PSA, "status"],  # creates the default person, as the first real use does
        ):
            run(argv, env)
    else:
        shutil.copyfile(pristine_ledger(size, data_dir, seed), ledger)
        os.chmod(ledger, 0o600)
    return env


def undo_log(ledger: Path, max_entry: int, max_audit: int) -> None:
    """Remove what one `psa log` added, so repeated runs never fill the day past 24 h."""
    conn = sqlite3.connect(ledger, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM entry_tags WHERE entry_id > ?", (max_entry,))
        conn.execute("DELETE FROM time_entries WHERE id > ?", (max_entry,))
        conn.execute("DELETE FROM audit_log WHERE id > ?", (max_audit,))
        conn.execute("COMMIT")
    finally:
        conn.close()


def high_water(ledger: Path) -> tuple[int, int]:
    conn = sqlite3.connect(ledger)
    try:
        return (
            conn.execute("SELECT coalesce(max(id), 0) FROM time_entries").fetchone()[0],
            conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0],
        )
    finally:
        conn.close()


@dataclass
class Query:
    """One store call of the hot path: its time, its first SELECT, SQLite's plan for it."""

    ms: float
    sql: str
    plan: list[str]

    @property
    def access(self) -> str:
        """The plan line for time_entries (the table that grows), else the first line."""
        for line in self.plan:
            if re.search(r"\b(e|time_entries)\b", line):
                return line
        return self.plan[0] if self.plan else ""


@dataclass
class SizeResult:
    commands: list[Command]
    queries: dict[str, Query]


def cpu_seconds() -> tuple[float, float] | None:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat (Linux)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    hz = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / hz, sum(fields[:8]) / hz


def bench(
    sizes: list[int], runs: int, warmup: int, data_dir: Path, seed: int
) -> tuple[dict[int, SizeResult], float | None]:
    """Round-robin over sizes and commands, so drifts in machine speed hit all of them alike.

    Also returns the share of the machine's CPU that other processes used meanwhile.
    """
    results: dict[int, SizeResult] = {}
    ours = 0.0  # CPU seconds of our children during the rounds
    envs: dict[int, dict[str, str]] = {}
    with contextlib.ExitStack() as stack:
        for size in sizes:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="psa-bench-")))
            envs[size] = prepare(size, tmp, data_dir, seed)
            print(f"probing store calls on {size:,} entries", flush=True)
            queries = probe_size(Path(envs[size]["PSA_LEDGER"]), max(3, runs // 2))
            results[size] = SizeResult(commands(), queries)
        print(f"{warmup} warm-up + {runs} measured rounds", flush=True)
        before, own_before = cpu_seconds(), sum(os.times()[:2])
        for round_ in range(warmup + runs):
            for size in sizes:
                env, ledger = envs[size], Path(envs[size]["PSA_LEDGER"])
                for cmd in results[size].commands:
                    marks = high_water(ledger) if cmd.key == "log" else None
                    sample = run(cmd.argv, env)
                    ours += sample.cpu_ms / 1000
                    if marks is not None:
                        undo_log(ledger, *marks)
                    if round_ >= warmup:
                        cmd.times_ms.append(sample.wall_ms)
                        cmd.cpu_ms.append(sample.cpu_ms)
                        cmd.rss_mb.append(sample.rss_mb)
        after, own_after = cpu_seconds(), sum(os.times()[:2])
    if before is None or after is None or after[1] <= before[1]:
        return results, None
    ours += own_after - own_before
    others = (after[0] - before[0]) - ours
    return results, max(0.0, others / (after[1] - before[1]))


def probe(ledger: Path) -> dict[str, Query]:
    """In this (fresh) process: time each store call the hot commands make, capture its SQL."""
    from datetime import timedelta

    from psa_cli.store import entries, parties, projects
    from psa_cli.store.db import connect

    conn = connect(ledger)
    pid = parties.default_person_id(conn) or 1
    now = datetime.now(UTC).replace(microsecond=0)
    hour_ago, day_ago = now - timedelta(hours=1), now - timedelta(days=1, hours=1)
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    last = int(conn.execute("SELECT coalesce(max(id), 0) FROM time_entries").fetchone()[0])
    calls: dict[str, Callable[[], object]] = {
        "default_person_id": lambda: parties.default_person_id(conn),
        "project_by_code": lambda: projects.project_by_code(conn, PROJECT),
        "running_entry": lambda: entries.running_entry(conn, pid),
        "running_id": lambda: entries.running_id(conn, pid),
        "day_seconds": lambda: entries.day_seconds(conn, pid, now.date().isoformat()),
        "overlapping": lambda: entries.overlapping(
            conn, pid, hour_ago.strftime(stamp), now.strftime(stamp), day_ago.strftime(stamp)
        ),
        "entry_by_id": lambda: entries.entry_by_id(conn, last),
        "last_entry": lambda: entries.last_entry(conn, pid),
    }
    captured: list[str] = []
    conn.set_trace_callback(captured.append)  # bound parameters arrive expanded
    out: dict[str, Query] = {}
    for name, call in calls.items():
        captured.clear()
        start = time.perf_counter()
        call()
        ms = (time.perf_counter() - start) * 1000
        selects = [q for q in captured if q.lstrip().upper().startswith("SELECT")]
        out[name] = Query(ms, selects[0] if selects else "", [])
    conn.set_trace_callback(None)
    for query in out.values():
        if query.sql:
            query.plan = [str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {query.sql}")]
    conn.close()
    return out


def probe_size(ledger: Path, repeats: int) -> dict[str, Query]:
    """Median over `repeats` fresh processes, so SQLite's page cache starts cold each time."""
    samples: list[dict[str, Query]] = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, __file__, "--probe", str(ledger)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        samples.append({k: Query(**v) for k, v in json.loads(out.stdout).items()})
    merged = samples[-1]
    for name, query in merged.items():
        query.ms = statistics.median(s[name].ms for s in samples)
    return merged


def label_size(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def tables(results: dict[int, SizeResult]) -> str:
    sizes = list(results)
    header = " | ".join(f"{label_size(s)} entries" for s in sizes)
    lines = [
        "Wall time per process, median / min ms (×: median over the `import sqlite3` floor's):",
        "",
        f"| Command | {header} |",
        "|---|" + "---:|" * len(sizes),
    ]
    first = results[sizes[0]].commands
    for i, cmd in enumerate(first):
        cells = []
        for s in sizes:
            this, floor = results[s].commands[i], results[s].commands[0]
            med, base = statistics.median(this.times_ms), statistics.median(floor.times_ms)
            best = min(this.times_ms)
            ratio = "" if i == 0 else f" ({med / base:.1f}×)"
            cells.append(f"{med:.0f} / {best:.0f}{ratio}")
        lines.append(f"| {cmd.label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "All runs:",
        "",
        "| Entries | Command | Median ms | Min ms | Max ms | × floor | CPU ms | Peak RSS MB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        base = statistics.median(results[s].commands[0].times_ms)
        for cmd in results[s].commands:
            med = statistics.median(cmd.times_ms)
            lines.append(
                f"| {label_size(s)} | {cmd.label} | {med:.1f} | {min(cmd.times_ms):.1f} | "
                f"{max(cmd.times_ms):.1f} | {med / base:.2f} | "
                f"{statistics.median(cmd.cpu_ms):.1f} | {statistics.median(cmd.rss_mb):.1f} |"
            )
    lines += [
        "",
        "Store calls made by those commands, timed in a fresh process (cold SQLite cache, "
        "warm OS cache), median ms:",
        "",
        f"| Call | {header} | Plan at {label_size(sizes[-1])} |",
        "|---|" + "---:|" * len(sizes) + "---|",
    ]
    for name, query in results[sizes[-1]].queries.items():
        cells = [f"{results[s].queries[name].ms:.2f}" for s in sizes]
        lines.append(f"| `{name}` | " + " | ".join(cells) + f" | {query.access} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def revision() -> str:
    """The git commit measured, marked '+changes' when src/ differs from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f" at {head}{'+changes' if dirty else ''}"


def report(results: dict[int, SizeResult], runs: int, warmup: int, others: float | None) -> str:
    version = subprocess.run([PSA, "--version"], capture_output=True, text=True).stdout.strip()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = (
        ""
        if others is None
        else (f" Other processes used {others:.0%} of the machine's CPU during the rounds.")
    )
    return (
        f"_{version}{revision()}, measured {stamp} by `benchmarks/bench_cli.py` "
        f"({warmup} warm-up + {runs} measured runs per command and size)._\n"
        f"_Machine: {machine()}.{load}_\n\n{tables(results)}\n"
    )


def write_doc(sections: dict[str, str], doc: Path) -> None:
    """Replace each `<!-- bench:NAME:begin -->...<!-- bench:NAME:end -->` span of the doc.

    A section without markers is appended under its own heading; prose around the
    markers is left alone.
    """
    text = doc.read_text() if doc.exists() else "# Performance\n"
    for name, body in sections.items():
        begin, end = f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"
        span = f"{begin}\n{body.rstrip()}\n{end}"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            text = head + span + rest.split(end, 1)[1]
        else:
            text = text.rstrip("\n") + f"\n\n## {TITLES.get(name, name)}\n\n{span}\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text)
    print(f"updated {doc}")


def import_profile(data_dir: Path, repeats: int = 7, top: int = 15) -> str:
    """`python -X importtime -m psa_cli status` on a fresh ledger: where start-up goes.

    Runs it `repeats` times and reports the run whose total is the median.
    """
    runs: list[list[tuple[int, int, int, str]]] = []  # (self us, cumulative us, depth, module)
    with tempfile.TemporaryDirectory(prefix="psa-bench-") as name:
        env = prepare(0, Path(name), data_dir, 0)
        for _ in range(repeats):
            proc = subprocess.run(
                [sys.executable, "-X", "importtime", "-m", "psa_cli", "status"],
                env=env, capture_output=True, text=True, check=True,
            )  # fmt: skip
            rows = []
            for line in proc.stderr.splitlines():
                m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
                if m:
                    rows.append((int(m[1]), int(m[2]), (len(m[3]) - 1) // 2, m[4]))
            runs.append(rows)
    runs.sort(key=lambda rows: sum(r[0] for r in rows))
    rows = runs[len(runs) // 2]
    groups: dict[str, int] = {}
    for self_us, _, _, module in rows:
        parts = module.split(".")
        root = ".".join(parts[:2]) if parts[0] == "psa_cli" else parts[0]
        groups[root] = groups.get(root, 0) + self_us
    total = sum(r[0] for r in rows)
    out = [f"imports: {total / 1000:.1f} ms in all (median of {repeats} runs; sum of self times)"]
    out += ["", "self time by package:"]
    ranked = sorted(groups.items(), key=lambda kv: -kv[1])[:top]
    out += [f"  {us / 1000:6.1f} ms  {root}" for root, us in ranked]
    out += ["", "cumulative, two levels deep (>= 1 ms):"]
    out += [
        f"  {cum / 1000:6.1f} ms  {'  ' * depth}{module}"
        for _, cum, depth, module in reversed(rows)  # importtime prints children first
        if depth <= 1 and cum >= 1000
    ]
    return "\n".join(out)


BUDGET_CHILD = """
import json, sys, time
marks = [time.perf_counter()]
from psa_cli.cli import quick
marks.append(time.perf_counter())
parsed = quick.parse(["status"])
assert parsed is not None
marks.append(time.perf_counter())
from psa_cli.cli import timer_verbs
from psa_cli.domain.durations import format_duration
from psa_cli.services import timer
marks.append(time.perf_counter())
from psa_cli.services.ledger import Ledger
ledger = Ledger.open(None)
ledger.tz
marks.append(time.perf_counter())
ledger.conn
marks.append(time.perf_counter())
timer.status(ledger)
marks.append(time.perf_counter())
print(json.dumps([(b - a) * 1000 for a, b in zip(marks, marks[1:])]))
"""
BUDGET_STEPS = (
    "`import psa_cli.cli.quick` (the console script's module; no Typer)",
    "`quick.parse(argv)`: the command line read",
    "lazy imports of the status path (`cli.timer_verbs`, `services.timer` and theirs)",
    "config file (`tomllib`) and time zone (`zoneinfo`)",
    "open the ledger (`store.db.connect`)",
    "`timer.status()`: the queries",
)


def budget(data_dir: Path, repeats: int = 25) -> str:
    """Where `psa status` spends its time on a 0-entry ledger, step by step, fresh processes."""
    steps: list[list[float]] = []
    floor: list[float] = []
    whole: list[float] = []
    with tempfile.TemporaryDirectory(prefix="psa-bench-") as name:
        env = prepare(0, Path(name), data_dir, 0)
        for _ in range(repeats):
            out = subprocess.run(
                [sys.executable, "-c", BUDGET_CHILD],
                env=env, capture_output=True, text=True, check=True,
            )  # fmt: skip
            steps.append(json.loads(out.stdout))
            floor.append(run([sys.executable, "-c", "import sqlite3"], env).wall_ms)
            whole.append(run([PSA, "status"], env).wall_ms)

    def low(values: list[float]) -> float:  # 10th percentile
        return sorted(values)[len(values) // 10]

    columns = [list(c) for c in zip(*steps, strict=True)]
    rows = [("interpreter start-up, `site`, `import sqlite3` (the floor)", floor)]
    rows += list(zip(BUDGET_STEPS, columns, strict=True))
    known = low(floor) + sum(low(c) for c in columns)
    lines = [
        f"| Step of `psa status` (0 entries, {repeats} fresh processes) | p10 ms | median ms |",
        "|---|---:|---:|",
    ]
    lines += [f"| {label} | {low(v):.1f} | {statistics.median(v):.1f} |" for label, v in rows]
    lines.append(
        f"| rest: argument parsing, output, interpreter exit | {low(whole) - known:.1f} | |"
    )
    lines.append(
        f"| **whole `psa status` process** | **{low(whole):.1f}** | "
        f"**{statistics.median(whole):.1f}** |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,100000,1000000", help="comma-separated entries")
    parser.add_argument("--runs", type=int, default=15, help="measured runs per command")
    parser.add_argument("--warmup", type=int, default=3, help="uncounted runs first")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--write-doc", action="store_true", help=f"update {DOC.relative_to(ROOT)}")
    parser.add_argument("--doc", type=Path, default=DOC, help=argparse.SUPPRESS)
    parser.add_argument("--importtime", action="store_true", help="also profile start-up imports")
    parser.add_argument("--budget", action="store_true", help="also time start-up step by step")
    parser.add_argument("--json", type=Path, help="also save every sample to this file")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)  # child of probe_size()
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps({k: asdict(q) for k, q in probe(args.probe).items()}))
        return 0
    if not Path(PSA).exists():
        parser.error(f"no psa console script at {PSA}: run 'pip install -e .' in this venv")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.runs < 1 or args.warmup < 0 or not sizes:
        parser.error("need --runs >= 1, --warmup >= 0 and at least one size")

    results, others = bench(sizes, args.runs, args.warmup, args.data_dir, args.seed)
    block = report(results, args.runs, args.warmup, others)
    if args.json:
        raw = {
            label_size(s): {c.key: asdict(c) for c in r.commands}
            | {"queries": {k: asdict(q) for k, q in r.queries.items()}}
            for s, r in results.items()
        }
        args.json.write_text(json.dumps(raw, indent=1))
    sections = {"results": block}
    if args.budget:
        sections["budget"] = budget(args.data_dir)
    if args.importtime:
        sections["imports"] = f"```text\n{import_profile(args.data_dir)}\n```"
    for body in sections.values():
        print(f"\n{body}")
    if args.write_doc:
        write_doc(sections, args.doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
