"""Editing a draft's lines: add, edit, remove (the draft itself: services/invoices.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from psa_cli.domain import billing, money
from psa_cli.domain.errors import InvalidInput, NotFound
from psa_cli.domain.matching import check_text
from psa_cli.services import invoice_document as document
from psa_cli.services import invoicing, resolve
from psa_cli.services.invoices import _draft_only, find
from psa_cli.services.ledger import Ledger
from psa_cli.store import invoices as store


@dataclass
class LineChange:
    description: str | None = None
    quantity: str | None = None
    unit_price: str | None = None
    unit: str | None = None
    tax_rate: str | None = None
    tax_category: str | None = None
    exemption_reason: str | None = None


def _line_values(inv: dict[str, Any], change: LineChange, base: dict[str, Any]) -> dict[str, Any]:
    cur = inv["currency"]
    values: dict[str, Any] = {}
    if change.description is not None:
        values["description"] = check_text(change.description, "description", 500, required=True)
    quantity = Decimal(base.get("quantity", "1"))
    if change.quantity is not None:
        quantity = money.parse_amount(change.quantity, what="quantity")
        if quantity == 0 or quantity != quantity.quantize(Decimal("0.0001")):
            raise InvalidInput("quantity must be above 0 with at most 4 decimals")
        values["quantity"] = billing.quantity_text(quantity)
    price = base.get("unit_price_minor", 0)
    if change.unit_price is not None:
        price = money.parse_money(change.unit_price, cur, what="unit price")
        values["unit_price_minor"] = price
    if change.unit is not None:
        unit = {"h": "HUR", "hour": "HUR", "hours": "HUR", "unit": "C62", "pcs": "C62"}.get(
            change.unit.lower(), change.unit.upper()
        )
        if unit not in ("HUR", "C62", "DAY"):
            raise InvalidInput("unit must be hour, unit or day (HUR, C62, DAY)")
        values["unit"] = unit
    values["net_minor"] = billing.line_net(quantity, price)
    if change.tax_rate is not None or change.tax_category is not None:
        rate = (money.parse_percent(change.tax_rate, what="tax rate", maximum=Decimal(100))
                if change.tax_rate is not None else Decimal(base.get("tax_rate", "0")))  # fmt: skip
        category = change.tax_category or ("S" if rate > 0 else base.get("tax_category", "Z"))
        cat, rate, reason = billing.check_tax(
            category, rate, change.exemption_reason or base.get("exemption_reason")
        )
        values.update(tax_category=cat, tax_rate=money.percent_str(rate), exemption_reason=reason)
    return values


def add_line(ledger: Ledger, text: str, change: LineChange) -> dict[str, Any]:
    inv = find(ledger, text)
    _draft_only(inv, "changed")
    if change.description is None or change.unit_price is None:
        raise InvalidInput("a new line needs a description and --price")
    client = resolve.client(ledger, inv["client_code"])
    category, rate, reason = invoicing.client_tax(ledger, client)
    base = {"tax_category": category, "tax_rate": money.percent_str(rate),
            "exemption_reason": reason, "quantity": "1"}  # fmt: skip
    values = {**base, "unit": "C62", **_line_values(inv, change, base)}
    values.setdefault("quantity", "1.00")
    with ledger.write() as conn:
        position = len(store.lines(conn, inv["id"])) + 1
        store.insert_line(conn, {"invoice_id": inv["id"], "position": position, "kind": "manual",
                                 **values})  # fmt: skip
    return document.build(ledger, inv["id"])


def _line(ledger: Ledger, inv: dict[str, Any], position: int) -> dict[str, Any]:
    for line in store.lines(ledger.conn, inv["id"]):
        if line["position"] == position:
            return line
    raise NotFound(f"invoice {inv['number'] or inv['id']} has no line {position}")


def edit_line(ledger: Ledger, text: str, position: int, change: LineChange) -> dict[str, Any]:
    inv = find(ledger, text)
    _draft_only(inv, "changed")
    line = _line(ledger, inv, position)
    values = _line_values(inv, change, line)
    with ledger.write() as conn:
        store.update_line(conn, line["id"], values)
    return document.build(ledger, inv["id"])


def remove_line(ledger: Ledger, text: str, position: int) -> dict[str, Any]:
    """Drop a draft line; the entries and expenses it billed become unbilled again."""
    inv = find(ledger, text)
    _draft_only(inv, "changed")
    line = _line(ledger, inv, position)
    with ledger.write() as conn:
        store.delete_line(conn, line["id"])
        store.renumber_lines(conn, inv["id"])
    return document.build(ledger, inv["id"])
