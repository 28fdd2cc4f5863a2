"""SQL for people and clients."""

from __future__ import annotations

import sqlite3
from typing import Any

from psa_cli.domain.models import Client, Person
from psa_cli.store import rows
from psa_cli.store.entries import UNBILLED

_PERSON = (
    "SELECT id, uid, name, email, capacity_seconds, cost_rate_minor, rate_minor, currency, "
    "is_default, archived FROM people"
)
_CLIENT = (
    "SELECT id, uid, code, name, email, address, tax_id, currency, rate_minor, tax_rate, "
    "terms_days, archived, created_at, postcode, city, country, tax_category, exemption_reason, "
    "rounding FROM clients"
)


def _person(row: sqlite3.Row) -> Person:
    data = dict(row)
    data["is_default"] = bool(data["is_default"])
    data["archived"] = bool(data["archived"])
    return Person(**data)


def _client(row: sqlite3.Row) -> Client:
    data = dict(row)
    data["archived"] = bool(data["archived"])
    return Client(**data)


# -- people -----------------------------------------------------------------


def default_person(conn: sqlite3.Connection) -> Person | None:
    row = conn.execute(f"{_PERSON} WHERE is_default = 1").fetchone()
    return _person(row) if row else None


def default_person_id(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT id FROM people WHERE is_default = 1").fetchone()
    return int(row[0]) if row else None


def person_by_name(conn: sqlite3.Connection, name: str) -> Person | None:
    row = conn.execute(f"{_PERSON} WHERE name = ?", (name,)).fetchone()
    return _person(row) if row else None


def person_by_id(conn: sqlite3.Connection, person_id: int) -> Person | None:
    row = conn.execute(f"{_PERSON} WHERE id = ?", (person_id,)).fetchone()
    return _person(row) if row else None


def list_people(conn: sqlite3.Connection, *, include_archived: bool = False) -> list[Person]:
    where = "" if include_archived else " WHERE archived = 0"
    return [_person(r) for r in conn.execute(f"{_PERSON}{where} ORDER BY is_default DESC, name")]


def person_names(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM people ORDER BY name")]


def insert_person(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "people", values)


def update_person(conn: sqlite3.Connection, person_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "people", person_id, values)


# -- clients ----------------------------------------------------------------


def client_by_code(conn: sqlite3.Connection, code: str) -> Client | None:
    row = conn.execute(f"{_CLIENT} WHERE code = ?", (code,)).fetchone()
    return _client(row) if row else None


def client_by_id(conn: sqlite3.Connection, client_id: int) -> Client | None:
    row = conn.execute(f"{_CLIENT} WHERE id = ?", (client_id,)).fetchone()
    return _client(row) if row else None


def clients_by_name(conn: sqlite3.Connection, name: str) -> list[Client]:
    return [_client(r) for r in conn.execute(f"{_CLIENT} WHERE name = ? COLLATE NOCASE", (name,))]


def list_clients(conn: sqlite3.Connection, *, include_archived: bool = False) -> list[Client]:
    where = "" if include_archived else " WHERE archived = 0"
    return [_client(r) for r in conn.execute(f"{_CLIENT}{where} ORDER BY code")]


def client_codes(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT code FROM clients ORDER BY code")]


def insert_client(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "clients", values)


def update_client(conn: sqlite3.Connection, client_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "clients", client_id, values)


def client_activity(conn: sqlite3.Connection, client_id: int) -> dict[str, int]:
    """Totals shown by `psa client show`: projects, logged and unbilled seconds, expenses."""
    row = conn.execute(
        f"""
        SELECT
          (SELECT count(*) FROM projects WHERE client_id = :c) AS projects,
          (SELECT coalesce(sum(e.seconds), 0) FROM time_entries e
             JOIN projects p ON p.id = e.project_id WHERE p.client_id = :c) AS logged_seconds,
          (SELECT coalesce(sum(e.seconds), 0) FROM time_entries e
             JOIN projects p ON p.id = e.project_id
             LEFT JOIN invoices i ON i.id = e.invoice_id
            WHERE p.client_id = :c AND e.billable = 1 AND {UNBILLED}) AS unbilled_seconds,
          (SELECT count(*) FROM expenses x JOIN projects p ON p.id = x.project_id
            WHERE p.client_id = :c) AS expenses
        """,
        {"c": client_id},
    ).fetchone()
    return dict(row)
