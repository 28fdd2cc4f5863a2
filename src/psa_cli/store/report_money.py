"""SQL of the reports about money: the catalog they price with, expenses, invoice lines,
payments and receivables. These tables are small next to the time entries (a few rows
per invoice or expense), so plain GROUP BY queries are enough."""

from __future__ import annotations

import sqlite3
from typing import Any

from psa_cli.store.reports import Periods, Scope


def projects(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every project with what pricing needs from it and its client."""
    return [
        dict(r)
        for r in conn.execute(
            "SELECT p.id, p.code, p.name, p.billing, p.status, p.rate_minor, p.rounding, "
            "p.budget_seconds, p.budget_minor, p.fee_minor, p.retainer_minor, "
            "p.retainer_seconds, p.rollover, p.client_id, c.code AS client_code, "
            "c.name AS client_name, c.currency, c.rate_minor AS client_rate, "
            "c.rounding AS client_rounding FROM projects p JOIN clients c ON c.id = p.client_id "
            "ORDER BY c.code, p.code"
        )
    ]


def clients(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT id, code, name, currency FROM clients")]


def tasks(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT id, project_id, name, rate_minor FROM tasks")]


def people(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in conn.execute(
            "SELECT id, name, capacity_seconds, cost_rate_minor, rate_minor, currency, archived "
            "FROM people ORDER BY name"
        )
    ]


def expense_sums(
    conn: sqlite3.Connection,
    scope: Scope,
    periods: Periods,
    *,
    billable_only: bool,
) -> list[dict[str, Any]]:
    """Expenses per (period, project, currency, billable, markup). Marked-up expenses keep
    their amount in the key, because each one's markup is rounded on its own."""
    clauses: list[str] = []
    params: list[Any] = []
    if scope.date_from:
        clauses.append("x.day >= ?")
        params.append(scope.date_from)
    if scope.date_to:
        clauses.append("x.day <= ?")
        params.append(scope.date_to)
    if scope.project_ids is not None:
        clauses.append(f"x.project_id IN ({','.join('?' * len(scope.project_ids))})")
        params += scope.project_ids
    if scope.person_ids:
        clauses.append(f"x.person_id IN ({','.join('?' * len(scope.person_ids))})")
        params += scope.person_ids
    if billable_only:
        clauses.append("x.billable = 1")
    if scope.unbilled:
        clauses.append(
            "(x.invoice_id IS NULL OR x.invoice_id IN "
            "(SELECT id FROM invoices WHERE status = 'draft'))"
        )
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"""
        SELECT {periods.sql_index("x.day")} AS period, x.project_id, x.currency, x.billable,
               x.markup_pct, CASE WHEN x.markup_pct = '0' THEN 0 ELSE x.amount_minor END AS each,
               sum(x.amount_minor) AS amount, count(*) AS n, min(x.day) AS first_day
          FROM expenses x {where}
         GROUP BY 1, 2, 3, 4, 5, 6
    """
    return [dict(r) for r in conn.execute(sql, params)]


def invoice_lines(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Issued invoices and credit notes (void ones are left out), their line nets summed
    per (project, kind of line, line period); the invoice's own net (after discount)
    rides along so it can be spread over its projects."""
    return [
        dict(r)
        for r in conn.execute(
            """
            SELECT i.id AS invoice_id, i.kind AS invoice_kind, i.issue_date, i.currency,
                   i.client_id, i.net_minor AS invoice_net, l.project_id, l.kind AS line_kind,
                   l.period_from, sum(l.net_minor) AS net
              FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
             WHERE i.status = 'issued'
             GROUP BY i.id, l.project_id, l.kind, l.period_from
             ORDER BY i.id
            """
        )
    ]


def payments(conn: sqlite3.Connection, date_from: str | None, date_to: str | None) -> list[Any]:
    """(day, currency, client id, amount) of payments received, summed per day."""
    sql = (
        "SELECT y.day, i.currency, i.client_id, sum(y.amount_minor) FROM payments y "
        "JOIN invoices i ON i.id = y.invoice_id WHERE y.day >= ? AND y.day <= ? "
        "GROUP BY y.day, i.currency, i.client_id"
    )
    return conn.execute(sql, (date_from or "0000", date_to or "9999")).fetchall()


def receivables(conn: sqlite3.Connection, as_of: str) -> list[dict[str, Any]]:
    """Issued invoices (not credit notes, not void) issued by `as_of`, with what was paid
    and credited by then."""
    return [
        dict(r)
        for r in conn.execute(
            """
            SELECT i.id, i.number, i.client_id, c.code AS client_code, c.name AS client_name,
                   i.currency, i.issue_date, i.due_date, i.total_minor,
                   coalesce((SELECT sum(y.amount_minor) FROM payments y
                              WHERE y.invoice_id = i.id AND y.day <= :d), 0) AS paid_minor,
                   coalesce((SELECT sum(n.total_minor) FROM invoices n
                              WHERE n.credit_of = i.id AND n.status = 'issued'
                                AND n.issue_date <= :d), 0) AS credited_minor
              FROM invoices i JOIN clients c ON c.id = i.client_id
             WHERE i.status = 'issued' AND i.kind = 'invoice' AND i.issue_date <= :d
             ORDER BY c.code, i.due_date, i.number
            """,
            {"d": as_of},
        )
    ]
