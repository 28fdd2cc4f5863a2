"""What the reliability tests share: a seeded ledger, child processes, ledger invariants."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

WORKER = Path(__file__).with_name("worker.py")
ROOT = Path(__file__).resolve().parents[2]


def seed(psa: Any) -> None:
    """Business details, a client 'acme' (20 % VAT) and its hourly project 'web'."""
    psa("init", "--name", "Jane Doe Consulting", "--currency", "EUR", "--rate", "100")
    psa("client", "add", "ACME Corp", "--code", "acme", "--rate", "120", "--tax-rate", "20")
    psa("project", "add", "acme", "Web shop", "--code", "web")


def spawn(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    """A worker child process (worker.py) with this test's environment."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
        **kwargs,
    )


def summary(proc: subprocess.Popen[str], timeout: float = 600) -> dict[str, Any]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"worker failed ({proc.returncode}): {err[-2000:]}"
    assert "Traceback" not in err, err
    return dict(json.loads(out.strip().splitlines()[-1]))


def query(ledger: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(ledger)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def billing_violations(ledger: Path) -> list[str]:
    """Money invariants checked directly in SQL, beside `psa db check`'s own."""
    bad: list[str] = []
    checks = {
        # a draft has no number, no sequence and no frozen totals; an issued or void one has all
        "half-issued invoice": "SELECT id FROM invoices WHERE (status = 'draft' AND (number "
        "IS NOT NULL OR seq IS NOT NULL OR total_minor IS NOT NULL)) OR (status != 'draft' AND "
        "(number IS NULL OR seq IS NULL OR issue_date IS NULL OR net_minor IS NULL OR "
        "tax_minor IS NULL OR total_minor IS NULL OR seller IS NULL OR buyer IS NULL))",
        "issued invoice without lines": "SELECT id FROM invoices i WHERE status != 'draft' AND "
        "NOT EXISTS (SELECT 1 FROM invoice_lines WHERE invoice_id = i.id)",
        "total != net + tax": "SELECT id FROM invoices WHERE status != 'draft' "
        "AND total_minor != net_minor + tax_minor",
        "net != sum of lines": "SELECT i.id FROM invoices i WHERE i.status != 'draft' AND "
        "i.discount_pct = '0' AND i.net_minor != (SELECT coalesce(sum(net_minor), 0) FROM "
        "invoice_lines WHERE invoice_id = i.id)",
        # an entry bills on exactly one line, and that line is on the entry's invoice
        "entry on a line of another invoice": "SELECT e.id FROM time_entries e JOIN "
        "invoice_lines l ON l.id = e.invoice_line_id WHERE l.invoice_id != e.invoice_id",
        "billed entry without its line": "SELECT id FROM time_entries WHERE (invoice_id IS NULL)"
        " != (invoice_line_id IS NULL)",
        "entry held by a void invoice": "SELECT e.id FROM time_entries e JOIN invoices i ON "
        "i.id = e.invoice_id WHERE i.status = 'void'",
        "duplicate invoice number": "SELECT number FROM invoices WHERE number IS NOT NULL "
        "GROUP BY number HAVING count(*) > 1",
        "gap in a number series": "SELECT series FROM invoices WHERE seq IS NOT NULL "
        "GROUP BY series HAVING count(*) != max(seq) OR min(seq) != 1",
    }
    for name, sql in checks.items():
        rows = query(ledger, sql)
        if rows:
            bad.append(f"{name}: {rows[:5]}")
    return bad
