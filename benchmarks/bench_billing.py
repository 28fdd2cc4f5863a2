"""Time psa's billing commands as whole processes: a 100k-entry draft, issuing it, exports.

    python benchmarks/bench_billing.py [--entries 100000] [--runs 5] [--warmup 1] [--profile]

Targets (issue: "draft + issue an invoice over 100k unbilled entries <= 2 s; render one
PDF <= 1 s"). A temporary ledger is built with one client (`acme`) holding --entries
unbilled, billable, clocked entries on 4 hourly projects x 5 tasks (24 task lines), and a
second client (`beta`) with 200 entries on 20 tasks, drafted and issued once (untimed) as the
normal 20-line invoice the exports render. The config names a complete French seller, so the
e-invoices pass `psa invoice check`; `psa db check` vets the ledger before any timing.

Each measured command is a fresh `psa` process (the console script next to sys.executable)
on a fresh copy of the pristine ledger, copied outside the timing, so runs never accumulate.
Rounds run every command once, in order; the first --warmup rounds are dropped. Wall time is
measured around the child (stdout goes to /dev/null); CPU time and peak RSS come from
os.wait4(). Every run's result is checked outside the timing (invoice issued with all the
entries, files written, --dry-run saved nothing). The one-line-per-entry stress run is slow,
so it runs --stress-runs times under its own timeout. The PDF export is also split, in a
fresh process, into the document, `import weasyprint` and rendering. With --profile,
`invoice create` and `invoice issue` run under cProfile; their top functions and the query
plans behind them are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import platform
import pstats
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from psa_cli.store.db import connect

BIN = Path(sys.executable).parent
PSA = str(BIN / "psa")
CLIENT = "acme"  # the big client: --entries unbilled entries
SMALL = "beta"  # the normal client: one issued invoice of SMALL_TASKS lines
SMALL_TASKS = 20
SMALL_ENTRIES = 200
SLOTS = 5  # entries per person and working day, sequential, never overlapping
YEARS = 2
CONFIG = """\
[business]
name = "Bench Conseil SARL"
address = "1 rue de Rivoli"
postcode = "75001"
city = "Paris"
country = "FR"
email = "billing@bench.example"
tax_id = "FR40303265045"
iban = "FR7630006000011234567890189"
currency = "EUR"

[time]
timezone = "UTC"
"""
ENTRY_COLUMNS = "id, uid, person_id, project_id, task_id, note, day, started_at, ended_at, seconds"
NOTES = ("", "", "", "review", "fix login bug", "weekly call", "deploy", "spec draft")
TASKS = ("Design", "Development", "Meetings", "QA", "Support")


# -- the ledger -------------------------------------------------------------------------------

# (id, client id, code, rate in cents or None for the client's); SMALL's project is last.
PROJECTS = [
    (1, 1, "acme-web", None),
    (2, 1, "acme-app", 15000),
    (3, 1, "acme-ops", None),
    (4, 1, "acme-data", 13500),
    (5, 2, "beta-audit", None),
]
# (id, code, name, rate in cents, street, postcode, city, VAT id); all French, 20 % VAT.
CLIENTS = [
    (1, CLIENT, "ACME SAS", 12000, "12 rue de la Paix", "75002", "Paris", "FR82542065479"),
    (2, SMALL, "Beta SARL", 9000, "3 quai Rambaud", "69002", "Lyon", "FR61954506077"),
]


def _uid(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _working_days(end: date, years: int) -> list[date]:
    start = end - timedelta(days=365 * years)
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if d.weekday() < 5]


def _entries(
    rng: random.Random,
    days: list[date],
    people: list[int],
    tasks_of: dict[int, list[int]],
    count: int,
    first_id: int,
    task_share: float | None,
) -> Iterator[tuple[object, ...]]:
    """`count` clocked entries, day by day and person by person, SLOTS a day each.

    task_share None: projects and tasks in turn (every task gets entries); else a random
    project, with a random task for that share of the entries.
    """
    projects = list(tasks_of)
    made = 0
    for day in days:
        day_s = day.isoformat()
        for person in people:
            for slot in range(SLOTS):
                if made == count:
                    return
                start = 8 * 3600 + slot * 105 * 60  # 105-min slots, entries last 15-90 min
                seconds = rng.randrange(15, 91) * 60
                task: int | None
                if task_share is None:
                    project = projects[made % len(projects)]
                    task = tasks_of[project][made % len(tasks_of[project])]
                else:
                    project = rng.choice(projects)
                    task = rng.choice(tasks_of[project]) if rng.random() < task_share else None
                ended = f"{day_s}T{_hms(start + seconds)}Z"
                yield (
                    first_id + made,
                    _uid(rng),
                    person,
                    project,
                    task,
                    rng.choice(NOTES),
                    day_s,
                    f"{day_s}T{_hms(start)}Z",
                    ended,
                    seconds,
                    ended,  # created_at
                    ended,  # updated_at
                )
                made += 1


def build_ledger(path: Path, entries: int, seed: int = 42) -> None:
    """A ledger with `entries` unbilled entries for CLIENT and SMALL_ENTRIES for SMALL.

    Created by psa itself (0600, WAL, migrations), filled in one transaction. The data
    ends yesterday (UTC): nothing lies in the future and no timer runs. No ANALYZE, as
    psa never runs it: the query planner sees what it sees on a real ledger.
    """
    rng = random.Random(seed)
    end = datetime.now(UTC).date() - timedelta(days=1)
    days = _working_days(end, YEARS)
    people = max(1, math.ceil(entries / (len(days) * SLOTS)))
    stamp = f"{days[0].isoformat()}T08:00:00Z"

    # migrated, then opened again: on the connection that ran the migrations, SQLite refuses
    # the checkpoint after a journal-mode switch once a table was renamed in it (schema 8
    # rebuilds time_entries): "database table is locked"
    connect(path).close()
    conn = connect(path)
    conn.execute("PRAGMA journal_mode = OFF")  # bulk load; WAL comes back below
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(
            "INSERT INTO people (id, uid, name, email, rate_minor, currency, is_default, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, 10000, 'EUR', ?, ?, ?)",
            [
                (i, _uid(rng), f"Person {i}", f"p{i}@bench.example", int(i == 1), stamp, stamp)
                for i in range(1, people + 2)  # the last one works for SMALL
            ],
        )
        conn.executemany(
            "INSERT INTO clients (id, uid, code, name, email, rate_minor, address, postcode, "
            "city, tax_id, country, currency, tax_rate, terms_days, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'FR', 'EUR', '20', 30, ?, ?)",
            [
                (c[0], _uid(rng), c[1], c[2], f"ap@{c[1]}.example", *c[3:], stamp, stamp)
                for c in CLIENTS
            ],
        )
        tasks_of: dict[int, list[int]] = {}
        for project_id, client_id, code, rate in PROJECTS:
            conn.execute(
                "INSERT INTO projects (id, uid, client_id, code, name, billing, rate_minor, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'hourly', ?, ?, ?)",
                (
                    project_id,
                    _uid(rng),
                    client_id,
                    code,
                    code.split("-", 1)[1].title(),
                    rate,
                    stamp,
                    stamp,
                ),
            )
            small = client_id == 2
            names = [f"Step {i:02d}" for i in range(1, SMALL_TASKS + 1)] if small else TASKS
            first = sum(len(t) for t in tasks_of.values()) + 1
            tasks_of[project_id] = list(range(first, first + len(names)))
            conn.executemany(
                "INSERT INTO tasks (id, uid, project_id, name, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (i, _uid(rng), project_id, n, stamp, stamp)
                    for i, n in zip(tasks_of[project_id], names, strict=True)
                ],
            )
        insert = (
            f"INSERT INTO time_entries ({ENTRY_COLUMNS}, created_at, updated_at, billable) "
            f"VALUES ({', '.join('?' * 12)}, 1)"
        )
        big = {p: tasks_of[p] for p, client_id, *_ in PROJECTS if client_id == 1}
        workers = list(range(1, people + 1))
        conn.executemany(insert, _entries(rng, days, workers, big, entries, 1, 0.85))
        # SMALL's work: by one more person, in the last weeks, every task in turn.
        recent = days[-math.ceil(SMALL_ENTRIES / SLOTS) :]
        small_tasks = {5: tasks_of[5]}
        rows = _entries(rng, recent, [people + 1], small_tasks, SMALL_ENTRIES, entries + 1, None)
        conn.executemany(insert, rows)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()


def copy_ledger(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    if Path(f"{src}-wal").exists():
        shutil.copyfile(f"{src}-wal", f"{dst}-wal")


def query(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


# -- running psa --------------------------------------------------------------------------------


@dataclass
class Sample:
    wall_ms: float
    cpu_ms: float
    rss_mb: float
    stdout: bytes
    stderr: str
    timed_out: bool = False


def run(argv: list[str], env: dict[str, str], timeout: float, keep: bool = False) -> Sample:
    """One child process, timed; SystemExit if it fails (a timeout is reported, not fatal)."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out if keep else subprocess.DEVNULL,
            stderr=err,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = (time.perf_counter() - start) * 1000
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
        out.seek(0)
        stdout = out.read()
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    sample = Sample(elapsed, cpu, usage.ru_maxrss / 1024, stdout, text, killed.is_set())
    if proc.returncode != 0 and not sample.timed_out:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {text.strip()}")
    return sample


def bench_env(tmp: Path, ledger: Path) -> dict[str, str]:
    config = tmp / "config.toml"
    config.write_text(CONFIG)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSA_")}
    env.update(
        PSA_LEDGER=str(ledger),
        PSA_CONFIG=str(config),
        PSA_TZ="UTC",
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
        COLUMNS="120",
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode is what normal use gets
    return env


# -- the benchmark ------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    target_ms: float | None = None
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    timeouts: int = 0

    def add(self, *samples: Sample) -> None:
        """One run: the sum of its steps (a single step for most rows)."""
        self.wall.append(sum(s.wall_ms for s in samples))
        self.cpu.append(sum(s.cpu_ms for s in samples))
        self.rss.append(max(s.rss_mb for s in samples))
        self.timeouts += any(s.timed_out for s in samples)

    def add_ms(self, ms: float) -> None:
        """One run of an in-process phase: wall time only."""
        self.wall.append(ms)


@dataclass
class Step:
    """A scenario: prepare a fresh copy, run its commands, record them, check the result."""

    key: str
    ledger: Path
    commands: list[tuple[str, list[str]]]  # (row key, argv)
    total: str | None = None  # row key for the sum of the commands
    verify: Callable[[Path, list[Sample]], None] | None = None
    stress: bool = False
    keep_stdout: bool = False


def check_issued(entries: int) -> Callable[[Path, list[Sample]], None]:
    """Invoice 1 is issued and holds every entry of CLIENT; nothing warned."""

    def verify(path: Path, samples: list[Sample]) -> None:
        if any(s.timed_out for s in samples):
            return
        rows = query(
            path,
            "SELECT status, (SELECT count(*) FROM time_entries WHERE invoice_id = i.id) "
            "FROM invoices i WHERE id = 1",
        )
        if rows != [("issued", entries)]:
            raise SystemExit(f"unexpected invoice 1 in {path}: {rows} (want issued, {entries})")
        for s in samples:
            if "not e-invoice ready" in s.stderr:
                raise SystemExit(f"invoice 1 is not e-invoice ready: {s.stderr.strip()}")

    return verify


def check_nothing_saved(path: Path, samples: list[Sample]) -> None:
    """--dry-run wrote no invoice and billed no entry."""
    rows = query(
        path,
        "SELECT (SELECT count(*) FROM invoices), "
        "(SELECT count(*) FROM time_entries WHERE invoice_id IS NOT NULL)",
    )
    if rows != [(0, 0)]:
        raise SystemExit(f"--dry-run saved something in {path}: {rows}")


def check_file(out: Path, magic: bytes) -> Callable[[Path, list[Sample]], None]:
    def verify(path: Path, samples: list[Sample]) -> None:
        if not out.exists() or not out.read_bytes().startswith(magic):
            raise SystemExit(f"{out} was not written as expected")
        out.unlink()

    return verify


def check_stdout(magic: bytes) -> Callable[[Path, list[Sample]], None]:
    def verify(path: Path, samples: list[Sample]) -> None:
        if not samples[0].stdout.lstrip().startswith(magic):
            raise SystemExit(f"unexpected output: {samples[0].stdout[:80]!r}")

    return verify


def scenarios(
    tmp: Path, pristine: Path, issued: Path, entries: int, stress: bool
) -> tuple[list[Step], dict[str, Row]]:
    n = f"{entries // 1000}k" if entries >= 1000 else str(entries)
    rows = {
        "version": Row("`psa --version` (start-up floor)"),
        "create": Row(f"`psa invoice create {CLIENT}` ({n} entries, one line per task)"),
        "issue": Row(f"`psa invoice issue 1` (those lines, {n} entries)"),
        "draft_issue": Row("**draft + issue** (sum of the two)", 2000),
        "dry_run": Row(f"`psa invoice create {CLIENT} --dry-run`"),
    }
    steps = [
        Step("version", pristine, [("version", [PSA, "--version"])]),
        Step(
            "draft",
            pristine,
            [
                ("create", [PSA, "invoice", "create", CLIENT]),
                ("issue", [PSA, "invoice", "issue", "1"]),
            ],
            total="draft_issue",
            verify=check_issued(entries),
        ),
        Step(
            "dry_run",
            pristine,
            [("dry_run", [PSA, "invoice", "create", CLIENT, "--dry-run"])],
            verify=check_nothing_saved,
        ),
    ]
    if stress:
        rows["entry_create"] = Row(f"`psa invoice create {CLIENT} --group-by entry` ({n} lines)")
        rows["entry_issue"] = Row(f"`psa invoice issue 1` ({n} lines)")
        rows["entry_total"] = Row("draft + issue, one line per entry (sum)")
        steps.append(
            Step(
                "stress",
                pristine,
                [
                    ("entry_create", [PSA, "invoice", "create", CLIENT, "--group-by", "entry"]),
                    ("entry_issue", [PSA, "invoice", "issue", "1"]),
                ],
                total="entry_total",
                verify=check_issued(entries),
                stress=True,
            )
        )
    exports: list[tuple[str, str, list[str], bytes, float | None]] = [
        ("pdf", "pdf", [], b"%PDF", 1000),
        ("facturx", "facturx", [], b"%PDF", None),
        ("facturx_check", "facturx", ["--check"], b"%PDF", None),
        ("ubl", "ubl", [], b"<?xml", None),
        ("ubl_check", "ubl", ["--check"], b"<?xml", None),
        ("cii", "cii", [], b"<?xml", None),
        ("cii_check", "cii", ["--check"], b"<?xml", None),
    ]
    for key, fmt, extra, magic, target in exports:
        out = tmp / f"out-{key}"
        label = f"`psa invoice export 1 --to {fmt}{' ' if extra else ''}{' '.join(extra)}`"
        rows[key] = Row(label, target)
        argv = [PSA, "invoice", "export", "1", "--to", fmt, "-o", str(out), "--force", *extra]
        steps.append(Step(key, issued, [(key, argv)], verify=check_file(out, magic)))
    rows["json"] = Row("`psa invoice export 1 --to json` (stdout)")
    steps.append(
        Step(
            "json",
            issued,
            [("json", [PSA, "invoice", "export", "1", "--to", "json"])],
            verify=check_stdout(b"{"),
            keep_stdout=True,
        )
    )
    return steps, rows


def prepare_issued(pristine: Path, issued: Path, env: dict[str, str], timeout: float) -> None:
    """The export ledger: the pristine one with SMALL's 20-line invoice drafted and issued."""
    copy_ledger(pristine, issued)
    env = {**env, "PSA_LEDGER": str(issued)}
    run([PSA, "invoice", "create", SMALL], env, timeout)
    sample = run([PSA, "invoice", "issue", "1"], env, timeout)
    if sample.stderr.strip():
        raise SystemExit(f"issuing the {SMALL} invoice warned: {sample.stderr.strip()}")
    run([PSA, "invoice", "check", "1"], env, timeout)  # exits 1 if not e-invoice ready
    lines = query(issued, "SELECT count(*) FROM invoice_lines WHERE invoice_id = 1")[0][0]
    if lines != SMALL_TASKS:
        raise SystemExit(f"the {SMALL} invoice has {lines} lines, not {SMALL_TASKS}")
    conn = sqlite3.connect(issued)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def bench(
    steps: list[Step],
    rows: dict[str, Row],
    work: Path,
    env: dict[str, str],
    runs: int,
    warmup: int,
    timeout: float,
    stress_runs: int,
    stress_timeout: float,
) -> None:
    ledger = work / "ledger.db"
    stressed = 0
    for round_no in range(warmup + runs):
        counted = round_no >= warmup
        print(f"round {round_no + 1}/{warmup + runs}{'' if counted else ' (warm-up)'}", flush=True)
        for step in steps:
            if step.stress and (not counted or stressed >= stress_runs):
                continue  # slow: no warm-up, fewer runs
            limit = stress_timeout if step.stress else timeout
            copy_ledger(step.ledger, ledger)
            samples: list[Sample] = []
            for _, argv in step.commands:
                samples.append(run(argv, env, limit, step.keep_stdout))
                if samples[-1].timed_out:  # what follows needs what was killed
                    print(f"  {' '.join(argv[1:])}: killed after {limit:.0f} s", flush=True)
                    break
            if step.verify is not None:
                step.verify(ledger, samples)
            if not counted:
                continue
            stressed += step.stress
            for (key, _), sample in zip(step.commands, samples, strict=False):
                rows[key].add(sample)
            if step.total is not None and len(samples) == len(step.commands):
                rows[step.total].add(*samples)


PDF_PHASES = """
import json, time
t0 = time.perf_counter()
from psa_cli.services import invoices
from psa_cli.services.ledger import Ledger
doc = invoices.show(Ledger.open(), "1")
t1 = time.perf_counter()
from psa_cli.formats.invoice_pdf import load_weasyprint, render_pdf
load_weasyprint()
t2 = time.perf_counter()
pdf = render_pdf(doc)
t3 = time.perf_counter()
assert pdf.startswith(b"%PDF") and len(doc["lines"]) > 0
print(json.dumps({"show": t1 - t0, "import": t2 - t1, "render": t3 - t2}))
"""


def pdf_phases(
    issued: Path, work: Path, env: dict[str, str], runs: int, timeout: float
) -> dict[str, Row]:
    """The PDF export in one fresh process, split: document, import weasyprint, render."""
    rows = {
        "show": Row("  in process: psa imports + `invoices.show(1)` (the document)"),
        "import": Row("  in process: `load_weasyprint()` (pango, harfbuzz, cffi)"),
        "render": Row("  in process: `render_pdf(doc)` (HTML, layout, PDF/A-3b)", 1000),
    }
    ledger = work / "ledger.db"
    for _ in range(runs + 1):  # the first is a warm-up
        copy_ledger(issued, ledger)
        out = run([sys.executable, "-c", PDF_PHASES], env, timeout, keep=True).stdout
        for key, seconds in json.loads(out).items():
            rows[key].add_ms(seconds * 1000)
    for row in rows.values():
        del row.wall[0]
    return rows


# -- profiling ----------------------------------------------------------------------------------


def profile(pristine: Path, work: Path, env: dict[str, str], timeout: float, top: int = 25) -> str:
    """cProfile of `invoice create` then `invoice issue` (whole processes), plus query plans."""
    ledger = work / "ledger.db"
    copy_ledger(pristine, ledger)
    out = io.StringIO()
    for name, argv in (
        ("create", ["invoice", "create", CLIENT]),
        ("issue", ["invoice", "issue", "1"]),
    ):
        dump = work / f"{name}.prof"
        sample = run([sys.executable, "-m", "cProfile", "-o", str(dump), PSA, *argv], env, timeout)
        out.write(f"\n## psa {' '.join(argv)}: {sample.wall_ms:,.0f} ms under cProfile\n")
        stats = pstats.Stats(str(dump), stream=out).strip_dirs()
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
    out.write("\n## Query plans on the drafted ledger\n")
    conn = sqlite3.connect(ledger)
    plans = {
        "lines(): entries per line": "SELECT l.id, (SELECT count(*) FROM time_entries e "
        "WHERE e.invoice_line_id = l.id) FROM invoice_lines l WHERE l.invoice_id = 1",
        "attach_entries(): one UPDATE per entry": "UPDATE time_entries SET invoice_id = 1, "
        "invoice_line_id = 1 WHERE id = 5 AND invoice_id IS NULL",
        "unbilled_entries()": "SELECT e.id FROM time_entries e JOIN projects p ON p.id = "
        "e.project_id JOIN people pe ON pe.id = e.person_id LEFT JOIN tasks t ON t.id = "
        "e.task_id WHERE p.client_id = 1 AND e.billable = 1 AND e.invoice_id IS NULL AND NOT "
        "(e.started_at IS NOT NULL AND e.ended_at IS NULL) "
        "ORDER BY e.day, coalesce(e.started_at, ''), e.id",
    }
    for label, sql in plans.items():
        out.write(f"\n{label}:\n")
        for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
            out.write(f"  {row[3]}\n")
    conn.close()
    return out.getvalue()


# -- report -------------------------------------------------------------------------------------


def table(rows: dict[str, Row], runs: int) -> str:
    head = (
        "| Command | Median ms | Min | Max | CPU ms | Peak RSS MB | Target ms |\n"
        "|---|--:|--:|--:|--:|--:|--:|\n"
    )
    body = []
    for row in rows.values():
        if not row.wall:
            continue
        label = row.label
        if len(row.wall) != runs:
            label += f" ({len(row.wall)} run{'s' if len(row.wall) > 1 else ''})"
        median = statistics.median(row.wall)
        target = ""
        if row.target_ms is not None:
            target = f"{row.target_ms:,.0f} {'✓' if median <= row.target_ms else '✗'}"
        if row.timeouts == len(row.wall):
            cells = [f"> {min(row.wall):,.0f} (killed)", "", "", "", ""]
        else:
            if row.timeouts:
                label += f" ({row.timeouts} killed)"
            cells = [
                f"{median:,.0f}",
                f"{min(row.wall):,.0f}",
                f"{max(row.wall):,.0f}",
                f"{statistics.median(row.cpu):,.0f}" if row.cpu else "–",
                f"{max(row.rss):,.0f}" if row.rss else "–",
            ]
        body.append(f"| {label} | {' | '.join(cells)} | {target} |")
    return head + "\n".join(body) + "\n"


def summary(row: Row) -> dict[str, object]:
    """One row as numbers, for benchmarks/bench_all.py."""
    out: dict[str, object] = {"label": row.label, "target_ms": row.target_ms, "runs": len(row.wall)}
    if row.wall:
        out |= {"median_ms": statistics.median(row.wall), "min_ms": min(row.wall),
                "max_ms": max(row.wall), "rss_mb": max(row.rss) if row.rss else None,
                "killed": row.timeouts}  # fmt: skip
    return out


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    done.check_returncode()
    return done.stdout.strip()


def machine() -> str:
    """One line: CPU, cores, OS, Python, SQLite, and the commit measured."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    rev = "unknown"
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        root = Path(__file__).resolve().parent.parent
        rev = _git(root, "rev-parse", "--short", "HEAD")
        if _git(root, "status", "--porcelain", "--untracked-files=no", "src"):
            rev += " + uncommitted changes in src/"
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"commit {rev}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000, help="unbilled entries of acme")
    parser.add_argument("--runs", type=int, default=5, help="measured rounds")
    parser.add_argument("--warmup", type=int, default=1, help="rounds run first, not counted")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per command")
    parser.add_argument(
        "--stress-runs",
        type=int,
        default=1,
        help="runs of the one-line-per-entry draft (0: skip it)",
    )
    parser.add_argument(
        "--stress-timeout", type=float, default=120, help="seconds per command of the stress run"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile create + issue too")
    parser.add_argument("--json", type=Path, help="also save each row's figures to this file")
    args = parser.parse_args(argv)
    if args.entries < 1 or args.runs < 1 or args.warmup < 0 or args.stress_runs < 0:
        parser.error("--entries and --runs must be >= 1, --warmup and --stress-runs >= 0")

    print(machine())
    with tempfile.TemporaryDirectory(prefix="psa-bench-billing-") as name:
        tmp = Path(name)
        pristine, issued, work = tmp / "pristine.db", tmp / "issued.db", tmp / "work"
        work.mkdir()
        env = bench_env(tmp, work / "ledger.db")
        t0 = time.perf_counter()
        build_ledger(pristine, args.entries)
        print(
            f"built {args.entries:,} + {SMALL_ENTRIES} entries in {time.perf_counter() - t0:.1f} s"
        )
        check = run(
            [PSA, "db", "check"], {**env, "PSA_LEDGER": str(pristine)}, args.timeout, keep=True
        )
        print(check.stdout.decode().strip())
        prepare_issued(pristine, issued, env, args.timeout)
        steps, rows = scenarios(work, pristine, issued, args.entries, args.stress_runs > 0)
        bench(
            steps,
            rows,
            work,
            env,
            args.runs,
            args.warmup,
            args.timeout,
            args.stress_runs,
            args.stress_timeout,
        )
        phases = pdf_phases(issued, work, env, args.runs, args.timeout)
        ordered: dict[str, Row] = {}
        for key, row in rows.items():
            ordered[key] = row
            if key == "pdf":
                ordered.update({f"pdf_{k}": r for k, r in phases.items()})
        print()
        print(table(ordered, args.runs))
        if args.json:
            args.json.write_text(json.dumps({key: summary(row) for key, row in ordered.items()}))
        if args.profile:
            print(profile(pristine, work, env, args.timeout))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
