"""Read-only queries the accounting journals need beyond the invoice document."""

from __future__ import annotations

import sqlite3


def void_times(conn: sqlite3.Connection) -> dict[int, str]:
    """When each void invoice or credit note was voided (UTC ISO time), by invoice id."""
    return {
        int(row[0]): str(row[1])
        for row in conn.execute(
            "SELECT id, voided_at FROM invoices WHERE status = 'void' AND voided_at IS NOT NULL"
        )
    }
