"""Expenses: amounts in minor units, receipts copied under their content hash."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from psa_cli.domain import money
from psa_cli.domain.dates import parse_date
from psa_cli.domain.errors import InvalidInput, Locked, NotFound, Refused
from psa_cli.domain.matching import check_text
from psa_cli.domain.models import Expense
from psa_cli.domain.periods import resolve_range
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.services.people import ensure_me
from psa_cli.store import expenses as store

_MAX_RECEIPT = 50 * 1024 * 1024


@dataclass
class ExpenseFields:
    amount: str | None = None
    project: str | None = None
    description: str | None = None
    date: str | None = None
    category: str | None = None
    currency: str | None = None
    billable: bool | None = None
    markup: str | None = None
    receipt: str | None = None
    person: str | None = None


def _store_receipt(ledger: Ledger, source: str) -> tuple[str, str]:
    """Copy the receipt into the attachments folder as <sha256><suffix>; return (path, hash).

    The bytes are hashed while they are copied into a private (0600) temporary file, so the
    stored copy is exactly what its name says even if the original changes meanwhile; it is
    a copy, never a link, and the original can be edited or deleted afterwards."""
    path = Path(source).expanduser()
    if not path.is_file():
        raise InvalidInput(f"receipt '{source}' is not a readable file: check the path")
    folder = ledger.attachments_dir
    tmp = folder / f".receipt-{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        if path.stat().st_size > _MAX_RECEIPT:
            raise InvalidInput(f"receipt '{source}' is larger than 50 MB")
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        digest = hashlib.sha256()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, path.open("rb") as fh:
            os.fchmod(out.fileno(), 0o600)
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        sha = digest.hexdigest()
        suffix = "".join(c for c in path.suffix.lower() if c.isalnum() or c == ".")[:10]
        target = folder / sha[:2] / f"{sha}{suffix}"
        if not target.exists():
            target.parent.mkdir(exist_ok=True, mode=0o700)
            os.replace(tmp, target)
    except OSError as exc:
        raise InvalidInput(f"cannot copy receipt '{source}': {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return str(target.relative_to(ledger.path.parent)), sha


def _values(ledger: Ledger, fields: ExpenseFields, currency: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if fields.amount is not None:
        values["amount_minor"] = money.parse_money(fields.amount, currency)
    if fields.description is not None:
        values["description"] = check_text(fields.description, "description", 500, required=True)
    if fields.date is not None:
        values["day"] = parse_date(fields.date, ledger.today()).isoformat()
    if fields.category is not None:
        values["category"] = check_text(fields.category, "category", 40, required=True).lower()
    if fields.billable is not None:
        values["billable"] = int(fields.billable)
    if fields.markup is not None:
        pct = money.parse_percent(fields.markup, what="markup", maximum=Decimal(1000))
        values["markup_pct"] = money.percent_str(pct)
    if fields.person is not None:
        values["person_id"] = resolve.person(ledger, fields.person).id
    return values


def add_expense(ledger: Ledger, fields: ExpenseFields) -> Expense:
    assert fields.project is not None and fields.amount is not None
    proj = resolve.project(ledger, fields.project)
    currency = money.check_currency(fields.currency) if fields.currency else proj.currency
    if currency != proj.currency:
        raise Refused(
            f"project {proj.code} bills in {proj.currency}, not {currency}: convert the amount "
            f"to {proj.currency} (one currency per client keeps invoices correct)"
        )
    values = _values(ledger, fields, currency)
    if "description" not in values:
        raise InvalidInput("description must not be empty")
    values.setdefault("day", ledger.today().isoformat())
    values.setdefault("billable", 0 if proj.billing == "non-billable" else 1)
    values.update(project_id=proj.id, currency=currency)
    if "person_id" not in values:
        values["person_id"] = ensure_me(ledger)
    if fields.receipt:
        values["receipt_path"], values["receipt_sha256"] = _store_receipt(ledger, fields.receipt)
    with ledger.write() as conn:
        expense_id = store.insert_expense(conn, values)
    return get_expense(ledger, expense_id)


def get_expense(ledger: Ledger, expense_id: int) -> Expense:
    found = store.expense_by_id(ledger.conn, expense_id)
    if found is None:
        raise NotFound(f"no expense with id {expense_id}: see 'psa expense list'")
    return found


def list_expenses(
    ledger: Ledger,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    period: str | None = None,
    client: str | None = None,
    project: str | None = None,
    category: str | None = None,
    billable: bool | None = None,
    unbilled: bool = False,
) -> list[Expense]:
    start, end = resolve_range(ledger.today(), date_from, date_to, period, ledger.config.week_start)
    return store.list_expenses(
        ledger.conn,
        date_from=start.isoformat() if start else None,
        date_to=end.isoformat() if end else None,
        client_id=resolve.client(ledger, client).id if client else None,
        project_id=resolve.project(ledger, project, allow_archived=True).id if project else None,
        category=category.lower() if category else None,
        billable=billable,
        unbilled=unbilled,
    )


def _locked_check(ledger: Ledger, expense_id: int, action: str) -> None:
    status, number = store.expense_lock(ledger.conn, expense_id)
    if status == "issued":
        raise Locked(
            f"expense {expense_id} is billed on invoice {number}: it cannot be {action}; "
            "void the invoice or issue a credit note first"
        )


def edit_expense(ledger: Ledger, expense_id: int, fields: ExpenseFields) -> Expense:
    current = get_expense(ledger, expense_id)
    _locked_check(ledger, expense_id, "edited")
    currency = current.currency
    values: dict[str, Any] = {}
    if fields.project is not None:
        proj = resolve.project(ledger, fields.project)
        if proj.currency != current.currency and not fields.currency:
            raise Refused(f"project {proj.code} bills in {proj.currency}: give --currency too")
        values["project_id"] = proj.id
    if fields.currency is not None:
        currency = money.check_currency(fields.currency)
        values["currency"] = currency
        if fields.amount is None:
            raise InvalidInput("changing the currency needs the amount in it: add --amount")
    values.update(_values(ledger, fields, currency))
    if fields.receipt:
        values["receipt_path"], values["receipt_sha256"] = _store_receipt(ledger, fields.receipt)
    if not values:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    with ledger.write() as conn:
        _locked_check(ledger, expense_id, "edited")
        store.update_expense(conn, expense_id, values)
    return get_expense(ledger, expense_id)


def delete_expense(ledger: Ledger, expense_id: int) -> Expense:
    current = get_expense(ledger, expense_id)
    with ledger.write() as conn:
        _locked_check(ledger, expense_id, "deleted")
        store.delete_expense(conn, expense_id, current.to_json())
    return current
