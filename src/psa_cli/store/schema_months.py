"""Migration: month totals of the entries, kept exact by triggers on `time_entries`:
`entry_months` (seconds per project, billable flag, month and task) and `person_months`
(per person, billable flag, month and project).

A report over years of a big ledger summed a covering index entry by entry: ~120 ms for
1M entries whatever the report (SQLite's own speed, ~110 ns an index entry). A month
holds many entries of each task and of each person: 1M generated entries make 25k rows
of `entry_months` and 67k of `person_months`, and the same sums over them take a few
milliseconds (docs/performance.md, "Reports"). The report SQL (`store.report_sums`,
`store.report_months`) reads whole months here and only the days of a period's first
and last month that do not make a whole month from the entries' indexes, with the same
results (tests/unit/test_report_months.py).

What they cannot hold, the reports still read from the entries: invoice state (unbilled
time; attaching 100k entries to an invoice must not touch them), per-entry rounding, an
entry's own rate, tags, weeks and days, and the time of a task by person.

Triggers keep them exact on every insert, delete and update of the columns they sum by;
a bulk writer (an import, a restore) drops the triggers, writes, adds its rows' months in
one statement (`add_months`) or rebuilds the tables (`rebuild`), and creates them again,
in the same transaction. `psa db check` compares them with the entries
(store/maintenance.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import NamedTuple


class Totals(NamedTuple):
    table: str
    key: tuple[str, ...]  # the entry columns a row is keyed by, `month` for substr(day, 1, 7)


TABLES = (Totals("entry_months", ("project_id", "billable", "month", "task_id")),
          Totals("person_months", ("person_id", "billable", "month", "project_id")))  # fmt: skip
NAMES = tuple(t.table for t in TABLES)
# the entry columns the rows are keyed by, and their sum: an update of one moves the entry
KEYED = ("project_id", "billable", "day", "person_id", "task_id", "seconds")
TRIGGER_NAMES = ("entry_months_insert", "entry_months_delete", "entry_months_update")


def _value(column: str, row: str) -> str:
    if column == "month":
        return f"substr({row}.day, 1, 7)"
    if column == "task_id":
        return f"coalesce({row}.task_id, 0)"  # 0: no task (a key column cannot be NULL)
    return f"{row}.{column}"


def _add(totals: Totals) -> str:
    cols = ", ".join(totals.key)
    values = ", ".join(_value(c, "NEW") for c in totals.key)
    return (f"INSERT INTO {totals.table} ({cols}, seconds, entries) VALUES ({values}, "
            "NEW.seconds, 1) ON CONFLICT DO UPDATE SET seconds = seconds + excluded.seconds, "
            "entries = entries + 1;")  # fmt: skip


def _take(totals: Totals) -> str:
    match = " AND ".join(f"{c} = {_value(c, 'OLD')}" for c in totals.key)
    return (f"UPDATE {totals.table} SET seconds = seconds - OLD.seconds, "
            f"entries = entries - 1 WHERE {match}; "
            f"DELETE FROM {totals.table} WHERE {match} AND entries = 0;")  # fmt: skip


_ADD = " ".join(_add(t) for t in TABLES)
_TAKE = " ".join(_take(t) for t in TABLES)
TRIGGERS = (
    f"CREATE TRIGGER entry_months_insert AFTER INSERT ON time_entries BEGIN {_ADD} END",
    f"CREATE TRIGGER entry_months_delete AFTER DELETE ON time_entries BEGIN {_TAKE} END",
    f"CREATE TRIGGER entry_months_update AFTER UPDATE OF {', '.join(KEYED)} ON time_entries "
    f"BEGIN {_TAKE} {_ADD} END",
)


def from_entries(totals: Totals) -> str:
    """The table's rows as a GROUP BY of the entries: what it must equal."""
    cols = ", ".join(f"{_value(c, 'e')} AS {c}" for c in totals.key)
    return (
        f"SELECT {cols}, sum(e.seconds) AS seconds, count(*) AS entries "
        "FROM time_entries AS e "
        f"GROUP BY {', '.join(str(n + 1) for n in range(len(totals.key)))}"
    )


def m_entry_months(conn: sqlite3.Connection) -> None:
    """entry_months and person_months (WITHOUT ROWID, keyed for the report sums), their
    indexes, filled from the entries; then the triggers."""
    conn.executescript(
        """
        CREATE TABLE entry_months (
            project_id INTEGER NOT NULL, billable INTEGER NOT NULL, month TEXT NOT NULL,
            task_id INTEGER NOT NULL, seconds INTEGER NOT NULL, entries INTEGER NOT NULL,
            PRIMARY KEY (project_id, billable, month, task_id)
        ) WITHOUT ROWID;
        CREATE INDEX entry_months_task ON entry_months(task_id, billable, month, seconds);
        CREATE TABLE person_months (
            person_id INTEGER NOT NULL, billable INTEGER NOT NULL, month TEXT NOT NULL,
            project_id INTEGER NOT NULL, seconds INTEGER NOT NULL, entries INTEGER NOT NULL,
            PRIMARY KEY (person_id, billable, month, project_id)
        ) WITHOUT ROWID;
        CREATE INDEX person_months_project
            ON person_months(project_id, billable, month, person_id, seconds);
        CREATE INDEX person_months_cost ON person_months(project_id, person_id, month, seconds);
        """
    )
    rebuild(conn)
    create_triggers(conn)


def drop_triggers(conn: sqlite3.Connection) -> None:
    """For a bulk writer that accounts for its rows itself (in the same transaction)."""
    for name in TRIGGER_NAMES:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_triggers(conn: sqlite3.Connection) -> None:
    for sql in TRIGGERS:
        conn.execute(sql)


def add_months(conn: sqlite3.Connection, totals: Totals,
               rows: Iterable[tuple[int | str, ...]]) -> None:  # fmt: skip
    """Add rows (the key's values, seconds, entries) to `totals`: the months of entries
    written while the triggers were off."""
    cols = ", ".join(totals.key)
    marks = ", ".join("?" * (len(totals.key) + 2))
    conn.executemany(
        f"INSERT INTO {totals.table} ({cols}, seconds, entries) VALUES ({marks}) ON CONFLICT "
        "DO UPDATE SET seconds = seconds + excluded.seconds, entries = entries + excluded.entries",
        rows,
    )


def rebuild(conn: sqlite3.Connection) -> None:
    """The tables made again from every entry (a migration, a restore)."""
    for totals in TABLES:
        conn.execute(f"DELETE FROM {totals.table}")
        conn.execute(f"INSERT INTO {totals.table} ({', '.join(totals.key)}, seconds, entries) "
                     f"{from_entries(totals)}")  # fmt: skip


def mismatches() -> str:
    """For `psa db check`: (where, which table) of every row that differs from the
    entries' sums, either way."""
    parts = []
    for totals in TABLES:
        cols = f"{', '.join(totals.key)}, seconds, entries"
        mine, theirs = f"SELECT {cols} FROM {totals.table}", from_entries(totals)
        parts.append(f"SELECT {totals.key[0]} || '/' || month, '{totals.table}' "
                     f"FROM ({mine} EXCEPT {theirs})")  # fmt: skip
        parts.append(f"SELECT {totals.key[0]} || '/' || month, 'entries, not {totals.table}' "
                     f"FROM ({theirs} EXCEPT {mine})")  # fmt: skip
    return " UNION ALL ".join(parts)


MISMATCHES = mismatches()
