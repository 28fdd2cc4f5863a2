"""Concurrent writers: 8 processes x 250 `psa log` while another process bills.

The 2,000 logs go through psa's CLI entry point inside 8 worker processes
(`worker.py log`: the same `build(full=False)` tree and `PsaGroup.main` a `psa log`
process runs), not 2,000 fresh interpreters: on the 2 shared cores of the test machine a
`psa` launch costs ~150 ms of CPU, so 2,000 of them would take 2.5+ minutes on their own.
`test_real_processes_log_and_bill` runs real `psa` console-script processes on a smaller
scale; PSA_RELIABILITY_REAL=1 runs the full 8 x 250 with real processes
(docs/reliability.md has both figures).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.helpers import billing_violations, query, seed, spawn, summary
from tests.reliability.worker import day_of

WRITERS, LOGS = 8, 250


def _check_outcome(psa: Any, expected_notes: set[str], issued: list[str]) -> None:
    notes = [r[0] for r in query(psa.ledger, "SELECT note FROM time_entries")]
    assert len(notes) == len(expected_notes), "an entry was lost or written twice"
    assert set(notes) == expected_notes
    assert query(psa.ledger, "SELECT sum(seconds) FROM time_entries")[0][0] == 900 * len(notes)
    numbers = [r[0] for r in query(psa.ledger, "SELECT number FROM invoices ORDER BY seq")]
    assert sorted(numbers) == sorted(issued)
    assert numbers == [f"INV-2026-{n:04d}" for n in range(1, len(numbers) + 1)]
    # every entry billed by the end (the invoicer's last round ran after the writers)
    assert query(psa.ledger, "SELECT count(*) FROM time_entries WHERE invoice_id IS NULL") == [(0,)]
    billed = query(
        psa.ledger,
        "SELECT sum(l.net_minor), (SELECT sum(net_minor) FROM invoices) FROM invoice_lines l",
    )[0]
    assert billed[0] == billed[1] == 2500 * 12 * len(notes) // 10  # 15 min at 120.00/h each
    assert billing_violations(psa.ledger) == []
    report = psa.json("db", "check")
    assert report["ok"], report["problems"]


@pytest.mark.slow
def test_eight_writers_and_an_invoicer(psa: Any, tmp_path: Path) -> None:
    seed(psa)
    stop = tmp_path / "writers-done"
    started = time.perf_counter()
    if os.environ.get("PSA_RELIABILITY_REAL") == "1":
        invoicer = spawn("invoices", str(stop))
        failures = _real_writers(WRITERS, LOGS)
        retries = None
    else:
        writers = [spawn("log", str(w), str(LOGS)) for w in range(WRITERS)]
        invoicer = spawn("invoices", str(stop))
        results = [summary(w) for w in writers]
        failures = [f for r in results for f in r["failures"]]
        retries = sum(r["retries"] for r in results)
    stop.touch()
    billing = summary(invoicer)
    elapsed = time.perf_counter() - started
    print(
        f"\n{WRITERS}x{LOGS} logs + {len(billing['issued'])} invoices in {elapsed:.1f} s; "
        f"BEGIN IMMEDIATE retries: writers {retries}, invoicer {billing['retries']}"
    )
    assert failures == []  # no "database is locked" (or anything else) reached a user
    assert billing["errors"] == []
    assert len(billing["issued"]) >= 2
    expected = {f"w{w}-{k}" for w in range(WRITERS) for k in range(LOGS)}
    _check_outcome(psa, expected, billing["issued"])


def _real_writers(writers: int, logs: int) -> list[str]:
    """`writers` threads, each launching `logs` real `psa log` processes in turn."""
    exe = shutil.which("psa", path=str(Path(sys.executable).parent)) or "psa"

    def run(worker: int) -> list[str]:
        failures = []
        for k in range(logs):
            done = subprocess.run(
                [exe, "log", "15m", "web", f"w{worker}-{k}", "--date", day_of(worker, k)],
                capture_output=True,
                text=True,
                env=dict(os.environ),
            )
            if done.returncode != 0 or done.stderr:
                failures.append(f"{done.returncode}: {done.stderr.strip()}")
        return failures

    with ThreadPoolExecutor(writers) as pool:
        return [f for chunk in pool.map(run, range(writers)) for f in chunk]


@pytest.mark.slow
def test_real_processes_log_and_bill(psa: Any, tmp_path: Path) -> None:
    """The console script itself: 4 x 12 `psa log` processes while invoices are issued."""
    seed(psa)
    stop = tmp_path / "writers-done"
    invoicer = spawn("invoices", str(stop))
    failures = _real_writers(4, 12)
    stop.touch()
    billing = summary(invoicer)
    assert failures == []
    assert billing["errors"] == []
    _check_outcome(psa, {f"w{w}-{k}" for w in range(4) for k in range(12)}, billing["issued"])
