"""Generated ledgers for the report tests: `benchmarks/generate.py` (the benchmarks' own
seeded generator), with every level of the rate hierarchy in play."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def generated_ledger(path: Path, entries: int) -> sqlite3.Connection:
    """`entries` generated entries (7 people, seed 6, ending 2026-11-26) at `path`, where
    acme's projects take their rate from the person or the default (person groups), a third
    of the people have none, and every 37th entry has its own rate; the connection is
    open for the caller's own edits (commit and close it)."""
    spec = importlib.util.spec_from_file_location("bench_generate",
                                                  ROOT / "benchmarks" / "generate.py")  # fmt: skip
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    module.generate(path, entries, 7, 6, datetime(2026, 11, 26, 15, tzinfo=UTC))
    conn = sqlite3.connect(path)
    conn.execute("UPDATE clients SET rate_minor = NULL, currency = 'EUR' WHERE id = 1")
    conn.execute("UPDATE projects SET rate_minor = NULL WHERE client_id = 1")
    conn.execute("UPDATE people SET rate_minor = NULL WHERE id % 3 = 0")
    conn.execute("UPDATE time_entries SET rate_minor = 22000 WHERE id % 37 = 0")
    return conn
