"""SQL for time entries and their tags."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from psa_cli.domain.models import Entry
from psa_cli.store import rows

# An entry is billed when it sits on an issued (not draft, not void) invoice.
UNBILLED = "(e.invoice_id IS NULL OR i.status = 'draft')"
LOCKED = "(e.invoice_id IS NOT NULL AND i.status = 'issued')"

_SELECT = """
SELECT e.id, e.uid, pe.name AS person, c.code AS client_code, p.code AS project_code,
       t.name AS task, e.note, e.day, e.started_at, e.ended_at, e.seconds, e.billable,
       e.rate_minor, c.currency, e.invoice_id, i.number AS invoice_number,
       (SELECT group_concat(tag, char(31)) FROM entry_tags g WHERE g.entry_id = e.id) AS tags
  FROM time_entries e
  JOIN people pe ON pe.id = e.person_id
  JOIN projects p ON p.id = e.project_id
  JOIN clients c ON c.id = p.client_id
  LEFT JOIN tasks t ON t.id = e.task_id
  LEFT JOIN invoices i ON i.id = e.invoice_id
"""


def entry_from_row(row: Sequence[Any]) -> Entry:
    """An `Entry` from a row of _SELECT: Entry's fields in order, the tags last as one
    string joined by char(31)."""
    (entry_id, uid, person, client, project, task, note, day, started, ended, seconds,
     billable, rate, currency, invoice_id, invoice_number, tags) = row  # fmt: skip
    return Entry(entry_id, uid, person, client, project, task, note, day, started, ended,
                 seconds, bool(billable), rate, currency, invoice_id, invoice_number,
                 sorted(tags.split("\x1f")) if tags else [])  # fmt: skip


@dataclass
class EntryQuery:
    """Filters for `psa entries`; every field optional, all combined with AND."""

    date_from: str | None = None
    date_to: str | None = None
    client_ids: list[int] = field(default_factory=list)
    project_ids: list[int] = field(default_factory=list)
    task_ids: list[int] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    billable: bool | None = None
    unbilled: bool = False
    running: bool | None = None
    limit: int | None = None
    newest_first: bool = False


def _where(q: EntryQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []

    def any_of(column: str, values: list[Any]) -> None:
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)

    if q.date_from:
        clauses.append("e.day >= ?")
        params.append(q.date_from)
    if q.date_to:
        clauses.append("e.day <= ?")
        params.append(q.date_to)
    any_of("p.client_id", q.client_ids)
    any_of("e.project_id", q.project_ids)
    any_of("e.task_id", q.task_ids)
    any_of("e.person_id", q.person_ids)
    for tag in q.tags:
        clauses.append("EXISTS (SELECT 1 FROM entry_tags g WHERE g.entry_id = e.id AND g.tag = ?)")
        params.append(tag)
    if q.billable is not None:
        clauses.append("e.billable = ?")
        params.append(int(q.billable))
    if q.unbilled:
        clauses.append(f"e.billable = 1 AND {UNBILLED}")
    if q.running is True:
        clauses.append("e.started_at IS NOT NULL AND e.ended_at IS NULL")
    elif q.running is False:
        clauses.append("NOT (e.started_at IS NOT NULL AND e.ended_at IS NULL)")
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), params


def query_entry_rows(conn: sqlite3.Connection, q: EntryQuery) -> Iterator[tuple[Any, ...]]:
    """The rows of the entries `q` selects as plain tuples (see entry_from_row), for
    writers that format them directly (formats/entry_json.py)."""
    where, params = _where(q)
    order = "DESC" if q.newest_first else "ASC"
    sql = (
        f"{_SELECT}{where} ORDER BY e.day {order}, coalesce(e.started_at, '') {order}, e.id {order}"
    )
    if q.limit:
        sql += f" LIMIT {int(q.limit)}"
    cursor = conn.execute(sql, params)
    cursor.row_factory = None
    # not `yield from cursor`: closing this generator would then close the cursor, which
    # fails once the CLI has closed the ledger under a reader that went away (`| head`)
    for row in cursor:  # noqa: UP028
        yield row


def totals(conn: sqlite3.Connection, q: EntryQuery) -> dict[str, int]:
    where, params = _where(q)
    row = conn.execute(
        "SELECT count(*) AS entries, coalesce(sum(e.seconds), 0) AS seconds, "
        "coalesce(sum(CASE WHEN e.billable = 1 THEN e.seconds END), 0) AS billable_seconds "
        "FROM time_entries e JOIN projects p ON p.id = e.project_id "
        f"LEFT JOIN invoices i ON i.id = e.invoice_id{where}",
        params,
    ).fetchone()
    return dict(row)


def entry_by_id(conn: sqlite3.Connection, entry_id: int) -> Entry | None:
    row = conn.execute(f"{_SELECT} WHERE e.id = ?", (entry_id,)).fetchone()
    return entry_from_row(row) if row else None


def entry_refs(conn: sqlite3.Connection, entry_id: int) -> dict[str, Any] | None:
    """Raw foreign keys and lock state of one entry (for edits): the invoice, and the
    approved timesheet week the entry's day is in (`approved_week`), if any."""
    row = conn.execute(
        "SELECT e.id, e.person_id, e.project_id, e.task_id, e.day, e.started_at, e.ended_at, "
        "e.seconds, e.invoice_id, i.status AS invoice_status, i.number AS invoice_number, "
        "(SELECT t.week FROM timesheets t WHERE t.person_id = e.person_id "
        "AND t.status = 'approved' AND t.week_start <= e.day AND t.week_end >= e.day) "
        "AS approved_week, (SELECT name FROM people WHERE id = e.person_id) AS person_name "
        "FROM time_entries e LEFT JOIN invoices i ON i.id = e.invoice_id WHERE e.id = ?",
        (entry_id,),
    ).fetchone()
    return dict(row) if row else None


def running_entry(conn: sqlite3.Connection, person_id: int) -> Entry | None:
    """The person's running timer, read through the partial unique index."""
    # INDEXED BY: the planner otherwise prefers (person_id, started_at) and walks every
    # clocked entry of the person (measured: +1 s at 1M entries for one person).
    sql = _SELECT.replace(
        "FROM time_entries e", "FROM time_entries e INDEXED BY time_entries_running"
    )
    row = conn.execute(
        f"{sql} WHERE e.person_id = ? AND e.started_at IS NOT NULL AND e.ended_at IS NULL",
        (person_id,),
    ).fetchone()
    return entry_from_row(row) if row else None


def running_id(conn: sqlite3.Connection, person_id: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM time_entries INDEXED BY time_entries_running WHERE person_id = ? "
        "AND started_at IS NOT NULL AND ended_at IS NULL",
        (person_id,),
    ).fetchone()
    return int(row[0]) if row else None


def last_entry(conn: sqlite3.Connection, person_id: int) -> dict[str, Any] | None:
    """The person's most recently created entry: what `psa resume` restarts."""
    row = conn.execute(
        "SELECT id, project_id, task_id, note, billable FROM time_entries "
        "WHERE person_id = ? ORDER BY id DESC LIMIT 1",
        (person_id,),
    ).fetchone()
    return dict(row) if row else None


def overlapping(
    conn: sqlite3.Connection,
    person_id: int,
    start_iso: str,
    end_iso: str,
    earliest_start_iso: str,
) -> list[Entry]:
    """Clocked entries of a person that overlap [start, end).

    Stored entries never span more than one local day (they are cut at
    midnight), so a lower bound on `started_at` keeps this an index range scan.
    """
    rows_ = conn.execute(
        f"{_SELECT} WHERE e.person_id = ? AND e.started_at >= ? AND e.started_at < ? "
        "AND coalesce(e.ended_at, '9999') > ? ORDER BY e.started_at",
        (person_id, earliest_start_iso, end_iso, start_iso),
    )
    return [entry_from_row(r) for r in rows_]


def day_seconds(conn: sqlite3.Connection, person_id: int, day: str) -> int:
    row = conn.execute(
        "SELECT coalesce(sum(seconds), 0) FROM time_entries WHERE person_id = ? AND day = ?",
        (person_id, day),
    ).fetchone()
    return int(row[0])


def insert_entry(conn: sqlite3.Connection, values: dict[str, Any], tags: list[str]) -> int:
    entry_id = rows.insert(conn, "time_entries", values)
    if tags:
        set_tags(conn, entry_id, tags)
    return entry_id


def set_tags(conn: sqlite3.Connection, entry_id: int, tags: list[str]) -> None:
    conn.execute("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)",
        [(entry_id, t) for t in tags],
    )


def update_entry(conn: sqlite3.Connection, entry_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "time_entries", entry_id, values)


def delete_entry(conn: sqlite3.Connection, entry_id: int, snapshot: dict[str, Any]) -> None:
    conn.execute("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
    rows.delete(conn, "time_entries", entry_id, snapshot)


def all_tags(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT tag FROM entry_tags ORDER BY tag")]
