"""SQL for expenses."""

from __future__ import annotations

import sqlite3
from typing import Any

from psa_cli.domain.models import Expense
from psa_cli.store import rows

_SELECT = """
SELECT x.id, x.uid, x.day, c.code AS client_code, p.code AS project_code, pe.name AS person,
       x.description, x.category, x.amount_minor, x.currency, x.billable, x.markup_pct,
       x.receipt_path, x.invoice_id, i.number AS invoice_number
  FROM expenses x
  JOIN projects p ON p.id = x.project_id
  JOIN clients c ON c.id = p.client_id
  JOIN people pe ON pe.id = x.person_id
  LEFT JOIN invoices i ON i.id = x.invoice_id
"""


def _expense(row: sqlite3.Row) -> Expense:
    data = dict(row)
    data["billable"] = bool(data["billable"])
    return Expense(**data)


def expense_by_id(conn: sqlite3.Connection, expense_id: int) -> Expense | None:
    row = conn.execute(f"{_SELECT} WHERE x.id = ?", (expense_id,)).fetchone()
    return _expense(row) if row else None


def expense_lock(conn: sqlite3.Connection, expense_id: int) -> tuple[str | None, str | None]:
    """(invoice status, invoice number) of the invoice holding the expense, if any."""
    row = conn.execute(
        "SELECT i.status, i.number FROM expenses x LEFT JOIN invoices i ON i.id = x.invoice_id "
        "WHERE x.id = ?",
        (expense_id,),
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def list_expenses(
    conn: sqlite3.Connection,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    client_id: int | None = None,
    project_id: int | None = None,
    category: str | None = None,
    billable: bool | None = None,
    unbilled: bool = False,
) -> list[Expense]:
    clauses: list[str] = []
    params: list[Any] = []
    for cond, value in (
        ("x.day >= ?", date_from),
        ("x.day <= ?", date_to),
        ("p.client_id = ?", client_id),
        ("x.project_id = ?", project_id),
        ("x.category = ? COLLATE NOCASE", category),
    ):
        if value is not None:
            clauses.append(cond)
            params.append(value)
    if billable is not None:
        clauses.append("x.billable = ?")
        params.append(int(billable))
    if unbilled:
        clauses.append("x.billable = 1 AND (x.invoice_id IS NULL OR i.status = 'draft')")
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return [_expense(r) for r in conn.execute(f"{_SELECT}{where} ORDER BY x.day, x.id", params)]


def insert_expense(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "expenses", values)


def update_expense(conn: sqlite3.Connection, expense_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "expenses", expense_id, values)


def delete_expense(conn: sqlite3.Connection, expense_id: int, snapshot: dict[str, Any]) -> None:
    rows.delete(conn, "expenses", expense_id, snapshot)


def receipt_in_use(conn: sqlite3.Connection, sha256: str) -> int:
    row = conn.execute("SELECT count(*) FROM expenses WHERE receipt_sha256 = ?", (sha256,))
    return int(row.fetchone()[0])
