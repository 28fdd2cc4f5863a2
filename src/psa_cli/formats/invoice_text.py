"""Invoice as JSON, CSV and Markdown, from the invoice document (docs/invoice-json.md).

Every renderer prints the document's own amounts (decimal strings computed once by the billing
engine): nothing is re-added here, so each format states the same totals to the cent.
Stdlib only; the HTML renderer reuses the display helpers below.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from typing import Any

Doc = dict[str, Any]

TAX_LABELS = {
    "S": "VAT",
    "Z": "VAT zero rated",
    "E": "VAT exempt",
    "AE": "Reverse charge",
    "K": "Intra-community supply",
    "G": "Export outside the EU",
    "O": "Not subject to VAT",
}
TOTAL_LABELS = (
    ("lines", "Lines"),
    ("allowances", "Discounts"),
    ("net", "Net"),
    ("tax", "Tax"),
    ("gross", "Total"),
    ("paid", "Paid"),
    ("credited", "Credited"),
    ("due", "Amount due"),
)
_UNITS = {"HUR": "h", "C62": ""}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


# --- display helpers (also used by invoice_html) ----------------------------------------------


def money(amount: str, currency: str) -> str:
    """'1234.50', 'EUR' -> '1,234.50 EUR': grouping for people, the decimals unchanged."""
    return f"{Decimal(amount):,} {currency}"


def quantity(line: Doc) -> str:
    """'12.2500' HUR -> '12.25 h': the engine keeps 4 decimals, people read at least 2."""
    value = Decimal(line["quantity"])
    if line["unit"] != "HUR" and value == value.to_integral_value():
        places = 0  # "3" items, not "3.00"
    else:
        places = max(2, -int(value.normalize().as_tuple().exponent))
    text = f"{value:,.{places}f}"
    unit = _UNITS.get(line["unit"], line["unit"])
    return f"{text} {unit}".strip()


def rate(group: Doc) -> str:
    """'20' S -> 'VAT 20 %'; zero-rate categories by name only."""
    label = TAX_LABELS.get(group["category"]) or str(group["category"])
    if group["category"] in ("S", "Z") or Decimal(group["rate"]):
        return f"{label} {Decimal(group['rate']).normalize():f} %"
    return label


def exemption_note(group: Doc) -> str:
    """The group's exemption reason, unless it only repeats the category's label."""
    reason = str(group.get("exemption_reason") or "")
    return "" if reason.casefold() == rate(group).casefold() else reason


def period_text(period: Doc | None) -> str:
    """'2026-11-01 – 2026-11-30'; an open end shows as '…'; '' without a period."""
    if not period or not (period.get("from") or period.get("to")):
        return ""
    return f"{period.get('from') or '…'} – {period.get('to') or '…'}"


def title(doc: Doc) -> str:
    kind = "Credit note" if doc["kind"] == "credit_note" else "Invoice"
    return f"{kind} {doc['number']}" if doc.get("number") else f"{kind} (draft)"


def party_lines(party: Doc) -> list[str]:
    """Name, printed address lines, country code, VAT id: what goes in an address block."""
    lines = [party.get("name") or ""] + [str(a) for a in party.get("address") or []]
    if party.get("country"):
        lines.append(party["country"])
    if party.get("tax_id"):
        lines.append(f"VAT {party['tax_id']}")
    return [line for line in lines if line.strip()]


# --- JSON ------------------------------------------------------------------------------------


def render_json(doc: Doc) -> str:
    """The document itself, pretty-printed; `json.loads` gives back an equal dict."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "record",
    "invoice",
    "issue_date",
    "currency",
    "position",
    "description",
    "project",
    "quantity",
    "unit",
    "unit_price",
    "amount",
    "tax_category",
    "tax_rate",
    "tax",
)


def safe_cell(value: Any) -> str:
    """Neutralise spreadsheet formulas (OWASP CSV injection): a text cell starting with
    = + - @ tab or CR gets a leading quote. Plain numbers stay numbers, even negative ones."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r" and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def render_csv(doc: Doc) -> str:
    """One row per record: `line`, `allowance`, `tax` (one per tax group), `total`.

    Filter on the first column to get what a spreadsheet or an import needs; amounts are the
    document's decimal strings (dot decimal separator, no grouping).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    head = [doc.get("number") or "", doc["issue_date"], doc["currency"]]

    def row(record: str, **cells: Any) -> None:
        values = dict.fromkeys(CSV_COLUMNS, "")
        values.update(cells)
        values.update(record=record, invoice=head[0], issue_date=head[1], currency=head[2])
        writer.writerow([safe_cell(values[c]) for c in CSV_COLUMNS])

    for line in doc["lines"]:
        row(
            "line",
            position=line["position"],
            description=line["description"],
            project=line.get("project") or "",
            quantity=line["quantity"],
            unit=line["unit"],
            unit_price=line["unit_price"],
            amount=line["net"],
            tax_category=line["tax_category"],
            tax_rate=line["tax_rate"],
        )
    for allowance in doc.get("allowances", []):
        row(
            "allowance",
            description=allowance["reason"],
            amount=allowance["amount"],
            tax_category=allowance["tax_category"],
            tax_rate=allowance["tax_rate"],
        )
    for group in doc["tax_breakdown"]:
        row(
            "tax",
            description=group.get("exemption_reason") or rate(group),
            amount=group["taxable"],
            tax_category=group["category"],
            tax_rate=group["rate"],
            tax=group["tax"],
        )
    for key, _label in TOTAL_LABELS:
        row("total", description=key, amount=doc["totals"][key])
    return out.getvalue()


# --- Markdown --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")


def md(text: Any) -> str:
    """Client text as literal Markdown: specials backslash-escaped (so '<script>' renders as
    text, '|' cannot break a table), newlines folded."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def render_markdown(doc: Doc) -> str:
    """A readable invoice for a README, a ticket or an e-mail body."""
    cur = doc["currency"]
    out = [f"# {md(title(doc))}", ""]
    facts = [("Issue date", doc["issue_date"])]
    if doc["kind"] != "credit_note":
        facts.append(("Due date", doc["due_date"]))
    if period_text(doc.get("period")):
        facts.append(("Period", period_text(doc.get("period"))))
    if doc.get("credited_invoice"):
        credited = doc["credited_invoice"]
        facts.append(("Credits invoice", f"{credited['number']} of {credited['issue_date']}"))
    if doc.get("po_reference"):
        facts.append(("Your reference", doc["po_reference"]))
    facts.append(("Status", doc["status"]))
    out += [f"- **{label}:** {md(value)}" for label, value in facts] + [""]
    for heading, role in (("From", "seller"), ("Bill to", "buyer")):
        out += [f"**{heading}**", ""] + [f"{md(x)}  " for x in party_lines(doc[role])] + [""]

    out += [
        "| # | Description | Quantity | Unit price | Tax | Amount |",
        "|--:|---|--:|--:|---|--:|",
    ]
    for line in doc["lines"]:
        tax = rate({"category": line["tax_category"], "rate": line["tax_rate"]})
        out.append(
            f"| {line['position']} | {md(line['description'])} | {quantity(line)} | "
            f"{money(line['unit_price'], cur)} | {tax} | {money(line['net'], cur)} |"
        )
    out.append("")
    if doc.get("allowances"):
        out += ["| Discount | Base | Tax | Amount |", "|---|--:|---|--:|"]
        for a in doc["allowances"]:
            tax = rate({"category": a["tax_category"], "rate": a["tax_rate"]})
            out.append(
                f"| {md(a['reason'])} | {money(a['base'], cur)} | {tax} | "
                f"−{money(a['amount'], cur)} |"
            )
        out.append("")
    out += ["| Tax | Taxable | Tax amount |", "|---|--:|--:|"]
    for group in doc["tax_breakdown"]:
        label = rate(group)
        if exemption_note(group):
            label += f" ({md(exemption_note(group))})"
        out.append(f"| {label} | {money(group['taxable'], cur)} | {money(group['tax'], cur)} |")
    out += ["", "| Totals | |", "|---|--:|"]
    for key, label in visible_totals(doc):
        amount = money(doc["totals"][key], cur)
        last = key == "due" or (key == "gross" and doc["kind"] == "credit_note")
        out.append(f"| **{label}** | **{amount}** |" if last else f"| {label} | {amount} |")
    out.append("")
    terms = doc.get("payment_terms") or {}
    iban = terms.get("iban") or doc["seller"].get("iban")
    if doc["kind"] != "credit_note" and iban:
        out += [f"Pay by bank transfer to IBAN {md(iban)}, reference {md(doc.get('number'))}.", ""]
    if doc.get("notes"):
        out += [md(doc["notes"]), ""]
    return "\n".join(out)


def visible_totals(doc: Doc) -> list[tuple[str, str]]:
    """(key, label) of the totals worth a row: net, tax, total and due always; lines and
    discounts when there is a discount; paid and credited when not zero. A credit note ends
    on what it credits: its own due is 0, the credited invoice's due falls instead."""
    totals = doc["totals"]
    keys = {"net", "tax", "gross"}
    if Decimal(totals["allowances"]):
        keys |= {"lines", "allowances"}
    if doc["kind"] == "credit_note":
        return [(k, "Total credited" if k == "gross" else label)
                for k, label in TOTAL_LABELS if k in keys]  # fmt: skip
    keys |= {"due"} | {k for k in ("paid", "credited") if Decimal(totals[k])}
    return [(key, label) for key, label in TOTAL_LABELS if key in keys]
