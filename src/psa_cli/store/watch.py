"""How the TUI notices that another process changed the ledger."""

from __future__ import annotations

import sqlite3


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's per-connection change counter: it moves when ANOTHER connection commits.

    Cheap (no table is read), so it can be polled every half second."""
    row = conn.execute("PRAGMA data_version").fetchone()
    return int(row[0])
