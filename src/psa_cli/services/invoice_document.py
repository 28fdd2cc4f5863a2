"""The invoice document: one dict (schema psa.invoice/1) every export is rendered from.

Totals are computed once here with `domain.billing`, so JSON, CSV, Markdown,
HTML, PDF and the e-invoices all print the same numbers as the ledger.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from psa_cli.domain import billing
from psa_cli.domain.money import format_amount, percent_str
from psa_cli.services.ledger import Ledger
from psa_cli.store import invoices as store
from psa_cli.store import parties

SCHEMA = "psa.invoice/1"


def _address(text: str, postcode: str, city: str) -> dict[str, Any]:
    lines = [ln.strip() for ln in text.replace("\\n", "\n").splitlines() if ln.strip()]
    if lines and not (postcode or city):  # "75002 Paris" on the last line
        match = re.match(r"^(\d[\w-]{2,9})\s+(.+)$", lines[-1])
        if match:
            postcode, city = match[1], match[2]
    return {"address": lines, "postcode": postcode, "city": city}


def seller_snapshot(ledger: Ledger) -> dict[str, Any]:
    cfg = ledger.config
    return {
        "name": cfg.get("business.name"),
        **_address(
            str(cfg.get("business.address")),
            str(cfg.get("business.postcode")),
            str(cfg.get("business.city")),
        ),  # fmt: skip
        "country": cfg.get("business.country"),
        "email": cfg.get("business.email"),
        "tax_id": cfg.get("business.tax_id"),
        "legal_id": cfg.get("business.legal_id"),
        "iban": str(cfg.get("business.iban")).replace(" ", ""),
    }


def buyer_snapshot(ledger: Ledger, client_id: int) -> dict[str, Any]:
    client = parties.client_by_id(ledger.conn, client_id)
    assert client is not None
    return {
        "code": client.code,
        "name": client.name,
        **_address(client.address, client.postcode, client.city),
        "country": client.country,
        "email": client.email,
        "tax_id": client.tax_id,
    }


def terms_days(ledger: Ledger, client_id: int) -> int:
    client = parties.client_by_id(ledger.conn, client_id)
    assert client is not None
    if client.terms_days is not None:
        return client.terms_days
    return int(ledger.config.get("invoice.terms_days"))


def totals_of(lines: list[dict[str, Any]], discount_pct: str) -> billing.Totals:
    return billing.compute_totals(
        [
            billing.Line(
                Decimal(ln["quantity"]),
                ln["unit_price_minor"],
                ln["tax_category"],
                Decimal(ln["tax_rate"]),
                ln["exemption_reason"],
            )  # fmt: skip
            for ln in lines
        ],
        Decimal(discount_pct),
    )


def status_of(inv: dict[str, Any], today: date) -> str:
    if inv["status"] != "issued":
        return str(inv["status"])
    if inv["kind"] == "credit_note":
        return "issued"
    due = (inv["total_minor"] or 0) - inv["paid_minor"] - inv["credited_minor"]
    if due <= 0:
        return "paid"
    if inv["due_date"] and inv["due_date"] < today.isoformat():
        return "overdue"
    return "issued"


def build(ledger: Ledger, invoice_id: int) -> dict[str, Any]:
    conn = ledger.conn
    inv = store.invoice(conn, invoice_id)
    assert inv is not None
    cur = inv["currency"]
    lines = store.lines(conn, invoice_id)
    totals = totals_of(lines, inv["discount_pct"])
    draft = inv["status"] == "draft"
    issue = inv["issue_date"] or ledger.today().isoformat()
    days = terms_days(ledger, inv["client_id"])
    due = inv["due_date"] or (date.fromisoformat(issue) + timedelta(days=days)).isoformat()
    seller = seller_snapshot(ledger) if draft or not inv["seller"] else json.loads(inv["seller"])
    buyer = (
        buyer_snapshot(ledger, inv["client_id"]) if draft or not inv["buyer"]
        else json.loads(inv["buyer"])
    )  # fmt: skip
    paid = inv["paid_minor"]
    credited = inv["credited_minor"]
    inv["total_minor"] = totals.gross_minor if draft else inv["total_minor"]
    pct = Decimal(inv["discount_pct"])
    return {
        "schema": SCHEMA,
        "id": inv["id"],
        "uid": inv["uid"],
        "kind": inv["kind"],
        "type_code": "381" if inv["kind"] == "credit_note" else "380",
        "number": inv["number"],
        "status": status_of(inv, ledger.today()),
        "issue_date": issue,
        "due_date": due,
        "period": {"from": inv["period_from"], "to": inv["period_to"]}
        if inv["period_from"] or inv["period_to"]
        else None,
        "currency": cur,
        "po_reference": inv["po_reference"],
        "notes": inv["notes"],
        "credited_invoice": {"number": inv["credit_of_number"], "issue_date": inv["credit_of_date"]}
        if inv["credit_of"]
        else None,
        "seller": seller,
        "buyer": buyer,
        "lines": [
            {
                "position": ln["position"],
                "kind": ln["kind"],
                "description": ln["description"],
                "quantity": ln["quantity"],
                "unit": ln["unit"],
                "unit_price": format_amount(ln["unit_price_minor"], cur),
                "net": format_amount(ln["net_minor"], cur),
                "tax_category": ln["tax_category"],
                "tax_rate": ln["tax_rate"],
                "exemption_reason": ln["exemption_reason"],
                "project": ln["project_code"],
                "period": {"from": ln["period_from"], "to": ln["period_to"]}
                if ln["period_from"]
                else None,
                "entries": ln["entries"],
                "expenses": ln["expenses"],
            }
            for ln in lines
        ],
        "allowances": [
            {
                "reason": f"Discount {percent_str(pct)}%",
                "percent": percent_str(pct),
                "base": format_amount(g.lines_minor, cur),
                "amount": format_amount(g.allowance_minor, cur),
                "tax_category": g.category,
                "tax_rate": percent_str(g.rate),
            }
            for g in totals.groups
            if g.allowance_minor
        ],
        "tax_breakdown": [
            {
                "category": g.category,
                "rate": percent_str(g.rate),
                "taxable": format_amount(g.taxable_minor, cur),
                "tax": format_amount(g.tax_minor, cur),
                "exemption_reason": g.exemption_reason,
                "exemption_code": None,
            }
            for g in totals.groups
        ],
        "totals": {
            "lines": format_amount(totals.lines_minor, cur),
            "allowances": format_amount(totals.allowances_minor, cur),
            "net": format_amount(totals.net_minor, cur),
            "tax": format_amount(totals.tax_minor, cur),
            "gross": format_amount(totals.gross_minor, cur),
            "paid": format_amount(paid, cur),
            "credited": format_amount(credited, cur),
            "due": format_amount(
                0
                if inv["kind"] == "credit_note" or inv["status"] == "void"
                else totals.gross_minor - paid - credited,
                cur,
            ),
        },  # fmt: skip
        "payments": [
            {
                "date": p["day"],
                "amount": format_amount(p["amount_minor"], cur),
                "method": p["method"],
                "reference": p["reference"],
            }  # fmt: skip
            for p in store.payments(conn, invoice_id)
        ],
        "payment_terms": {"days": days, "iban": seller.get("iban", ""), "means_code": "58"},
    }
