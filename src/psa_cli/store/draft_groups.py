"""Unbilled time summed in SQL for drafts grouped by task, project or day.

A draft of 100,000 entries used to read every entry into Python; grouped drafts only need
sums per (project, task, entry rate, person, retainer month), each with its per-entry rounded
seconds and the ids it covers (as one JSON array built by SQLite). The rows look like
`invoices.unbilled_entries` rows plus `count`, `ids`, `day_to` and `billed`.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from psa_cli.store.invoices import _unbilled_filter
from psa_cli.store.reports import rounding_sql

# Rounding settings per project id: (mode, minutes, minimum minutes).
Roundings = dict[int, tuple[str, int, int]]


def client_project_roundings(conn: sqlite3.Connection, client_id: int) -> dict[int, str | None]:
    """Each project of the client and its own rounding setting (None: the client's)."""
    return {
        int(r[0]): r[1]
        for r in conn.execute("SELECT id, rounding FROM projects WHERE client_id = ?", (client_id,))
    }


def _billed_sql(roundings: Roundings) -> str:
    """Per-entry billed seconds, one CASE arm per rounding setting in use."""
    arms: dict[str, list[int]] = {}
    for project_id, (mode, minutes, minimum) in sorted(roundings.items()):
        arms.setdefault(rounding_sql(mode, minutes, minimum), []).append(project_id)
    if not arms:
        return "e.seconds"
    if len(arms) == 1:
        return next(iter(arms))
    cases = " ".join(
        f"WHEN e.project_id IN ({', '.join(str(int(p)) for p in ids)}) THEN {expr}"
        for expr, ids in arms.items()
    )
    return f"(CASE {cases} ELSE e.seconds END)"


def unbilled_groups(
    conn: sqlite3.Connection,
    client_id: int,
    date_from: str | None,
    date_to: str | None,
    project_ids: list[int],
    *,
    roundings: Roundings,
    approved_only: bool = False,
) -> list[dict[str, Any]]:
    """Billable, finished, unbilled time of hourly and retainer projects, summed per group,
    in the order of each group's first entry (day, start, id) like `unbilled_entries`.

    `roundings` gives the per-entry rounding of each project (empty: raw seconds); groups
    split by month on retainer projects. Entries whose billed time is 0 are left out: they
    stay unbilled, as when drafting entry by entry."""
    clauses, params = _unbilled_filter(
        "e", client_id, date_from, date_to, project_ids, approved_only
    )
    clauses.append("NOT (e.started_at IS NOT NULL AND e.ended_at IS NULL)")
    clauses.append("p.billing NOT IN ('non-billable', 'fixed')")
    billed = _billed_sql(roundings)
    clauses.append(f"{billed} > 0")
    sql = f"""
        SELECT e.project_id, e.task_id, e.rate_minor, e.person_id,
               CASE WHEN p.billing = 'retainer' THEN substr(e.day, 1, 7) ELSE '' END,
               min(printf('%s %s %012d', e.day, coalesce(e.started_at, ''), e.id)) AS first,
               min(e.day), max(e.day), count(*), sum(e.seconds), sum({billed}),
               json_group_array(e.id)
          FROM time_entries e JOIN projects p ON p.id = e.project_id
         WHERE {" AND ".join(clauses)}
         GROUP BY 1, 2, 3, 4, 5
         ORDER BY first
    """
    lookups = Lookups(conn, client_id)
    out = []
    for row in conn.execute(sql, params):
        project_id, task_id, rate, person_id, _month, first, day, day_to = row[:8]
        count, seconds, total, ids = row[8:]
        out.append({
            "id": int(first.rsplit(" ", 1)[1]), "day": day, "day_to": day_to, "note": "",
            "seconds": seconds, "billed": total, "count": count, "ids": json.loads(ids),
            "entry_rate": rate, **lookups.task(task_id), **lookups.projects[project_id],
            **lookups.person(person_id),
        })  # fmt: skip
    return out


class Lookups:
    """The project, task and person fields merged into each row, read once per id."""

    def __init__(self, conn: sqlite3.Connection, client_id: int) -> None:
        self.conn = conn
        self.projects = {
            r[0]: {
                "project_id": r[0], "project_code": r[1], "project_name": r[2], "billing": r[3],
                "project_rounding": r[4], "project_rate": r[5], "cap_minor": r[6],
                "fee_minor": r[7], "retainer_minor": r[8], "retainer_seconds": r[9],
                "rollover": r[10],
            }
            for r in conn.execute(
                "SELECT id, code, name, billing, rounding, rate_minor, cap_minor, fee_minor, "
                "retainer_minor, retainer_seconds, rollover FROM projects WHERE client_id = ?",
                (client_id,),
            )
        }  # fmt: skip
        self.tasks: dict[Any, dict[str, Any]] = {
            None: {"task_id": None, "task": None, "task_rate": None}
        }
        self.people: dict[int, dict[str, Any]] = {}

    def task(self, task_id: int | None) -> dict[str, Any]:
        found = self.tasks.get(task_id)
        if found is None:
            r = self.conn.execute(
                "SELECT id, name, rate_minor FROM tasks WHERE id = ?", (task_id,)
            ).fetchone()
            found = self.tasks[task_id] = {"task_id": r[0], "task": r[1], "task_rate": r[2]}
        return found

    def person(self, person_id: int) -> dict[str, Any]:
        found = self.people.get(person_id)
        if found is None:
            r = self.conn.execute(
                "SELECT rate_minor, currency, name FROM people WHERE id = ?", (person_id,)
            ).fetchone()
            found = self.people[person_id] = {
                "person_rate": r[0], "person_currency": r[1], "person": r[2]
            }  # fmt: skip
        return found
