"""Migration: the uniqueness of an imported record's `(source, source_key)` moves from a
table constraint of `time_entries` to the named unique index `time_entries_source`.

Same rule, same errors (NULLs apart, as before), but an index that a big import can drop
and build once at its end, like the other secondary indexes: a table constraint's index
cannot be dropped. Its keys are other trackers' ids (Watson's are random 128-bit hex), so
filling it row by row lands every insert on a random page of a ~50 MB B-tree: 1M rows
took 14.9 s against 5.3 s inserted without it and indexed after (docs/performance.md,
"Imports").

SQLite cannot drop a constraint in place: the table is rebuilt the way its documentation
prescribes (new table, copy, drop, rename, indexes and triggers again), with foreign keys
off around the transaction (`migrations.migrate`; a pragma SQLite ignores inside one), so
dropping the old table does not cascade to its tags, and `PRAGMA foreign_key_check` before
the commit. The rename runs with `legacy_alter_table`, which leaves the other tables'
references and triggers as written (they name `time_entries`, which is briefly absent).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from psa_cli.domain.errors import LedgerError

SOURCE_INDEX = "time_entries_source"
_CONSTRAINT = re.compile(r",\s*UNIQUE \(source, source_key\)")


def m_source_index(conn: sqlite3.Connection) -> None:
    """time_entries rebuilt without UNIQUE (source, source_key); the unique index instead."""
    # (every read below is read to its end: a statement left half-read would keep the
    # connection busy, and switching the journal mode later fails with "table is locked")
    if _one(conn, "PRAGMA foreign_keys"):  # dropping would cascade
        raise LedgerError("this migration needs foreign keys off: run it through migrate()")
    legacy = _one(conn, "PRAGMA legacy_alter_table")
    conn.execute("PRAGMA legacy_alter_table = ON")
    try:
        _rebuild(conn)
    finally:
        conn.execute(f"PRAGMA legacy_alter_table = {int(legacy)}")


def _rebuild(conn: sqlite3.Connection) -> None:
    table = _one(conn, "SELECT sql FROM sqlite_master WHERE type = 'table' "
                 "AND name = 'time_entries'")  # fmt: skip
    rebuilt, found = _CONSTRAINT.subn("", table)
    if found != 1 or not rebuilt.startswith("CREATE TABLE time_entries ("):
        raise LedgerError("time_entries is not the table this migration expects: restore a "
                          "backup with 'psa db restore', or report it")  # fmt: skip
    rebuilt = rebuilt.replace("CREATE TABLE time_entries", "CREATE TABLE time_entries_new", 1)
    attached = [row[0] for row in conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'time_entries' "
        "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"
    )]  # fmt: skip
    high = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'time_entries'").fetchall()
    columns = ", ".join(f'"{row[1]}"' for row in conn.execute("PRAGMA table_info(time_entries)"))
    conn.execute(rebuilt)
    conn.execute(f"INSERT INTO time_entries_new ({columns}) SELECT {columns} FROM time_entries")
    conn.execute("DROP TABLE time_entries")
    conn.execute("ALTER TABLE time_entries_new RENAME TO time_entries")
    for sql in attached:
        conn.execute(sql)
    conn.execute(f"CREATE UNIQUE INDEX {SOURCE_INDEX} ON time_entries(source, source_key)")
    if high:  # AUTOINCREMENT: ids of deleted newest entries stay used
        conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'time_entries'",
                     (high[0][0],))  # fmt: skip
        conn.execute("INSERT INTO sqlite_sequence (name, seq) SELECT 'time_entries', ? "
                     "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence "
                     "WHERE name = 'time_entries')", (high[0][0],))  # fmt: skip


def _one(conn: sqlite3.Connection, sql: str) -> Any:
    """The first column of the first row, the statement read to its end."""
    return conn.execute(sql).fetchall()[0][0]
