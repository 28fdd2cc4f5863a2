"""SQL of imports: the name catalogue read once, existing source keys, bulk inserts of
entries and tags (multi-row INSERTs of prepared tuples), and the whole-ledger dump/restore."""

from __future__ import annotations

import functools
import itertools
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from psa_cli.store import rows, schema_months
from psa_cli.store.schema_source import SOURCE_INDEX as SOURCE_INDEX
from psa_cli.store.schema_tags import FACTS

IntegrityError = sqlite3.IntegrityError  # a restored row breaking a CHECK/UNIQUE rule

# The order of the tuples `insert_entries` takes.
ENTRY_COLUMNS = (
    "id", "uid", "person_id", "project_id", "task_id", "note", "day", "started_at", "ended_at",
    "seconds", "billable", "source", "source_key", "created_at", "updated_at",
)  # fmt: skip


def uid_sequence() -> Iterator[str]:
    """uids for a bulk insert: a random 128-bit start, then consecutive values. Unique like
    random ones (the start is random and a run is tiny next to 2**128), and they arrive in
    order, so the uid index is appended to instead of updated at random pages: the 1M-row
    import inserts twice as fast (docs/performance.md)."""
    start = int.from_bytes(os.urandom(16), "big")
    for n in itertools.count():
        yield f"{(start + n) & _UID_MASK:032x}"


_UID_MASK = (1 << 128) - 1


def catalog(conn: sqlite3.Connection) -> dict[str, list[sqlite3.Row]]:
    """Every client, project, task and person, for matching names without per-row SELECTs."""
    return {
        "clients": conn.execute("SELECT id, code, name, currency FROM clients").fetchall(),
        "projects": conn.execute(
            "SELECT id, client_id, code, name, billing FROM projects"
        ).fetchall(),
        "tasks": conn.execute("SELECT id, project_id, name FROM tasks").fetchall(),
        "people": conn.execute("SELECT id, name, email, is_default FROM people").fetchall(),
    }


def has_source(conn: sqlite3.Connection, source: str) -> bool:
    found = conn.execute("SELECT 1 FROM time_entries WHERE source = ? LIMIT 1", (source,))
    return found.fetchone() is not None


# CROSS JOIN keeps the keys outside: left to itself the planner scans the source's entries,
# each against every key (a re-import of 1M frames took over 20 minutes).
IMPORTED_KEYS_SQL = (
    "SELECT e.source_key FROM json_each(?) AS k CROSS JOIN time_entries AS e "
    "ON e.source = ? AND e.source_key = k.value WHERE e.id <= ?"
)


def imported_keys(
    conn: sqlite3.Connection, source: str, keys: Sequence[str], up_to_id: int
) -> set[str]:
    """Those of `keys` that entries up to `up_to_id` (imported before this import) carry:
    one probe of the (source, source_key) index per key, in one statement."""
    found = conn.execute(IMPORTED_KEYS_SQL, (json.dumps(keys), source, up_to_id))
    return {r[0] for r in found}


BULK_CACHE_KIB = 8_192
DEFAULT_CACHE_KIB = 2_000  # SQLite's own default


def bulk_cache(conn: sqlite3.Connection) -> None:
    """A page cache for the index a bulk insert writes at random places (the source key:
    with the default 2 MB its pages are read back again and again), for this connection
    only, and bounded: the whole import stays under 100 MB (docs/performance.md)."""
    conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")


def entry_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM time_entries").fetchone()[0])


def drop_entry_indexes(conn: sqlite3.Connection, keep: Sequence[str] = ()) -> list[str]:
    """Drop the named indexes of time_entries and entry_tags but those in `keep` (the
    UNIQUE constraints of the tables stay: uid, an entry's tag) and return their SQL:
    building an index once over sorted rows is several times cheaper than updating it row
    by row during a bulk insert, and the unique ones (SOURCE_INDEX) check every row again
    when they are built. DDL is transactional in SQLite: a rolled-back import leaves them
    as they were."""
    found = [(name, sql) for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('time_entries', 'entry_tags') ORDER BY tbl_name DESC, name"
    ) if name not in keep]  # fmt: skip
    for name, _ in found:
        conn.execute(f"DROP INDEX {_quote(name)}")
    return [sql for _, sql in found]


def create_indexes(conn: sqlite3.Connection, statements: list[str]) -> None:
    """CREATE INDEX sorts in memory up to the page cache's size, then merges runs from
    temporary files: with the default cache it is both leaner and faster than with a big one
    (1M entries, 16 indexes: 12.9 s and 16 MiB against 18.2 s and 94 MiB with 32 MiB and
    two sorter threads). One helper thread for the sorter takes the second core, idle by
    then (the child reader is done): 10.5 / 11.3 s -> 8.5 / 9.0 s for the 17 indexes of
    1M imported frames, peak RSS unchanged (docs/performance.md, "Imports")."""
    conn.execute(f"PRAGMA cache_size = -{DEFAULT_CACHE_KIB}")
    conn.execute("PRAGMA threads = 1")
    for sql in statements:
        conn.execute(sql)
    conn.execute("PRAGMA threads = 0")


def month_triggers(conn: sqlite3.Connection, *, on: bool) -> None:
    """The triggers that keep entry_months, off for a bulk writer that adds its months
    itself (`add_months`) or rebuilds them (`rebuild_months`), in the same transaction."""
    if on:
        schema_months.create_triggers(conn)
    else:
        schema_months.drop_triggers(conn)


def add_months(conn: sqlite3.Connection, counted: dict[tuple[Any, ...], list[int]]) -> None:
    """Add the months a bulk writer counted, (project, billable, month, task or 0, person)
    -> [seconds, entries], to entry_months and person_months."""
    by_task: dict[tuple[Any, ...], list[int]] = {}
    by_person: dict[tuple[Any, ...], list[int]] = {}
    for (project, billable, month, task, person), (seconds, entries) in counted.items():
        for sums, key in ((by_task, (project, billable, month, task)),
                          (by_person, (person, billable, month, project))):  # fmt: skip
            found = sums.setdefault(key, [0, 0])
            found[0] += seconds
            found[1] += entries
    for totals, table in zip(schema_months.TABLES, (by_task, by_person), strict=True):
        schema_months.add_months(conn, totals, ((*key, *sums) for key, sums in table.items()))


rebuild_months = schema_months.rebuild


def last_entry_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM time_entries").fetchone()[0])


def next_entry_id(conn: sqlite3.Connection) -> int:
    """The id AUTOINCREMENT would give the next entry: past every id ever used (a deleted
    newest entry's too). Under the write lock, a bulk insert numbers its rows from here
    itself, and knows each row's id without reading it back."""
    row = conn.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'time_entries'), 0), "
        "coalesce((SELECT max(id) FROM time_entries), 0))"
    ).fetchone()
    return int(row[0]) + 1


ROWS_PER_INSERT = 2000  # rows of one multi-row INSERT (fewer when rows are wide)
MAX_VARIABLES = 32766  # SQLite's bound on ? per statement (SQLITE_MAX_VARIABLE_NUMBER)


@functools.cache
def _multi_insert(head: str, width: int) -> tuple[int, str, str]:
    """(rows per statement, the INSERT of that many rows, the INSERT of one row)."""
    per = max(1, min(ROWS_PER_INSERT, MAX_VARIABLES // width))
    one = "(" + ", ".join("?" * width) + ")"
    return per, f"{head} VALUES {', '.join([one] * per)}", f"{head} VALUES {one}"


def insert_rows(conn: sqlite3.Connection, head: str, width: int,
                rows: Iterable[Sequence[Any]]) -> None:  # fmt: skip
    """`head` (INSERT INTO t (cols)) over `rows`, several hundred rows per statement: half
    the time of executemany, which steps SQLite (and drops and takes the GIL) once per
    row, against once per statement here (1M imported entries, docs/performance.md)."""
    per, many, one = _multi_insert(head, width)
    source = iter(rows)
    while chunk := list(itertools.islice(source, per)):
        if len(chunk) == per:
            conn.execute(many, list(itertools.chain.from_iterable(chunk)))
        else:
            conn.executemany(one, chunk)


def insert_entries(conn: sqlite3.Connection, values: Sequence[tuple[Any, ...]]) -> None:
    head = f"INSERT INTO time_entries ({', '.join(ENTRY_COLUMNS)})"
    insert_rows(conn, head, len(ENTRY_COLUMNS), values)


def insert_tags(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """(entry_id, tag, *FACTS) rows: the entry's facts filled in by the import itself, so
    the fill trigger of m_tag_facts has nothing to look up."""
    cols = ", ".join(("entry_id", "tag", *FACTS))
    insert_rows(conn, f"INSERT OR IGNORE INTO entry_tags ({cols})", 2 + len(FACTS), rows)


def audit_import(conn: sqlite3.Connection, detail: dict[str, Any]) -> None:
    """One audit row for the whole import (a row per entry would double its cost)."""
    rows.audit(conn, "time_entries", None, "import", detail)


# -- the whole ledger -------------------------------------------------------------------


def ledger_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table of the ledger but the month totals (sums of the entries, made again by
    a restore), parents before the tables that reference them."""
    names = sorted(
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if r[0] not in schema_months.NAMES
    )
    parents = {
        name: {r[2] for r in conn.execute(f"PRAGMA foreign_key_list({_quote(name)})")} - {name}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:  # pragma: no cover - a reference cycle: keep the rest alphabetical
            ready = [n for n in names if n not in ordered]
        ordered.extend(ready)
    return ordered


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({_quote(table)})")]


def table_rows(
    conn: sqlite3.Connection, table: str, columns: list[str]
) -> Iterator[tuple[Any, ...]]:
    """All rows in primary-key order (rowid, or the key of a WITHOUT ROWID table), read as
    they are used."""
    keys = [r[1] for r in sorted(conn.execute(f"PRAGMA table_info({_quote(table)})"),
                                  key=lambda r: r[5]) if r[5]]  # fmt: skip
    order = ", ".join(_quote(k) for k in keys) or "rowid"
    cols = ", ".join(_quote(c) for c in columns)
    cursor = conn.execute(f"SELECT {cols} FROM {_quote(table)} ORDER BY {order}")
    cursor.row_factory = None  # plain tuples
    return iter(cursor)


def sequences(conn: sqlite3.Connection) -> dict[str, int]:
    """AUTOINCREMENT high-water marks: ids are never reused, even after a restore."""
    return {r[0]: int(r[1]) for r in conn.execute("SELECT name, seq FROM sqlite_sequence")}


def row_counts(conn: sqlite3.Connection, tables: Iterable[str]) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT count(*) FROM {_quote(t)}").fetchone()[0]) for t in tables}


def restore_rows(
    conn: sqlite3.Connection, table: str, columns: list[str], values: Iterable[tuple[Any, ...]]
) -> None:
    cols = ", ".join(_quote(c) for c in columns)
    insert_rows(conn, f"INSERT INTO {_quote(table)} ({cols})", len(columns), values)


def restore_sequences(conn: sqlite3.Connection, marks: dict[str, int]) -> None:
    for name, seq in marks.items():
        conn.execute("DELETE FROM sqlite_sequence WHERE name = ?", (name,))
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, seq))


def defer_foreign_keys(conn: sqlite3.Connection) -> None:
    """Checked at COMMIT instead of per row: a restore inserts rows in table order."""
    conn.execute("PRAGMA defer_foreign_keys = ON")


def foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    return [f"{r[0]} row {r[1]} -> {r[2]}" for r in conn.execute("PRAGMA foreign_key_check")]


def delete_lone_default_person(conn: sqlite3.Connection, person_id: int) -> None:
    """The automatic 'me' of a fresh ledger gives way to the people being restored."""
    conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
    conn.execute("DELETE FROM audit_log WHERE entity = 'people' AND entity_id = ?", (person_id,))
