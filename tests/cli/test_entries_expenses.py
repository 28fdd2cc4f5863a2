"""Entry filters, edits, locks; expenses with receipts."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from tests.conftest import Psa


def _lock_on_issued_invoice(psa: Psa, entry_id: int, number: str = "INV-2026-0001") -> None:
    """Put an entry on an issued invoice row (the billing engine's job, done here by hand)."""
    import sqlite3

    conn = sqlite3.connect(psa.ledger)
    with conn:
        cur = conn.execute(
            "INSERT INTO invoices (uid, number, client_id, status, currency, issue_date, "
            "created_at, updated_at) VALUES ('u1', ?, 1, 'issued', 'EUR', '2026-11-26', "
            "'2026-11-26T00:00:00Z', '2026-11-26T00:00:00Z')",
            (number,),
        )
        conn.execute(
            "UPDATE time_entries SET invoice_id = ? WHERE id = ?", (cur.lastrowid, entry_id)
        )
    conn.close()


def test_entry_filters(acme: Psa) -> None:
    acme("client", "add", "Globex", "--code", "globex")
    acme("project", "add", "globex", "Audit", "--code", "gx-audit")
    acme("task", "add", "acme-web", "Design")
    acme("log", "1h", "acme-web", "--task", "Design", "--tag", "ux", "--date", "2026-11-02")
    acme("log", "2h", "acme-web", "--tag", "ux", "--tag", "meeting", "--date", "yesterday")
    acme("log", "3h", "gx-audit", "--non-billable")
    assert len(acme.json("entries")) == 3
    assert [e["seconds"] for e in acme.json("entries", "--client", "globex")] == [10800]
    assert len(acme.json("entries", "--tag", "ux")) == 2
    assert len(acme.json("entries", "--tag", "ux", "--tag", "meeting")) == 1
    assert len(acme.json("entries", "--project", "acme-web", "--task", "design")) == 1
    assert len(acme.json("entries", "--period", "week")) == 2
    assert len(acme.json("entries", "--from", "2026-11-01", "--to", "2026-11-10")) == 1
    assert len(acme.json("entries", "--unbilled")) == 2
    assert len(acme.json("entries", "--limit", "1")) == 1
    assert "after --to" in acme.fail("entries", "--from", "today", "--to", "yesterday", code=2)
    assert "unknown period" in acme.fail("entries", "--period", "fortnight", code=2)


def test_entry_edit_and_delete(acme: Psa) -> None:
    acme("log", "1h", "acme-web", "draft")
    acme("entry", "edit", "1", "--duration", "1h45m", "--note", "final", "--add-tag", "x",
         "--date", "yesterday")  # fmt: skip
    entry = acme.json("entry", "show", "1")
    assert (entry["seconds"], entry["note"], entry["tags"], entry["day"]) == (
        6300,
        "final",
        ["x"],
        "2026-11-25",
    )
    acme("entry", "edit", "1", "--start", "09:00", "--end", "10:30")
    entry = acme.json("entry", "show", "1")
    assert entry["started_at"] == "2026-11-25T08:00:00Z" and entry["seconds"] == 5400
    assert "before the start" in acme.fail("entry", "edit", "1", "--start", "23:00", "--end",
                                           "01:00", code=2)  # fmt: skip
    assert "cannot cross midnight" in acme.fail("entry", "edit", "1", "--start", "23:00",
                                                "--duration", "2h", code=2)  # fmt: skip
    assert "nothing to change" in acme.fail("entry", "edit", "1", code=2)
    assert "no entry with id 9" in acme.fail("entry", "show", "9")
    acme("entry", "delete", "1", "--yes")
    assert acme.json("entries") == []


def test_locked_entry_refuses_edit_and_delete(acme: Psa) -> None:
    acme("log", "1h", "acme-web")
    _lock_on_issued_invoice(acme, 1)
    msg = acme.fail("entry", "edit", "1", "--note", "x")
    assert "billed on invoice INV-2026-0001" in msg
    assert "billed on invoice INV-2026-0001" in acme.fail("entry", "delete", "1", "--yes")
    assert acme.json("entries", "--unbilled") == []
    assert acme.json("entries")[0]["invoice"] == "INV-2026-0001"


def test_expense_add_with_receipt_and_markup(acme: Psa, tmp_path: Path) -> None:
    receipt = tmp_path / "Train Ticket.PDF"
    receipt.write_bytes(b"%PDF-1.4 fake receipt")
    out = acme("expense", "add", "49.90", "acme-web", "Train to client", "--category", "Travel",
               "--markup", "10", "--receipt", str(receipt), "--date", "yesterday")  # fmt: skip
    assert "49.90 EUR" in out.stdout
    [expense] = acme.json("expense", "list")
    assert expense["amount"] == "49.90" and expense["currency"] == "EUR"
    assert expense["markup_percent"] == "10" and expense["category"] == "travel"
    sha = hashlib.sha256(receipt.read_bytes()).hexdigest()
    kept = acme.ledger.parent / expense["receipt"]
    assert kept.name == f"{sha}.pdf" and kept.read_bytes() == receipt.read_bytes()
    assert not kept.is_symlink() and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert acme.sql("SELECT amount_minor FROM expenses") == [(4990,)]


def test_expense_edit_delete_and_refusals(acme: Psa) -> None:
    acme("expense", "add", "10", "acme-web", "Coffee")
    acme("expense", "edit", "1", "--amount", "12.50", "--non-billable")
    expense = acme.json("expense", "show", "1")
    assert expense["amount"] == "12.50" and expense["billable"] is False
    assert "bills in EUR" in acme.fail("expense", "add", "5", "acme-web", "x", "--currency", "USD")
    assert "invalid amount" in acme.fail("expense", "add", "1e9999", "acme-web", "x", code=2)
    assert "invalid amount" in acme.fail("expense", "add", "12,3.4", "acme-web", "x", code=2)
    assert "not a readable file" in acme.fail("expense", "add", "5", "acme-web", "x",
                                              "--receipt", "/nonexistent", code=2)  # fmt: skip
    acme("expense", "delete", "1", "--yes")
    assert acme.json("expense", "list") == []


def test_ledger_file_is_private_and_wal(acme: Psa) -> None:
    assert stat.S_IMODE(os.stat(acme.ledger).st_mode) == 0o600
    assert acme.sql("PRAGMA journal_mode") == [("wal",)]
    from psa_cli.store.migrations import LATEST

    assert acme.sql("PRAGMA user_version") == [(LATEST,)]


def test_db_check_backup(acme: Psa, tmp_path: Path) -> None:
    acme("log", "1h", "acme-web")
    report = acme.json("db", "check")
    assert report["ok"] is True and report["counts"]["time_entries"] == 1
    target = tmp_path / "copy.db"
    assert "Backed up to" in acme("db", "backup", str(target)).stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    import sqlite3

    assert sqlite3.connect(target).execute("SELECT seconds FROM time_entries").fetchall() == [
        (3600,)
    ]
    assert "exists" in acme.fail("db", "backup", str(target))
    acme("db", "backup", str(target), "--force")
    # break an invariant behind psa's back: check must report it and exit 1
    conn = sqlite3.connect(acme.ledger)
    with conn:
        conn.execute("UPDATE time_entries SET day = '2026-13-45'")
    conn.close()
    result = acme("db", "check", code=1)
    assert "entry day is an ISO date" in result.stdout
    assert acme("db", "path").stdout.strip() == str(acme.ledger)


def test_not_a_ledger_file(psa: Psa) -> None:
    psa.ledger.parent.mkdir(parents=True)
    psa.ledger.write_bytes(b"this is not sqlite at all" * 100)
    line = psa.fail("status")
    assert "not a usable psa ledger" in line


def test_csv_output_neutralises_formulas(acme: Psa) -> None:
    acme("log", "1h", "acme-web", '=HYPERLINK("http://x")')
    out = acme("entries", "--format", "csv").stdout.splitlines()
    assert out[0].startswith("id,uid,day,")
    assert "'=HYPERLINK" in out[1]
