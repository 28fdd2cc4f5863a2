"""The audit trail: reading `audit_log` (written by store/rows.py in each write transaction)."""

from __future__ import annotations

import sqlite3
from typing import Any


def entities(conn: sqlite3.Connection) -> list[str]:
    """Entity (table) names that appear in the trail."""
    return [r[0] for r in conn.execute("SELECT DISTINCT entity FROM audit_log ORDER BY entity")]


def history(
    conn: sqlite3.Connection,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    since: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Audit rows, newest first. `since` is a UTC ISO stamp compared as text (same form)."""
    clauses: list[str] = []
    params: list[Any] = []
    if entity is not None:
        clauses.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        clauses.append("entity_id = ?")
        params.append(entity_id)
    if since is not None:
        clauses.append("at >= ?")
        params.append(since)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    params.append(limit)
    return [
        dict(r)
        for r in conn.execute(
            "SELECT id, at, entity, entity_id, action, detail FROM audit_log"
            f"{where} ORDER BY id DESC LIMIT ?",
            params,
        )
    ]
