"""`psa db backup` while another process writes: every backup is a sound ledger holding
a prefix of the writer's entries (all of the first k, none after), never a torn mix."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.helpers import query, seed, spawn, summary

LOGS = 300


@pytest.mark.slow
def test_backups_taken_while_a_writer_logs(psa: Any, tmp_path: Path) -> None:
    seed(psa)
    writer = spawn("log", "0", str(LOGS))  # `psa log 15m web w0-<k>` for k = 0, 1, 2, ...
    backups: list[Path] = []
    while writer.poll() is None and len(backups) < 40:
        target = tmp_path / f"backup-{len(backups):02d}.db"
        psa("db", "backup", str(target))
        backups.append(target)
        time.sleep(0.05)
    result = summary(writer)
    assert result["failures"] == []
    final = tmp_path / "final.db"
    psa("db", "backup", str(final))
    backups.append(final)
    seen = []
    for backup in backups:
        report = psa.json("--ledger", str(backup), "db", "check")
        assert report["ok"], f"{backup.name}: {report['problems']}"
        notes = [r[0] for r in query(backup, "SELECT note FROM time_entries ORDER BY id")]
        assert notes == [f"w0-{k}" for k in range(len(notes))], f"{backup.name} is not a prefix"
        seen.append(len(notes))
    assert seen == sorted(seen), "a later backup holds fewer entries than an earlier one"
    assert seen[-1] == LOGS
    in_flight = [n for n in seen[:-1] if 0 < n < LOGS]
    print(f"\n{len(backups)} backups while {LOGS} entries were logged; entries seen: {seen}")
    assert len(in_flight) >= 2, f"too few backups landed mid-write to prove anything: {seen}"
