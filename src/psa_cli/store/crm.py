"""SQL for contacts, interactions and deals."""

from __future__ import annotations

import sqlite3
from typing import Any

from psa_cli.store import rows

_CONTACT = (
    "SELECT k.id, k.uid, k.client_id, c.code AS client_code, k.name, k.role, k.email, "
    "k.phone, (SELECT count(*) FROM interactions i WHERE i.contact_id = k.id) AS interactions "
    "FROM contacts k JOIN clients c ON c.id = k.client_id"
)
_INTERACTION = (
    "SELECT i.id, i.uid, i.client_id, c.code AS client_code, i.contact_id, "
    "k.name AS contact, i.kind, i.day, i.text, i.created_at "
    "FROM interactions i JOIN clients c ON c.id = i.client_id "
    "LEFT JOIN contacts k ON k.id = i.contact_id"
)
_DEAL = (
    "SELECT d.id, d.uid, d.client_id, c.code AS client_code, d.title, d.value_minor, "
    "d.currency, d.stage, d.probability, d.close_date, d.closed_on, d.lost_reason, "
    "d.project_id, p.code AS project_code, d.created_at "
    "FROM deals d JOIN clients c ON c.id = d.client_id "
    "LEFT JOIN projects p ON p.id = d.project_id"
)
_STAGE_ORDER = (
    "CASE d.stage WHEN 'lead' THEN 1 WHEN 'qualified' THEN 2 WHEN 'proposal' THEN 3 "
    "WHEN 'negotiation' THEN 4 WHEN 'won' THEN 5 ELSE 6 END"
)


# -- contacts ---------------------------------------------------------------


def contact(conn: sqlite3.Connection, contact_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_CONTACT} WHERE k.id = ?", (contact_id,)).fetchone()
    return dict(row) if row else None


def contacts_named(conn: sqlite3.Connection, client_id: int, name: str) -> list[dict[str, Any]]:
    sql = f"{_CONTACT} WHERE k.client_id = ? AND k.name = ? COLLATE NOCASE"
    return [dict(r) for r in conn.execute(sql, (client_id, name))]


def list_contacts(conn: sqlite3.Connection, client_id: int | None = None) -> list[dict[str, Any]]:
    where, params = (" WHERE k.client_id = ?", (client_id,)) if client_id else ("", ())
    sql = f"{_CONTACT}{where} ORDER BY c.code, k.name COLLATE NOCASE, k.id"
    return [dict(r) for r in conn.execute(sql, params)]


def insert_contact(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "contacts", values)


def update_contact(conn: sqlite3.Connection, contact_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "contacts", contact_id, values)


def delete_contact(conn: sqlite3.Connection, contact_id: int, snapshot: dict[str, Any]) -> None:
    """Interactions with the contact keep their text; their contact_id is cleared
    (audited here, since ON DELETE SET NULL would do it silently)."""
    for (interaction_id,) in conn.execute(
        "SELECT id FROM interactions WHERE contact_id = ?", (contact_id,)
    ).fetchall():
        rows.update(conn, "interactions", interaction_id, {"contact_id": None})
    rows.delete(conn, "contacts", contact_id, snapshot)


# -- interactions -----------------------------------------------------------


def interaction(conn: sqlite3.Connection, interaction_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_INTERACTION} WHERE i.id = ?", (interaction_id,)).fetchone()
    return dict(row) if row else None


def list_interactions(
    conn: sqlite3.Connection, client_id: int | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Newest first (by day, then by when they were written down)."""
    where, params = (" WHERE i.client_id = ?", [client_id]) if client_id else ("", [])
    sql = f"{_INTERACTION}{where} ORDER BY i.day DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in conn.execute(sql, params)]


def insert_interaction(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "interactions", values)


# -- deals ------------------------------------------------------------------


def deal(conn: sqlite3.Connection, deal_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_DEAL} WHERE d.id = ?", (deal_id,)).fetchone()
    return dict(row) if row else None


def list_deals(
    conn: sqlite3.Connection, stages: tuple[str, ...] = (), client_id: int | None = None
) -> list[dict[str, Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if stages:
        clauses.append(f"d.stage IN ({','.join('?' * len(stages))})")
        params.extend(stages)
    if client_id:
        clauses.append("d.client_id = ?")
        params.append(client_id)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"{_DEAL}{where} ORDER BY {_STAGE_ORDER}, coalesce(d.close_date, '9999'), d.id"
    return [dict(r) for r in conn.execute(sql, params)]


def insert_deal(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "deals", values)


def update_deal(conn: sqlite3.Connection, deal_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "deals", deal_id, values)


def open_deals(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Open deals with what the forecast needs."""
    sql = (
        "SELECT id, currency, stage, probability, value_minor, close_date FROM deals "
        "WHERE stage NOT IN ('won', 'lost') ORDER BY close_date, id"
    )
    return [dict(r) for r in conn.execute(sql)]


def closed_totals(conn: sqlite3.Connection, since: str | None = None) -> dict[str, dict[str, int]]:
    """Per currency: count and value of won and of lost deals (closed on/after `since`)."""
    where = " AND closed_on >= ?" if since else ""
    params = (since,) if since else ()
    out: dict[str, dict[str, int]] = {}
    for currency, stage, count, value in conn.execute(
        "SELECT currency, stage, count(*), coalesce(sum(value_minor), 0) FROM deals "
        f"WHERE stage IN ('won', 'lost'){where} GROUP BY currency, stage",
        params,
    ):
        bucket = out.setdefault(currency, {"won": 0, "lost": 0, "won_minor": 0, "lost_minor": 0})
        bucket[stage] = int(count)
        bucket[f"{stage}_minor"] = int(value)
    return out
