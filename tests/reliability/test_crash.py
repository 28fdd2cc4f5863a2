"""kill -9 at random (seeded) moments of invoice issue and migration.

After every kill the ledger must pass `psa db check`, every invoice must be fully
issued or not at all, no entry may sit on two invoices, totals must equal the sum of
their lines, and everything the child had seen committed must still be there.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.helpers import billing_violations, query, seed, spawn

SEED = 20261126
INVOICE_KILLS = 25
MIGRATION_KILLS = 25


def _wait_for(path: Path, text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text():
            return
        time.sleep(0.01)
    raise AssertionError(f"the child never wrote {text!r}")


def _committed(journal: Path) -> list[list[str]]:
    return [line.split() for line in journal.read_text().splitlines() if line != "go"]


def _check_durable(psa: Any, steps: list[list[str]]) -> None:
    """Whatever the child saw committed survived the kill."""
    status = dict(query(psa.ledger, "SELECT number, status FROM invoices WHERE number NOT NULL"))
    for step in steps:
        what, number = step[0], step[1]
        if what == "issued":
            assert status.get(number) in ("issued", "void"), step
        elif what == "void":
            assert status[number] == "void", step
        elif what == "paid":
            paid = query(
                psa.ledger,
                "SELECT count(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id "
                "WHERE i.number = ?",
                number,
            )
            assert paid == [(1,)], step
        elif what == "credited":
            notes = query(
                psa.ledger,
                "SELECT count(*) FROM invoices n JOIN invoices i ON i.id = n.credit_of "
                "WHERE i.number = ? AND n.status = 'issued'",
                number,
            )
            assert notes == [(1,)], step


@pytest.mark.slow
def test_kill_during_billing(psa: Any, tmp_path: Path) -> None:
    seed(psa)
    rng = random.Random(SEED)
    journal = tmp_path / "journal"
    for kill in range(INVOICE_KILLS):
        journal.write_text("")
        before = len(_committed(journal))
        child = spawn("churn", str(journal))
        _wait_for(journal, "go")
        time.sleep(rng.uniform(0.1, 2.5))
        child.kill()  # SIGKILL: no cleanup, no rollback, the write may be half done
        child.wait()
        assert child.returncode == -9, child.stderr.read() if child.stderr else ""
        report = psa.json("db", "check")
        assert report["ok"], f"after kill {kill}: {report['problems']}"
        assert billing_violations(psa.ledger) == [], f"after kill {kill}"
        _check_durable(psa, _committed(journal))
        assert len(_committed(journal)) >= before
    issued, drafts = query(
        psa.ledger,
        "SELECT count(*) FILTER (WHERE status != 'draft'), count(*) FILTER (WHERE status = "
        "'draft') FROM invoices",
    )[0]
    print(f"\n{INVOICE_KILLS} kills during billing: {issued} invoices/notes issued, "
          f"{drafts} draft(s) left by kills between create and issue")  # fmt: skip
    assert issued > 0


@pytest.mark.slow
def test_kill_during_migration(psa: Any, tmp_path: Path) -> None:
    from psa_cli.store.migrations import LATEST
    from tests.fixtures.ledgers.build import build

    old = build(1, tmp_path / "v1-big.db", rows=200_000)
    entries, seconds = query(old, "SELECT count(*), sum(seconds) FROM time_entries")[0]
    psa.ledger.parent.mkdir(parents=True, exist_ok=True)

    def run(delay: float | None) -> float:
        shutil.copyfile(old, psa.ledger)
        for suffix in ("-wal", "-shm"):
            Path(f"{psa.ledger}{suffix}").unlink(missing_ok=True)
        child = spawn("open")
        assert child.stdout is not None and child.stdout.readline().strip() == "go"
        started = time.perf_counter()
        if delay is None:
            out, _ = child.communicate(timeout=120)
            assert child.returncode == 0
            return float(json.loads(out)["seconds"])
            time.sleep(delay)
            child.kill()
            child.wait()
        return time.perf_counter() - started

    duration = run(None)  # calibrate: how long a full migration takes here
    rng = random.Random(SEED)
    outcomes = {"old": 0, "new": 0}
    for kill in range(MIGRATION_KILLS):
        run(rng.uniform(0, duration * 1.3))
        version = query(psa.ledger, "PRAGMA user_version")[0][0]
        assert version in (1, LATEST), f"kill {kill} left schema {version}"
        outcomes["old" if version == 1 else "new"] += 1
        assert query(psa.ledger, "PRAGMA integrity_check") == [("ok",)]
        report = psa.json("db", "check")  # finishes the migration when it was cut short
        assert report["ok"], report["problems"]
        assert query(psa.ledger, "SELECT count(*), sum(seconds) FROM time_entries") == [
            (entries, seconds)
        ]
    print(f"\nmigration of {entries} entries takes {duration:.2f} s; {MIGRATION_KILLS} kills: "
          f"{outcomes['old']} before its commit, {outcomes['new']} after")  # fmt: skip
