"""The invoice lifecycle: draft, edit, issue (number + lock), pay, void, credit."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from psa_cli.domain import billing, money
from psa_cli.domain.dates import parse_date
from psa_cli.domain.errors import InvalidInput, NotFound, Refused
from psa_cli.domain.matching import check_text, did_you_mean
from psa_cli.services import invoice_document as document
from psa_cli.services import invoicing, resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import invoices as store

STATUSES = ("draft", "issued", "paid", "overdue", "void")


@dataclass
class Created:
    document: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def find(ledger: Ledger, text: str) -> dict[str, Any]:
    """An invoice by id (digits) or by its number."""
    conn = ledger.conn
    raw = text.strip()
    if raw.isascii() and raw.isdigit():  # an id: one too big for SQLite is simply not there
        invoice_id: int | None = int(raw) if len(raw) < 19 else None
    else:
        invoice_id = store.invoice_id_by_number(conn, raw)
    inv = store.invoice(conn, invoice_id) if invoice_id is not None else None
    if inv is None:
        hint = did_you_mean(raw, store.invoice_numbers(conn))
        raise NotFound(f"no invoice '{text}': {hint or 'see psa invoice list'}")
    return inv


def _draft_only(inv: dict[str, Any], action: str) -> None:
    if inv["status"] != "draft":
        label = inv["number"] or inv["id"]
        raise Refused(
            f"invoice {label} is {inv['status']}: only drafts can be {action} "
            "(correct an issued invoice with 'psa invoice credit')"
        )


def create(ledger: Ledger, req: invoicing.DraftRequest, *, dry_run: bool = False) -> Created:
    with ledger.write() as conn:
        draft = invoicing.collect(ledger, req)
        category, rate, reason = invoicing.client_tax(ledger, draft.client)
        invoice_id = store.insert_invoice(
            conn,
            {
                "client_id": draft.client.id,
                "status": "draft",
                "currency": draft.currency,
                "period_from": draft.period_from,
                "period_to": draft.period_to,
            },
        )
        pairs: list[tuple[int, int]] = []
        for position, line in enumerate(draft.lines, start=1):
            line_id = store.insert_line(
                conn,
                {
                    "invoice_id": invoice_id,
                    "position": position,
                    "kind": line.kind,
                    "description": line.description,
                    "quantity": billing.quantity_text(line.quantity),
                    "unit": line.unit,
                    "unit_price_minor": line.unit_price_minor,
                    "net_minor": billing.line_net(line.quantity, line.unit_price_minor),
                    "tax_category": category,
                    "tax_rate": money.percent_str(rate),
                    "exemption_reason": reason,
                    "project_id": line.project_id,
                    "period_from": line.period_from,
                    "period_to": line.period_to,
                    "contract_id": line.contract_id,
                    "milestone_id": line.milestone_id,
                },
                audit=False,  # one summary row below, not one per line
            )
            pairs.extend((entry_id, line_id) for entry_id in line.entry_ids)
            store.attach_expenses(conn, invoice_id, line_id, line.expense_ids)
        store.record(conn, invoice_id, "lines", {"created": len(draft.lines)})
        if store.attach_entries(conn, invoice_id, pairs) != len(pairs):
            raise Refused("some of these entries were billed meanwhile: draft again")
        doc = document.build(ledger, invoice_id)
        if dry_run:
            raise _DryRun(Created(doc, draft.warnings))
    return Created(doc, draft.warnings)


class _DryRun(Exception):  # noqa: N818 - control flow: roll the draft back
    def __init__(self, result: Created) -> None:
        self.result = result


def preview(ledger: Ledger, req: invoicing.DraftRequest) -> Created:
    """What `create` would draft, without writing anything (the transaction rolls back)."""
    try:
        create(ledger, req, dry_run=True)
    except _DryRun as stop:
        stop.result.document["id"] = None
        stop.result.document["uid"] = None
        stop.result.document["status"] = "preview"
        return stop.result
    raise AssertionError("unreachable")  # pragma: no cover


def show(ledger: Ledger, text: str) -> dict[str, Any]:
    return document.build(ledger, find(ledger, text)["id"])


def list_invoices(
    ledger: Ledger, *, status: str | None = None, client: str | None = None
) -> list[dict[str, Any]]:
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"invalid status '{status}': use {', '.join(STATUSES)}")
    client_id = resolve.client(ledger, client).id if client else None
    today = ledger.today()
    out = []
    for inv in store.list_invoices(ledger.conn, client_id=client_id):
        if inv["status"] == "draft":
            lines = store.lines(ledger.conn, inv["id"])
            inv["total_minor"] = document.totals_of(lines, inv["discount_pct"]).gross_minor
        state = document.status_of(inv, today)
        if status is not None and state != status:
            continue
        cur = inv["currency"]
        total = inv["total_minor"] or 0
        due = 0 if inv["kind"] == "credit_note" or state == "void" else (
            total - inv["paid_minor"] - inv["credited_minor"])  # fmt: skip
        out.append(
            {
                "id": inv["id"],
                "number": inv["number"],
                "kind": inv["kind"],
                "client": inv["client_code"],
                "status": state,
                "issue_date": inv["issue_date"],
                "due_date": inv["due_date"],
                "currency": cur,
                "total": money.format_amount(total, cur),
                "paid": money.format_amount(inv["paid_minor"], cur),
                "due": money.format_amount(due, cur),
                "lines": inv["line_count"],
                "credit_of": inv["credit_of_number"],
            }
        )
    return out


@dataclass
class InvoiceEdit:
    notes: str | None = None
    po_reference: str | None = None
    discount: str | None = None
    due_date: str | None = None


def edit(ledger: Ledger, text: str, change: InvoiceEdit) -> dict[str, Any]:
    inv = find(ledger, text)
    _draft_only(inv, "edited")
    values: dict[str, Any] = {}
    if change.notes is not None:
        values["notes"] = check_text(change.notes.replace("\\n", "\n"), "notes", 2000)
    if change.po_reference is not None:
        values["po_reference"] = check_text(change.po_reference, "PO reference", 100)
    if change.discount is not None:
        pct = money.parse_percent(change.discount, what="discount", maximum=Decimal(100))
        values["discount_pct"] = money.percent_str(pct)
    if change.due_date is not None:
        values["due_date"] = parse_date(change.due_date, ledger.today()).isoformat()
    if not values:
        raise InvalidInput("nothing to change: give --notes, --po, --discount or --due")
    with ledger.write() as conn:
        store.update_invoice(conn, inv["id"], values)
    return document.build(ledger, inv["id"])


def delete(ledger: Ledger, text: str) -> dict[str, Any]:
    inv = find(ledger, text)
    _draft_only(inv, "deleted")
    doc = document.build(ledger, inv["id"])
    with ledger.write() as conn:
        store.delete_draft(conn, inv["id"], {"total": doc["totals"]["gross"]})
    return doc


# -- issue, pay, void, credit -------------------------------------------------


def _assign_number(ledger: Ledger, inv: dict[str, Any], kind: str, day: date) -> dict[str, Any]:
    key = "invoice.credit_pattern" if kind == "credit_note" else "invoice.number_pattern"
    pattern = str(ledger.config.get(key))
    series = billing.series_key("cn" if kind == "credit_note" else "inv", pattern, day)
    seq = store.next_seq(ledger.conn, series)
    cseq = store.next_cseq(ledger.conn, series, inv["client_id"])
    number = billing.format_number(pattern, day, seq, cseq, inv["client_code"])
    if store.invoice_id_by_number(ledger.conn, number) is not None:
        raise Refused(
            f"number {number} is already used: the pattern '{pattern}' cannot tell this invoice "
            "apart; add {seq} or {year} to invoice.number_pattern"
        )
    return {"number": number, "series": series, "seq": seq, "cseq": cseq}


def _freeze(
    ledger: Ledger,
    inv: dict[str, Any],
    kind: str,
    day: date,
    due: str,
    totals: billing.Totals,
) -> None:
    """Issue inside the caller's transaction: number, dates, totals, party snapshots."""
    store.update_invoice(
        ledger.conn,
        inv["id"],
        {
            **_assign_number(ledger, inv, kind, day),
            "status": "issued",
            "issue_date": day.isoformat(),
            "due_date": due,
            "net_minor": totals.net_minor,
            "tax_minor": totals.tax_minor,
            "total_minor": totals.gross_minor,
            "seller": json.dumps(document.seller_snapshot(ledger)),
            "buyer": json.dumps(document.buyer_snapshot(ledger, inv["client_id"])),
        },
    )


def issue(ledger: Ledger, text: str, *, on: str | None = None) -> dict[str, Any]:
    inv = find(ledger, text)
    _draft_only(inv, "issued")
    day = parse_date(on, ledger.today()) if on else ledger.today()
    with ledger.write() as conn:
        inv = find(ledger, text)  # re-read under the write lock
        _draft_only(inv, "issued")
        lines = store.lines(conn, inv["id"])
        if not lines:
            raise Refused("the draft has no lines: add one with 'psa invoice line add'")
        totals = document.totals_of(lines, inv["discount_pct"])
        if totals.gross_minor < 0:
            raise Refused("the draft's total is negative: issue a credit note instead")
        due = inv["due_date"] or (
            day + timedelta(days=document.terms_days(ledger, inv["client_id"]))
        )
        due_iso = due if isinstance(due, str) else due.isoformat()
        _freeze(ledger, inv, "invoice", day, due_iso, totals)
    return document.build(ledger, inv["id"])


def pay(
    ledger: Ledger, text: str, amount: str, *, on: str | None = None, method: str = "transfer",
    reference: str = "",
) -> dict[str, Any]:  # fmt: skip
    inv = find(ledger, text)
    if inv["status"] != "issued" or inv["kind"] != "invoice":
        raise Refused(f"invoice {inv['number'] or inv['id']} is {inv['status']}: only issued "
                      "invoices take payments")  # fmt: skip
    minor = money.parse_money(amount, inv["currency"], what="payment")
    if minor <= 0:
        raise InvalidInput("a payment must be above 0")
    day = parse_date(on, ledger.today()) if on else ledger.today()
    with ledger.write() as conn:
        inv = find(ledger, text)
        due = inv["total_minor"] - inv["paid_minor"] - inv["credited_minor"]
        if minor > due:
            raise Refused(
                f"{money.format_money(minor, inv['currency'])} is more than the "
                f"{money.format_money(due, inv['currency'])} still due on {inv['number']}"
            )
        store.insert_payment(conn, {
            "invoice_id": inv["id"], "day": day.isoformat(), "amount_minor": minor,
            "method": check_text(method, "method", 40) or "transfer",
            "reference": check_text(reference, "reference", 200),
        })  # fmt: skip
    return document.build(ledger, inv["id"])


def void(ledger: Ledger, text: str) -> dict[str, Any]:
    inv = find(ledger, text)
    if inv["status"] != "issued":
        raise Refused(f"invoice {inv['number'] or inv['id']} is {inv['status']}: only issued "
                      "invoices can be voided (delete a draft instead)")  # fmt: skip
    if inv["paid_minor"] or inv["credited_minor"]:
        raise Refused(f"invoice {inv['number']} has payments or credit notes: credit it instead")
    with ledger.write() as conn:
        store.release(conn, inv["id"])
        store.update_invoice(conn, inv["id"], {"status": "void", "voided_at": ledger.now()
                                               .strftime("%Y-%m-%dT%H:%M:%SZ")})  # fmt: skip
    return document.build(ledger, inv["id"])


def credit(ledger: Ledger, text: str, positions: list[int] | None = None) -> dict[str, Any]:
    """A credit note for all (or some) lines of an issued invoice; their work is released."""
    inv = find(ledger, text)
    if inv["status"] != "issued" or inv["kind"] != "invoice":
        raise Refused(f"invoice {inv['number'] or inv['id']} is {inv['status']}: only issued "
                      "invoices can be credited")  # fmt: skip
    lines = store.lines(ledger.conn, inv["id"])
    chosen = [ln for ln in lines if positions is None or ln["position"] in positions]
    if positions and len(chosen) != len(set(positions)):
        raise NotFound(f"invoice {inv['number']} has lines 1 to {len(lines)}")
    day = ledger.today()
    with ledger.write() as conn:
        note_id = store.insert_invoice(conn, {
            "client_id": inv["client_id"], "status": "draft", "currency": inv["currency"],
            "kind": "credit_note", "credit_of": inv["id"], "discount_pct": inv["discount_pct"],
            "period_from": inv["period_from"], "period_to": inv["period_to"],
        })  # fmt: skip
        for position, ln in enumerate(chosen, start=1):
            store.insert_line(conn, {
                "invoice_id": note_id, "position": position, "kind": ln["kind"],
                "description": ln["description"], "quantity": ln["quantity"], "unit": ln["unit"],
                "unit_price_minor": ln["unit_price_minor"], "net_minor": ln["net_minor"],
                "tax_category": ln["tax_category"], "tax_rate": ln["tax_rate"],
                "exemption_reason": ln["exemption_reason"], "project_id": ln["project_id"],
                "period_from": ln["period_from"], "period_to": ln["period_to"],
                "credits_line": ln["id"],
            })  # fmt: skip
            store.delete_line_links(conn, ln["id"])
        totals = document.totals_of(store.lines(conn, note_id), inv["discount_pct"])
        if totals.gross_minor > inv["total_minor"] - inv["credited_minor"]:
            raise Refused("those lines were credited already: nothing left to credit")
        note = store.invoice(conn, note_id)
        assert note is not None
        _freeze(ledger, note, "credit_note", day, day.isoformat(), totals)
    return document.build(ledger, note_id)
