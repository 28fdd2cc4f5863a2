"""Invoice as a self-contained HTML page (CSS inlined), the same page the PDF is printed from.

No template engine: `templates/invoice.html` is a `string.Template` whose placeholders are
filled with fragments built here, and every piece of ledger text goes through `html.escape`
(quotes included) on its way in — client names and line descriptions are user input.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from string import Template
from typing import Any

from psa_cli.formats.invoice_text import (
    Doc,
    exemption_note,
    money,
    party_lines,
    period_text,
    quantity,
    rate,
    title,
    visible_totals,
)

_BANNERS = {
    "draft": "DRAFT — not a valid invoice until issued",
    "void": "VOID — this invoice has been cancelled",
}


def _template(name: str) -> str:
    return resources.files("psa_cli.formats").joinpath("templates", name).read_text("utf-8")


def e(value: Any) -> str:
    """Ledger text as HTML text or attribute value."""
    return escape("" if value is None else str(value), quote=True)


def _address(party: Doc) -> str:
    lines = party_lines(party)
    if not lines:
        return ""
    rest = "".join(f"<br>{e(x)}" for x in lines[1:])
    return f'<p class="address"><span class="name">{e(lines[0])}</span>{rest}</p>'


def _facts(doc: Doc) -> str:
    facts = [("Number", doc.get("number") or "draft"), ("Issue date", doc["issue_date"])]
    if doc["kind"] != "credit_note":
        facts.append(("Due date", doc["due_date"]))
    if period_text(doc.get("period")):
        facts.append(("Period", period_text(doc.get("period"))))
    credited = doc.get("credited_invoice")
    if credited:
        facts.append(("Credits invoice", f"{credited['number']} of {credited['issue_date']}"))
    if doc.get("po_reference"):
        facts.append(("Your reference", doc["po_reference"]))
    if doc["buyer"].get("code"):
        facts.append(("Client", doc["buyer"]["code"]))
    return "".join(
        f'<tr><td class="label">{e(label)}</td><td class="value">{e(value)}</td></tr>'
        for label, value in facts
    )


def _lines(doc: Doc) -> str:
    cur, rows = doc["currency"], []
    for line in doc["lines"]:
        span = period_text(line.get("period"))
        meta = f'<span class="meta">{e(span)}</span>' if span else ""
        tax = rate({"category": line["tax_category"], "rate": line["tax_rate"]})
        rows.append(
            f'<tr><td class="pos">{e(line["position"])}</td>'
            f"<td>{e(line['description'])}{meta}</td>"
            f'<td class="num">{e(quantity(line))}</td>'
            f'<td class="num">{e(money(line["unit_price"], cur))}</td>'
            f"<td>{e(tax)}</td>"
            f'<td class="num">{e(money(line["net"], cur))}</td></tr>'
        )
    return "\n".join(rows)


def _allowances(doc: Doc) -> str:
    if not doc.get("allowances"):
        return ""
    cur = doc["currency"]
    rows = "".join(
        f"<tr><td>{e(a['reason'])}</td>"
        f'<td class="num">{e(money(a["base"], cur))}</td>'
        f"<td>{e(rate({'category': a['tax_category'], 'rate': a['tax_rate']}))}</td>"
        f'<td class="num">−{e(money(a["amount"], cur))}</td></tr>'
        for a in doc["allowances"]
    )
    return (
        '<table class="allowances"><thead><tr><th>Discount</th><th class="num">Base</th>'
        f'<th>Tax</th><th class="num">Amount</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _taxes(doc: Doc) -> str:
    cur, rows = doc["currency"], []
    for group in doc["tax_breakdown"]:
        label = e(rate(group))
        if exemption_note(group):
            label += f'<span class="meta"> — {e(exemption_note(group))}</span>'
        rows.append(
            f"<tr><td>{label}</td>"
            f'<td class="num">{e(money(group["taxable"], cur))}</td>'
            f'<td class="num">{e(money(group["tax"], cur))}</td></tr>'
        )
    return "\n".join(rows)


def _totals(doc: Doc) -> str:
    cur = doc["currency"]
    return "\n".join(
        f'<tr class="{key}"><td>{e(label)}</td>'
        f'<td class="num">{e(money(doc["totals"][key], cur))}</td></tr>'
        for key, label in visible_totals(doc)
    )


def _payment(doc: Doc) -> str:
    cur = doc["currency"]
    parts = []
    if doc["kind"] == "credit_note":
        credited = (doc.get("credited_invoice") or {}).get("number")
        parts.append(
            f"This credit note reduces invoice {e(credited)} by "
            f"{e(money(doc['totals']['gross'], cur))}."
        )
    else:
        terms = doc.get("payment_terms") or {}
        iban = terms.get("iban") or doc["seller"].get("iban")
        due = f"Please pay {e(money(doc['totals']['due'], cur))} by {e(doc['due_date'])}"
        if iban:
            due += f" to IBAN <strong>{e(iban)}</strong>"
        parts.append(f"{due}, quoting {e(doc.get('number') or 'the invoice number')}.")
    for payment in doc.get("payments") or []:
        parts.append(
            f"Received {e(money(payment['amount'], cur))} on {e(payment['date'])}"
            + (f" ({e(payment['method'])})" if payment.get("method") else "")
            + "."
        )
    return '<section class="payment">' + "".join(f"<p>{p}</p>" for p in parts) + "</section>"


def _footer(doc: Doc) -> str:
    seller = doc["seller"]
    bits = [
        seller.get("name"),
        seller.get("email"),
        seller.get("tax_id") and f"VAT {seller['tax_id']}",
        seller.get("legal_id"),
    ]
    return " · ".join(e(b) for b in bits if b)


def render_html(doc: Doc) -> str:
    """A complete HTML page for the invoice document; the PDF renderer prints this page."""
    heading = title(doc)
    notes = doc.get("notes") or ""
    fill = {
        "css": _template("invoice.css"),
        "title": e(heading),
        "seller_name": e(doc["seller"].get("name")),
        "subject": e(f"{heading} to {doc['buyer'].get('name', '')}"),
        "body_class": e(f"{doc['kind']} {doc['status']}"),
        "banner": (
            f'<p class="banner">{e(_BANNERS[doc["status"]])}</p>'
            if doc["status"] in _BANNERS
            else ""
        ),
        "seller": _address(doc["seller"]),
        "facts": _facts(doc),
        "buyer": _address(doc["buyer"]),
        "lines": _lines(doc),
        "allowances": _allowances(doc),
        "taxes": _taxes(doc),
        "totals": _totals(doc),
        "payment": _payment(doc),
        "notes": f'<section class="notes"><p>{e(notes)}</p></section>' if notes else "",
        "footer": _footer(doc),
    }
    return Template(_template("invoice.html")).substitute(fill)
