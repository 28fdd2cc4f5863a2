"""SQL for allocations, and the sums the capacity report and the schedule read."""

from __future__ import annotations

import sqlite3
from typing import Any

from psa_cli.store import rows

_SELECT = """
SELECT a.id, a.uid, a.person_id, pe.name AS person, a.project_id, p.code AS project,
       p.name AS project_name, a.seconds_per_week, a.start_day, a.end_day, a.note
  FROM allocations a
  JOIN people pe ON pe.id = a.person_id
  JOIN projects p ON p.id = a.project_id
"""


def allocation_by_id(conn: sqlite3.Connection, allocation_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_SELECT} WHERE a.id = ?", (allocation_id,)).fetchone()
    return dict(row) if row else None


def list_allocations(
    conn: sqlite3.Connection,
    *,
    person_id: int | None = None,
    project_id: int | None = None,
    day_from: str | None = None,
    day_to: str | None = None,
) -> list[dict[str, Any]]:
    """Allocations matching every filter; a range keeps those overlapping it."""
    clauses: list[str] = []
    params: list[Any] = []
    if person_id is not None:
        clauses.append("a.person_id = ?")
        params.append(person_id)
    if project_id is not None:
        clauses.append("a.project_id = ?")
        params.append(project_id)
    if day_from is not None:
        clauses.append("a.end_day >= ?")
        params.append(day_from)
    if day_to is not None:
        clauses.append("a.start_day <= ?")
        params.append(day_to)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"{_SELECT}{where} ORDER BY p.code, pe.name, a.start_day, a.id"
    return [dict(r) for r in conn.execute(sql, params)]


def overlapping_same(
    conn: sqlite3.Connection,
    person_id: int,
    project_id: int,
    start_day: str,
    end_day: str,
    exclude_id: int | None = None,
) -> dict[str, Any] | None:
    """An allocation of the same person on the same project overlapping the range."""
    row = conn.execute(
        f"{_SELECT} WHERE a.person_id = ? AND a.project_id = ? AND a.start_day <= ? "
        "AND a.end_day >= ? AND a.id IS NOT ? ORDER BY a.start_day LIMIT 1",
        (person_id, project_id, end_day, start_day, exclude_id),
    ).fetchone()
    return dict(row) if row else None


def insert_allocation(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "allocations", values)


def update_allocation(conn: sqlite3.Connection, allocation_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "allocations", allocation_id, values)


def delete_allocation(
    conn: sqlite3.Connection, allocation_id: int, snapshot: dict[str, Any]
) -> None:
    rows.delete(conn, "allocations", allocation_id, snapshot)


# -- capacity and schedule ---------------------------------------------------------------


def people_for_capacity(
    conn: sqlite3.Connection, person_id: int | None = None
) -> list[dict[str, Any]]:
    """People shown by the capacity report: active ones, or the one asked for."""
    sql = "SELECT id, name, capacity_seconds FROM people"
    if person_id is not None:
        return [dict(r) for r in conn.execute(f"{sql} WHERE id = ?", (person_id,))]
    return [dict(r) for r in conn.execute(f"{sql} WHERE archived = 0 ORDER BY name")]


def logged_by_person_week(
    conn: sqlite3.Connection, day_from: str, day_to: str
) -> dict[tuple[int, str], int]:
    """{(person id, Monday of the week): seconds} for entries in [day_from, day_to]; the
    Monday is computed in SQL (`weekday 0` is the next Sunday, minus 6 days)."""
    sql = """
        SELECT person_id, date(day, 'weekday 0', '-6 days') AS monday, sum(seconds)
          FROM time_entries
         WHERE day BETWEEN ? AND ?
         GROUP BY person_id, monday
    """
    return {(r[0], r[1]): int(r[2]) for r in conn.execute(sql, (day_from, day_to))}


def project_spans(conn: sqlite3.Connection, day_from: str, day_to: str) -> list[dict[str, Any]]:
    """Projects that touch [day_from, day_to] by their dates, allocations or entries, with
    the first and last day of each source."""
    sql = """
        WITH alloc AS (SELECT project_id, min(start_day) AS a_from, max(end_day) AS a_to
                         FROM allocations GROUP BY project_id),
             work AS (SELECT project_id, min(day) AS e_from, max(day) AS e_to
                        FROM time_entries GROUP BY project_id)
        SELECT p.id, p.code, p.name, p.status, p.start_day, p.end_day,
               alloc.a_from, alloc.a_to, work.e_from, work.e_to
          FROM projects p
          LEFT JOIN alloc ON alloc.project_id = p.id
          LEFT JOIN work ON work.project_id = p.id
         WHERE p.status != 'archived'
           AND coalesce(p.start_day, alloc.a_from, work.e_from) IS NOT NULL
         ORDER BY p.code
    """
    out = []
    for r in conn.execute(sql):
        row = dict(r)
        first = row["start_day"] or min(d for d in (row["a_from"], row["e_from"]) if d)
        last = row["end_day"] or max([d for d in (row["a_to"], row["e_to"]) if d] or [first])
        if first <= day_to and last >= day_from:
            out.append({**row, "first": first, "last": last})
    return out


def task_milestones(conn: sqlite3.Connection, day_from: str, day_to: str) -> list[dict[str, Any]]:
    """Tasks due in the range: the milestones drawn on their project's row."""
    sql = """
        SELECT project_id, name, due_day, status FROM tasks
         WHERE due_day BETWEEN ? AND ? ORDER BY due_day, name
    """
    return [dict(r) for r in conn.execute(sql, (day_from, day_to))]
