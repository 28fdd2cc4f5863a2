"""Ledgers written by every earlier schema open with this psa and keep every row.

tests/fixtures/ledgers/vN.db were built by tests/fixtures/ledgers/build.py (the real
commands, projected onto schema N). Each is copied, opened by the current psa (which
migrates it to the latest schema), and compared table by table with the original.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from psa_cli.store.migrations import LATEST

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers"
VERSIONS = sorted(int(p.stem[1:]) for p in FIXTURES.glob("v*.db"))


def _tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: [r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')] for n in names}


def _rows(conn: sqlite3.Connection, table: str, cols: list[str]) -> list[tuple[Any, ...]]:
    names = ", ".join(f'"{c}"' for c in cols)
    return conn.execute(f'SELECT {names} FROM "{table}" ORDER BY {names}').fetchall()


def test_a_fixture_for_every_schema_up_to_four() -> None:
    assert set(range(1, min(LATEST, 4) + 1)) <= set(VERSIONS)


@pytest.mark.parametrize("version", VERSIONS)
def test_migrating_keeps_every_row(version: int, psa: Any) -> None:
    source = FIXTURES / f"v{version}.db"
    psa.ledger.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, psa.ledger)
    old = sqlite3.connect(source)
    assert old.execute("PRAGMA user_version").fetchone()[0] == version
    columns = _tables(old)
    before = {t: _rows(old, t, cols) for t, cols in columns.items()}
    counts = {t: len(rows) for t, rows in before.items()}
    assert counts["time_entries"] == 8 and counts["entry_tags"] == 4  # 8 logs, 4 tags
    assert counts["people"] == 2 and counts["clients"] == 2 and counts["contacts"] == 1
    if version >= 2:  # the billing schema: issued, paid, void, credited, draft
        statuses = sorted(r[0] for r in old.execute("SELECT status FROM invoices"))
        assert statuses == ["draft", "issued", "issued", "issued", "void"]
        assert counts["payments"] == 1 and counts["invoice_lines"] >= 5
    old.close()

    report = psa.json("db", "check")  # opens (and migrates) the copy
    assert report["ok"], report["problems"]
    assert report["schema_version"] == LATEST

    new = sqlite3.connect(psa.ledger)
    try:
        for table, rows in before.items():
            assert _rows(new, table, columns[table]) == rows, f"{table} changed in migration"
        sums = new.execute(
            "SELECT (SELECT sum(seconds) FROM time_entries), "
            "(SELECT sum(amount_minor) FROM expenses)"
        ).fetchone()
        assert sums == (75600, 10449)  # 21 h logged; 84.50 + 19.99
    finally:
        new.close()
    # and the migrated ledger works: the entries list and a report read it
    assert len(psa.json("entries", "--period", "all")) == counts["time_entries"]
