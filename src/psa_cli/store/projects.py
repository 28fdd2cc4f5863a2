"""SQL for projects and tasks."""

from __future__ import annotations

import sqlite3
from typing import Any

from psa_cli.domain.models import Project, Task
from psa_cli.store import rows
from psa_cli.store.entries import UNBILLED

_PROJECT = (
    "SELECT p.id, p.uid, p.client_id, c.code AS client_code, p.code, p.name, p.billing, "
    "c.currency, p.rate_minor, p.budget_seconds, p.budget_minor, p.status, p.created_at, "
    "p.rounding, p.cap_minor, p.fee_minor, p.retainer_minor, p.retainer_seconds, "
    "p.rollover = 1 AS rollover, p.start_day, p.end_day "
    "FROM projects p JOIN clients c ON c.id = p.client_id"
)
_TASK = (
    "SELECT t.id, t.uid, t.project_id, p.code AS project_code, t.name, t.estimate_seconds, "
    "t.rate_minor, c.currency, t.status, t.due_day, pe.name AS assignee "
    "FROM tasks t JOIN projects p ON p.id = t.project_id "
    "JOIN clients c ON c.id = p.client_id LEFT JOIN people pe ON pe.id = t.assignee_id"
)


def project_by_code(conn: sqlite3.Connection, code: str) -> Project | None:
    row = conn.execute(f"{_PROJECT} WHERE p.code = ?", (code,)).fetchone()
    return Project(**dict(row)) if row else None


def project_by_id(conn: sqlite3.Connection, project_id: int) -> Project | None:
    row = conn.execute(f"{_PROJECT} WHERE p.id = ?", (project_id,)).fetchone()
    return Project(**dict(row)) if row else None


def projects_of_client(conn: sqlite3.Connection, client_id: int) -> list[Project]:
    return [
        Project(**dict(r))
        for r in conn.execute(f"{_PROJECT} WHERE p.client_id = ? ORDER BY p.code", (client_id,))
    ]


def project_codes(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT code FROM projects ORDER BY code")]


def project_names(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(client code, project code, project name) for every project: fuzzy lookups."""
    return [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT c.code, p.code, p.name FROM projects p JOIN clients c ON c.id = p.client_id"
        )
    ]


def list_projects(
    conn: sqlite3.Connection, *, client_id: int | None = None, include_archived: bool = False
) -> list[Project]:
    clauses, params = [], []
    if client_id is not None:
        clauses.append("p.client_id = ?")
        params.append(client_id)
    if not include_archived:
        clauses.append("p.status != 'archived'")
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    projects = [
        Project(**dict(r))
        for r in conn.execute(f"{_PROJECT}{where} ORDER BY c.code, p.code", params)
    ]
    totals = dict(
        conn.execute("SELECT project_id, sum(seconds) FROM time_entries GROUP BY project_id")
    )
    for project in projects:
        project.logged_seconds = int(totals.get(project.id) or 0)
    return projects


def project_totals(conn: sqlite3.Connection, project_id: int) -> dict[str, int]:
    row = conn.execute(
        f"""
        SELECT coalesce(sum(seconds), 0) AS logged_seconds,
               coalesce(sum(CASE WHEN billable = 1 THEN seconds END), 0) AS billable_seconds,
               coalesce(sum(CASE WHEN e.billable = 1 AND {UNBILLED} THEN seconds END), 0)
                 AS unbilled_seconds,
               count(*) AS entries,
               min(day) AS first_day, max(day) AS last_day
          FROM time_entries e LEFT JOIN invoices i ON i.id = e.invoice_id
         WHERE e.project_id = ?
        """,
        (project_id,),
    ).fetchone()
    return dict(row)


def insert_project(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "projects", values)


def update_project(conn: sqlite3.Connection, project_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "projects", project_id, values)


# -- tasks ------------------------------------------------------------------


def task_by_name(conn: sqlite3.Connection, project_id: int, name: str) -> Task | None:
    row = conn.execute(
        f"{_TASK} WHERE t.project_id = ? AND t.name = ?", (project_id, name)
    ).fetchone()
    return Task(**dict(row)) if row else None


def task_by_id(conn: sqlite3.Connection, task_id: int) -> Task | None:
    row = conn.execute(f"{_TASK} WHERE t.id = ?", (task_id,)).fetchone()
    return Task(**dict(row)) if row else None


def task_names(conn: sqlite3.Connection, project_id: int) -> list[str]:
    return [
        r[0] for r in conn.execute("SELECT name FROM tasks WHERE project_id = ?", (project_id,))
    ]


def list_tasks(
    conn: sqlite3.Connection,
    *,
    project_id: int | None = None,
    include_done: bool = True,
    status: str | None = None,
    assignee_id: int | None = None,
    due_before: str | None = None,
) -> list[Task]:
    """Tasks with their logged time; `due_before` keeps open tasks due before that day."""
    clauses: list[str] = []
    params: list[Any] = []
    if project_id is not None:
        clauses.append("t.project_id = ?")
        params.append(project_id)
    if not include_done:
        clauses.append("t.status != 'done'")
    if status is not None:
        clauses.append("t.status = ?")
        params.append(status)
    if assignee_id is not None:
        clauses.append("t.assignee_id = ?")
        params.append(assignee_id)
    if due_before is not None:
        clauses.append("t.due_day < ? AND t.status != 'done'")
        params.append(due_before)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    tasks = [
        Task(**dict(r)) for r in conn.execute(f"{_TASK}{where} ORDER BY p.code, t.name", params)
    ]
    if tasks:
        ids = [t.id for t in tasks]
        marks = ",".join("?" * len(ids))
        totals = dict(
            conn.execute(
                f"SELECT task_id, sum(seconds) FROM time_entries WHERE task_id IN ({marks}) "
                "GROUP BY task_id",
                ids,
            )
        )
        for task in tasks:
            task.logged_seconds = int(totals.get(task.id) or 0)
    return tasks


def insert_task(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "tasks", values)


def update_task(conn: sqlite3.Connection, task_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "tasks", task_id, values)
