"""Generic row helpers shared by the store modules: insert, update, audit, stamps."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from typing import Any

# Tables and columns that generic helpers may touch; anything else is a bug.
_COLUMNS: dict[str, frozenset[str]] = {
    "people": frozenset(
        "uid name email capacity_seconds cost_rate_minor rate_minor currency is_default "
        "archived created_at updated_at".split()
    ),
    "clients": frozenset(
        "uid code name email address tax_id currency rate_minor tax_rate terms_days archived "
        "created_at updated_at postcode city country tax_category exemption_reason rounding".split()
    ),
    "contacts": frozenset("uid client_id name role email phone created_at updated_at".split()),
    "projects": frozenset(
        "uid client_id code name billing rate_minor budget_seconds budget_minor status "
        "created_at updated_at rounding cap_minor fee_minor retainer_minor retainer_seconds "
        "rollover start_day end_day".split()
    ),
    "tasks": frozenset(
        "uid project_id name estimate_seconds rate_minor status created_at updated_at "
        "due_day assignee_id".split()
    ),
    "allocations": frozenset(
        "uid person_id project_id seconds_per_week start_day end_day note created_at "
        "updated_at".split()
    ),
    "timesheets": frozenset(
        "uid person_id week week_start week_end status reason submitted_at decided_at "
        "created_at updated_at".split()
    ),
    "time_entries": frozenset(
        "uid person_id project_id task_id note day started_at ended_at seconds billable "
        "rate_minor invoice_id invoice_line_id source source_key created_at updated_at".split()
    ),
    "expenses": frozenset(
        "uid project_id person_id day description category amount_minor currency billable "
        "markup_pct receipt_path receipt_sha256 invoice_id invoice_line_id created_at "
        "updated_at".split()
    ),
    "invoices": frozenset(
        "uid number client_id status currency issue_date due_date created_at updated_at kind "
        "series seq cseq period_from period_to notes po_reference discount_pct credit_of "
        "net_minor tax_minor total_minor seller buyer voided_at".split()
    ),
    "payments": frozenset(
        "uid invoice_id day amount_minor method reference created_at updated_at".split()
    ),
    "interactions": frozenset(
        "uid client_id contact_id kind day text created_at updated_at".split()
    ),
    "deals": frozenset(
        "uid client_id title value_minor currency stage probability close_date closed_on "
        "lost_reason project_id created_at updated_at".split()
    ),
    "contracts": frozenset(
        "uid client_id project_id kind currency start_day end_day amount_minor "
        "included_seconds rollover overage_rate_minor cap_minor created_at updated_at".split()
    ),
    "contract_milestones": frozenset(
        "uid contract_id name day amount_minor created_at updated_at".split()
    ),
}


def now_iso() -> str:
    """Stamp for created_at/updated_at/audit: the ledger's clock, so a frozen $PSA_NOW
    (tests, demos; validated by Ledger.now) stamps rows and audit at that moment too."""
    moment = datetime.now(UTC)
    frozen = os.environ.get("PSA_NOW")
    if frozen:
        from psa_cli.domain.dates import parse_any_iso

        try:
            moment = parse_any_iso(frozen)
        except ValueError:
            pass  # Ledger.now() refuses it with a clear message
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_uid() -> str:
    """A random 128-bit id, hex: stable across exports, imports and merges."""
    return os.urandom(16).hex()


def _check(table: str, columns: Any) -> None:
    allowed = _COLUMNS[table]
    unknown = set(columns) - allowed
    if unknown:  # pragma: no cover - programming error, not user input
        raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")


def insert(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> int:
    stamp = now_iso()
    row = {"uid": new_uid(), "created_at": stamp, "updated_at": stamp, **values}
    _check(table, row)
    cols = ", ".join(row)
    marks = ", ".join(f":{c}" for c in row)
    cur = conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", row)
    row_id = int(cur.lastrowid or 0)
    audit(conn, table, row_id, "create", {k: v for k, v in values.items() if v is not None})
    return row_id


def update(
    conn: sqlite3.Connection, table: str, row_id: int, values: dict[str, Any]
) -> dict[str, tuple[Any, Any]]:
    """Update columns; returns {column: (old, new)} for what actually changed."""
    if not values:
        return {}
    _check(table, values)
    old = conn.execute(
        f"SELECT {', '.join(values)} FROM {table} WHERE id = ?", (row_id,)
    ).fetchone()
    changes = {k: (old[k], v) for k, v in values.items() if old is not None and old[k] != v}
    if not changes:
        return {}
    sets = ", ".join(f"{c} = :{c}" for c in changes)
    params = {c: new for c, (_, new) in changes.items()}
    params.update(_id=row_id, updated_at=now_iso())
    conn.execute(f"UPDATE {table} SET {sets}, updated_at = :updated_at WHERE id = :_id", params)
    audit(conn, table, row_id, "update", {c: [o, n] for c, (o, n) in changes.items()})
    return changes


def delete(conn: sqlite3.Connection, table: str, row_id: int, snapshot: dict[str, Any]) -> None:
    if table not in _COLUMNS:  # pragma: no cover - programming error, not user input
        raise ValueError(f"unknown table {table}")
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
    audit(conn, table, row_id, "delete", snapshot)


def audit(
    conn: sqlite3.Connection, entity: str, entity_id: int | None, action: str, detail: Any
) -> None:
    conn.execute(
        "INSERT INTO audit_log (at, entity, entity_id, action, detail) VALUES (?, ?, ?, ?, ?)",
        (now_iso(), entity, entity_id, action, json.dumps(detail, default=str, sort_keys=True)),
    )
