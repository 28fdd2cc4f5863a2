"""SQL for contracts, their milestones and what invoices billed under them."""

from __future__ import annotations

import sqlite3
from typing import Any

from psa_cli.store import rows

_CONTRACT = (
    "SELECT k.*, c.code AS client_code, p.code AS project_code, p.name AS project_name "
    "FROM contracts k JOIN clients c ON c.id = k.client_id "
    "JOIN projects p ON p.id = k.project_id"
)
# A line counts for a contract while its invoice is issued; a credit note's lines
# (credits_line) count negatively.
_BILLED = (
    "SELECT coalesce(sum(CASE WHEN i.kind = 'credit_note' THEN -n.net_minor "
    "ELSE n.net_minor END), 0) FROM invoice_lines n JOIN invoices i ON i.id = n.invoice_id "
    "LEFT JOIN invoice_lines o ON o.id = n.credits_line "
    "WHERE coalesce(n.contract_id, o.contract_id) = ? AND i.status = 'issued'"
)
# A milestone is billed while a line names it on a draft or issued invoice and no issued
# credit note credits that line.
_MILESTONE_LINE = """
    (SELECT {column} FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE l.milestone_id = m.id AND i.kind = 'invoice' AND i.status IN ('draft', 'issued')
        AND NOT EXISTS (SELECT 1 FROM invoice_lines cl JOIN invoices ci ON ci.id = cl.invoice_id
                         WHERE cl.credits_line = l.id AND ci.status = 'issued')
      ORDER BY l.id DESC LIMIT 1)
"""


def contract(conn: sqlite3.Connection, contract_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_CONTRACT} WHERE k.id = ?", (contract_id,)).fetchone()
    return dict(row) if row else None


def list_contracts(
    conn: sqlite3.Connection, client_id: int | None = None, project_id: int | None = None
) -> list[dict[str, Any]]:
    clauses, params = [], []
    if client_id:
        clauses.append("k.client_id = ?")
        params.append(client_id)
    if project_id:
        clauses.append("k.project_id = ?")
        params.append(project_id)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"{_CONTRACT}{where} ORDER BY c.code, p.code, k.start_day, k.id"
    return [dict(r) for r in conn.execute(sql, params)]


def overlapping(
    conn: sqlite3.Connection, project_id: int, start: str, end: str | None, exclude: int = 0
) -> dict[str, Any] | None:
    """Another contract of the project whose dates meet [start, end] (None: open-ended)."""
    row = conn.execute(
        f"{_CONTRACT} WHERE k.project_id = ? AND k.start_day <= coalesce(?, '9999-12-31') "
        "AND coalesce(k.end_day, '9999-12-31') >= ? AND k.id != ? ORDER BY k.start_day LIMIT 1",
        (project_id, end, start, exclude),
    ).fetchone()
    return dict(row) if row else None


def for_client(
    conn: sqlite3.Connection, client_id: int, start: str | None, end: str | None
) -> list[dict[str, Any]]:
    """The client's contracts in force at some day of [start, end] (None: unbounded)."""
    sql = (
        f"{_CONTRACT} WHERE k.client_id = ? AND k.start_day <= coalesce(?, '9999-12-31') "
        "AND coalesce(k.end_day, '9999-12-31') >= coalesce(?, '0000-01-01') "
        "ORDER BY k.project_id, k.start_day"
    )
    return [dict(r) for r in conn.execute(sql, (client_id, end, start))]


def insert_contract(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "contracts", values)


def update_contract(conn: sqlite3.Connection, contract_id: int, values: dict[str, Any]) -> None:
    rows.update(conn, "contracts", contract_id, values)


def insert_milestone(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return rows.insert(conn, "contract_milestones", values)


def milestones(conn: sqlite3.Connection, contract_id: int) -> list[dict[str, Any]]:
    """Milestones by day, each with the invoice that bills it (None: unbilled)."""
    sql = f"""
        SELECT m.id, m.uid, m.name, m.day, m.amount_minor,
               {_MILESTONE_LINE.format(column="i.id")} AS invoice_id,
               {_MILESTONE_LINE.format(column="i.number")} AS invoice_number,
               {_MILESTONE_LINE.format(column="i.status")} AS invoice_status
          FROM contract_milestones m WHERE m.contract_id = ? ORDER BY m.day, m.id
    """
    return [dict(r) for r in conn.execute(sql, (contract_id,))]


def billed(conn: sqlite3.Connection, contract_id: int) -> int:
    """Net invoiced under the contract (issued invoices, less issued credit notes)."""
    return int(conn.execute(_BILLED, (contract_id,)).fetchone()[0])


def retainer_history(conn: sqlite3.Connection, contract_id: int, before: str) -> list[int]:
    """Seconds used in each earlier billed retainer month of the contract, oldest first."""
    return [
        int(r[0])
        for r in conn.execute(
            "SELECT coalesce((SELECT sum(e.seconds) FROM time_entries e "
            "WHERE e.invoice_line_id = l.id), 0) FROM invoice_lines l "
            "JOIN invoices i ON i.id = l.invoice_id WHERE l.contract_id = ? "
            "AND l.kind = 'retainer' AND i.status = 'issued' AND i.kind = 'invoice' "
            "AND l.period_from < ? ORDER BY l.period_from",
            (contract_id, before),
        )
    ]


def logged_seconds(conn: sqlite3.Connection, project_id: int, start: str, end: str) -> int:
    """Billable seconds logged on the project from start to end (billed or not)."""
    row = conn.execute(
        "SELECT coalesce(sum(seconds), 0) FROM time_entries "
        "WHERE project_id = ? AND billable = 1 AND day BETWEEN ? AND ?",
        (project_id, start, end),
    ).fetchone()
    return int(row[0])


def lines_after(conn: sqlite3.Connection, contract_id: int, day: str) -> list[str]:
    """Invoices (draft or issued) with a line billed under the contract for work or a
    milestone after `day`."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT DISTINCT coalesce(i.number, 'draft ' || i.id) FROM invoice_lines l "
            "JOIN invoices i ON i.id = l.invoice_id WHERE l.contract_id = ? "
            "AND i.status IN ('draft', 'issued') AND l.period_from > ?",
            (contract_id, day),
        )
    ]


def line_count(conn: sqlite3.Connection, contract_id: int) -> int:
    """Invoice lines of any status that name the contract or one of its milestones."""
    row = conn.execute(
        "SELECT count(*) FROM invoice_lines WHERE contract_id = ? OR milestone_id IN "
        "(SELECT id FROM contract_milestones WHERE contract_id = ?)",
        (contract_id, contract_id),
    ).fetchone()
    return int(row[0])


def delete_contract(conn: sqlite3.Connection, contract: dict[str, Any]) -> None:
    for m in conn.execute(
        "SELECT id, name, day, amount_minor FROM contract_milestones WHERE contract_id = ?",
        (contract["id"],),
    ).fetchall():
        rows.delete(conn, "contract_milestones", m["id"], dict(m))
    snapshot = {k: contract[k] for k in ("client_id", "project_id", "kind", "start_day",
                                         "end_day", "amount_minor", "cap_minor")}  # fmt: skip
    rows.delete(conn, "contracts", contract["id"], snapshot)


def retainer_months(conn: sqlite3.Connection, contract_id: int) -> set[str]:
    """First days of the months a retainer line of the contract bills, on a draft or an
    issued invoice, unless an issued credit note credits that line."""
    return {
        str(r[0])
        for r in conn.execute(
            "SELECT l.period_from FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id "
            "WHERE l.contract_id = ? AND l.kind = 'retainer' AND i.kind = 'invoice' "
            "AND i.status IN ('draft', 'issued') AND NOT EXISTS (SELECT 1 FROM invoice_lines cl "
            "JOIN invoices ci ON ci.id = cl.invoice_id WHERE cl.credits_line = l.id "
            "AND ci.status = 'issued')",
            (contract_id,),
        )
    }
