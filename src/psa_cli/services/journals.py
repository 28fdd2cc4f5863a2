"""Accounting journals: what the ledger billed, was paid and spent, as double entries.

Issued invoices, credit notes, payments, voids and expenses become balanced
transactions (one currency each, exact to the minor unit) that `formats.journal`
writes for beancount or hledger. The accounts and signs are in docs/journals.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from psa_cli import __version__
from psa_cli.domain import money
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.domain.periods import resolve_range
from psa_cli.formats import journal as fmt_journal
from psa_cli.formats.journal import Journal, Posting, Transaction
from psa_cli.services import expenses as expense_service
from psa_cli.services import invoice_document, invoices, private_files
from psa_cli.services.ledger import Ledger
from psa_cli.store import journal_queries

ISSUED = ("issued", "paid", "overdue", "void")


@dataclass
class Exported:
    text: str
    path: Path | None
    transactions: int


def _minor(text: str, currency: str) -> int:
    """A document's decimal string -> minor units, refusing anything finer than the unit."""
    value = Decimal(text)
    if value != money.quantize(value, currency):  # pragma: no cover - documents are exact
        raise Refused(f"amount {text} {currency} is finer than the currency's minor unit")
    return money.to_minor(value, currency)


def document_postings(doc: dict[str, Any], receivable: str) -> list[Posting]:
    """Invoice postings (credit notes: the same, signs reversed).

    Receivable (gross) = each line's net to its income account - the discount
    (Income:Discounts) + VAT per rate; exact because the document's totals are
    built from those very figures.
    """
    cur = doc["currency"]
    income: dict[str, int] = {}
    for line in doc["lines"]:
        account = (fmt_journal.INCOME_REBILLED if line["kind"] == "expense"
                   else fmt_journal.INCOME_SERVICES)  # fmt: skip
        income[account] = income.get(account, 0) + _minor(line["net"], cur)
    discount = sum(_minor(a["amount"], cur) for a in doc["allowances"])
    vat: dict[str, int] = {}
    for group in doc["tax_breakdown"]:
        account = f"{fmt_journal.VAT_OUTPUT}:{fmt_journal.rate_component(group['rate'])}"
        vat[account] = vat.get(account, 0) + _minor(group["tax"], cur)
    postings = [Posting(receivable, _minor(doc["totals"]["gross"], cur), cur)]
    postings += [Posting(acc, -amount, cur) for acc, amount in income.items() if amount]
    if discount:
        postings.append(Posting(fmt_journal.INCOME_DISCOUNTS, discount, cur))
    postings += [Posting(acc, -amount, cur) for acc, amount in sorted(vat.items()) if amount]
    if doc["kind"] == "credit_note":
        postings = [Posting(p.account, -p.amount_minor, cur) for p in postings]
    return postings


def _negated(postings: list[Posting]) -> list[Posting]:
    return [Posting(p.account, -p.amount_minor, p.currency) for p in postings]


def _local_day(ledger: Ledger, utc_text: str) -> str:
    moment = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ledger.tz).date().isoformat()


def _document_transactions(
    ledger: Ledger, row: dict[str, Any], receivable: str, voided: dict[int, str]
) -> list[Transaction]:
    doc = invoice_document.build(ledger, row["id"])
    number = doc["number"]
    meta = {"invoice": number, "client": row["client"]}
    links: tuple[str, ...] = (number,)
    narration = f"Invoice {number}"
    if doc["kind"] == "credit_note":
        credited = (doc["credited_invoice"] or {}).get("number") or ""
        narration = f"Credit note {number}" + (f" for {credited}" if credited else "")
        meta = {"credit_note": number, "client": row["client"]}
        if credited:
            meta["credits"] = credited
            links = (number, credited)
    postings = document_postings(doc, receivable)
    payee = doc["buyer"].get("name") or row["client"]
    order = row["id"] * 1000
    out = [Transaction(doc["issue_date"], narration, postings, payee=payee, code=number,
                       links=links, meta=dict(meta), posting_order=order)]  # fmt: skip
    for n, pay in enumerate(doc["payments"], start=1):
        pay_meta = {"invoice": number, "client": row["client"], "method": pay["method"],
                    "reference": pay["reference"]}  # fmt: skip
        amount = _minor(pay["amount"], doc["currency"])
        out.append(Transaction(
            pay["date"], f"Payment for {number}",
            [Posting(fmt_journal.BANK, amount, doc["currency"]),
             Posting(receivable, -amount, doc["currency"])],
            payee=payee, links=(number,), meta={k: v for k, v in pay_meta.items() if v},
            posting_order=order + n,
        ))  # fmt: skip
    if row["status"] == "void":
        day = _local_day(ledger, voided[row["id"]]) if row["id"] in voided else doc["issue_date"]
        out.append(Transaction(
            max(day, doc["issue_date"]), f"Void of {narration[0].lower()}{narration[1:]}",
            _negated(postings), payee=payee, code=number, links=links,
            meta={**meta, "void": "yes"}, posting_order=order + 999,
        ))  # fmt: skip
    return out


def _expense_transactions(ledger: Ledger, date_from: str | None, date_to: str | None,
                          start_order: int) -> list[Transaction]:  # fmt: skip
    out = []
    found = expense_service.list_expenses(ledger, date_from=date_from, date_to=date_to)
    for n, exp in enumerate(found):
        account = f"{fmt_journal.EXPENSES}:{fmt_journal.category_component(exp.category)}"
        meta = {"project": exp.project_code, "client": exp.client_code,
                "billable": "yes" if exp.billable else "no"}  # fmt: skip
        if exp.invoice_number:
            meta["invoice"] = exp.invoice_number
        out.append(Transaction(
            exp.day, exp.description,
            [Posting(account, exp.amount_minor, exp.currency),
             Posting(fmt_journal.OWNER, -exp.amount_minor, exp.currency)],
            meta=meta, posting_order=start_order + n,
        ))  # fmt: skip
    return out


def build_journal(
    ledger: Ledger,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    period: str | None = None,
) -> Journal:
    """Every accounting event whose date falls in the range (all of them by default)."""
    start, end = resolve_range(ledger.today(), date_from, date_to, period,
                               ledger.config.week_start)  # fmt: skip
    lo = start.isoformat() if start else None
    hi = end.isoformat() if end else None
    transactions: list[Transaction] = []
    with ledger.read():
        rows = [r for r in invoices.list_invoices(ledger) if r["status"] in ISSUED]
        # named from every client ever invoiced, so a period never renames an account
        receivables = fmt_journal.client_accounts(r["client"] for r in rows)
        voided = journal_queries.void_times(ledger.conn)
        for row in rows:
            receivable = receivables[row["client"].lower()]
            transactions += _document_transactions(ledger, row, receivable, voided)
        transactions += _expense_transactions(ledger, lo, hi, 10**12)
    kept = [tx for tx in transactions if (lo is None or tx.day >= lo) and
            (hi is None or tx.day <= hi)]  # fmt: skip
    for tx in kept:
        if tx.imbalance():  # pragma: no cover - would be a bug in document_postings
            raise Refused(f"'{tx.narration}' does not balance {tx.imbalance()}: report it")
    return Journal(
        title=str(ledger.config.get("business.name") or "psa"),
        operating_currency=ledger.config.currency,
        transactions=kept,
        generated_by=f"psa {__version__}",
    )


def export(
    ledger: Ledger,
    fmt: str,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    period: str | None = None,
    output: str | None = None,
    force: bool = False,
) -> Exported:
    """Render the journal as `fmt`; write it to `output` (0600) or return it for stdout."""
    if fmt not in fmt_journal.FORMATS:
        raise InvalidInput(f"unknown journal format '{fmt}': use beancount or hledger")
    path = Path(output).expanduser() if output and output != "-" else None
    if path is not None:
        private_files.check_target(path, ledger.path, force)
    journal = build_journal(ledger, date_from=date_from, date_to=date_to, period=period)
    text = fmt_journal.render(fmt, journal)
    if path is not None:
        private_files.write_text(path, text, force=force)
    return Exported(text, path, len(journal.transactions))
