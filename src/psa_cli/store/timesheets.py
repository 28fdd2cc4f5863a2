"""SQL for timesheet approval: one row per person and ISO week once it leaves 'open'.

Kept import-light: the hot commands (`psa log`, `start`, `stop`) ask `approved_week`
whether a day is locked."""

from __future__ import annotations

import sqlite3
from typing import Any

from psa_cli.store import rows

_SELECT = """
SELECT t.id, t.uid, t.person_id, pe.name AS person, t.week, t.week_start, t.week_end,
       t.status, t.reason, t.submitted_at, t.decided_at
  FROM timesheets t JOIN people pe ON pe.id = t.person_id
"""


def approved_week(conn: sqlite3.Connection, person_id: int, day: str) -> str | None:
    """The ISO week label when `day` of this person lies in an approved week."""
    row = conn.execute(
        "SELECT week FROM timesheets WHERE person_id = ? AND status = 'approved' "
        "AND week_start <= ? AND week_end >= ?",
        (person_id, day, day),
    ).fetchone()
    return str(row[0]) if row else None


def first_new_in_approved_week(
    conn: sqlite3.Connection, after_id: int
) -> tuple[str, str, str] | None:
    """(day, person, week) of the earliest approved week holding an entry with an id above
    `after_id` (just imported): one range of `time_entries_person_day` per approved week."""
    row = conn.execute(
        "SELECT (SELECT min(e.day) FROM time_entries e WHERE e.person_id = t.person_id "
        "AND e.day BETWEEN t.week_start AND t.week_end AND e.id > ?1) AS day, pe.name, t.week "
        "FROM timesheets t JOIN people pe ON pe.id = t.person_id "
        "WHERE t.status = 'approved' AND day IS NOT NULL ORDER BY t.week_start LIMIT 1",
        (after_id,),
    ).fetchone()
    return (str(row[0]), str(row[1]), str(row[2])) if row else None


def sheet(conn: sqlite3.Connection, person_id: int, week_start: str) -> dict[str, Any] | None:
    row = conn.execute(
        f"{_SELECT} WHERE t.person_id = ? AND t.week_start = ?", (person_id, week_start)
    ).fetchone()
    return dict(row) if row else None


def sheets(
    conn: sqlite3.Connection, *, week_start: str | None = None, person_id: int | None = None
) -> list[dict[str, Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if week_start is not None:
        clauses.append("t.week_start = ?")
        params.append(week_start)
    if person_id is not None:
        clauses.append("t.person_id = ?")
        params.append(person_id)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"{_SELECT}{where} ORDER BY t.week_start DESC, pe.name"
    return [dict(r) for r in conn.execute(sql, params)]


def week_totals(
    conn: sqlite3.Connection, week_start: str, week_end: str, person_id: int | None = None
) -> dict[int, dict[str, int]]:
    """{person id: {seconds, entries, running}} for the days of one week."""
    sql = (
        "SELECT person_id, coalesce(sum(seconds), 0), count(*), "
        "coalesce(sum(started_at IS NOT NULL AND ended_at IS NULL), 0) "
        "FROM time_entries WHERE day BETWEEN ? AND ?"
    )
    params: list[Any] = [week_start, week_end]
    if person_id is not None:
        sql += " AND person_id = ?"
        params.append(person_id)
    sql += " GROUP BY person_id"
    return {
        r[0]: {"seconds": int(r[1]), "entries": int(r[2]), "running": int(r[3])}
        for r in conn.execute(sql, params)
    }


def insert_sheet(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "timesheets", values)


def update_sheet(conn: sqlite3.Connection, sheet_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "timesheets", sheet_id, values)
