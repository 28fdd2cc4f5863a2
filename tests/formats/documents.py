"""Hand-made invoice documents (schema psa.invoice/1) for the renderer tests.

`build()` derives every amount from the lines with the engine's documented rules (line net =
quantity x unit price half-up; one allowance per tax group; tax per group half-up; net = sum of
taxable; gross = net + tax; due = gross - paid - credited), so the fixtures respect the same
invariants as the engine's output without copying numbers by hand.
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

Doc = dict[str, Any]

SELLER: Doc = {
    "name": "Jane Doe Consulting SARL",
    "address": ["12 rue de la Paix", "75002 Paris"],
    "postcode": "75002",
    "city": "Paris",
    "country": "FR",
    "email": "jane@example.fr",
    "tax_id": "FR40303265045",
    "iban": "FR7630006000011234567890189",
}
BUYER_FR: Doc = {
    "code": "acme",
    "name": "ACME Corp",
    "address": ["Bâtiment B", "3 avenue des Champs", "69001 Lyon"],
    "postcode": "69001",
    "city": "Lyon",
    "country": "FR",
    "email": "ap@acme.example",
    "tax_id": "FR61954506077",
}
BUYER_DE: Doc = {
    "code": "muster",
    "name": "Muster GmbH",
    "address": ["Hauptstraße 5", "10115 Berlin"],
    "postcode": "10115",
    "city": "Berlin",
    "country": "DE",
    "email": "rechnung@muster.example",
    "tax_id": "DE123456789",
}
SELLER_JP: Doc = {
    "name": "Yamada Design KK",
    "address": ["1-2-3 Shibuya", "Tokyo 150-0002"],
    "postcode": "150-0002",
    "city": "Tokyo",
    "country": "JP",
    "email": "info@yamada.example",
    "tax_id": "JPT1234567890123",
    "iban": "",
}
BUYER_JP: Doc = {
    "code": "sakura",
    "name": "Sakura Trading Co.",
    "address": ["4-5-6 Umeda", "Osaka 530-0001"],
    "postcode": "530-0001",
    "city": "Osaka",
    "country": "JP",
    "email": "",
    "tax_id": "JPT9876543210987",
}
DECIMALS = {"EUR": 2, "JPY": 0}


def q(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-DECIMALS[currency]), rounding=ROUND_HALF_UP)


def line(
    description: str,
    quantity: str,
    unit_price: str,
    *,
    category: str = "S",
    rate: str = "20",
    unit: str = "HUR",
    kind: str = "time",
    reason: str | None = None,
    project: str = "acme-web",
) -> Doc:
    return {
        "kind": kind,
        "description": description,
        "quantity": quantity,
        "unit": unit,
        "unit_price": unit_price,
        "tax_category": category,
        "tax_rate": rate,
        "exemption_reason": reason,
        "project": project,
        "period": {"from": "2026-11-01", "to": "2026-11-30"} if kind == "time" else None,
    }


def build(
    lines: list[Doc],
    *,
    number: str | None = "INV-2026-0001",
    kind: str = "invoice",
    currency: str = "EUR",
    seller: Doc = SELLER,
    buyer: Doc = BUYER_FR,
    discount: str | None = None,
    exemption_codes: dict[str, str] | None = None,
    paid: str = "0",
    credited: str = "0",
    credited_invoice: Doc | None = None,
    notes: str = "",
    po_reference: str = "",
    status: str = "issued",
) -> Doc:
    lines = copy.deepcopy(lines)
    groups: dict[tuple[str, str], Decimal] = {}
    reasons: dict[tuple[str, str], str | None] = {}
    for position, item in enumerate(lines, 1):
        net = q(Decimal(item["quantity"]) * Decimal(item["unit_price"]), currency)
        item.update(position=position, net=str(net))
        key = (item["tax_category"], item["tax_rate"])
        groups[key] = groups.get(key, Decimal(0)) + net
        reasons[key] = item["exemption_reason"]
    allowances, breakdown = [], []
    zero = q(Decimal(0), currency)
    for (category, rate), base in groups.items():
        allowance = zero
        if discount:
            allowance = q(base * Decimal(discount) / 100, currency)
            allowances.append(
                {
                    "reason": f"Discount {discount}%",
                    "percent": discount,
                    "base": str(base),
                    "amount": str(allowance),
                    "tax_category": category,
                    "tax_rate": rate,
                }
            )
        taxable = base - allowance
        tax = q(taxable * Decimal(rate) / 100, currency)
        breakdown.append(
            {
                "category": category,
                "rate": rate,
                "taxable": str(taxable),
                "tax": str(tax),
                "exemption_reason": reasons[(category, rate)],
                "exemption_code": (exemption_codes or {}).get(category),
            }
        )
    line_total = sum((Decimal(item["net"]) for item in lines), zero)
    allowance_total = sum((Decimal(a["amount"]) for a in allowances), zero)
    net = sum((Decimal(g["taxable"]) for g in breakdown), zero)
    tax = sum((Decimal(g["tax"]) for g in breakdown), zero)
    gross = net + tax
    paid_d, credited_d = q(Decimal(paid), currency), q(Decimal(credited), currency)
    payments = (
        [{"date": "2026-11-30", "amount": str(paid_d), "method": "transfer", "reference": "VIR 1"}]
        if paid_d
        else []
    )
    terms_iban = seller.get("iban") or ""
    return {
        "schema": "psa.invoice/1",
        "id": 3,
        "uid": "0123456789abcdef0123456789abcdef",
        "kind": kind,
        "type_code": "381" if kind == "credit_note" else "380",
        "number": number,
        "status": status,
        "issue_date": "2026-11-26",
        "due_date": "2026-12-26",
        "period": {"from": "2026-11-01", "to": "2026-11-30"},
        "currency": currency,
        "po_reference": po_reference,
        "notes": notes,
        "credited_invoice": credited_invoice,
        "seller": copy.deepcopy(seller),
        "buyer": copy.deepcopy(buyer),
        "lines": lines,
        "allowances": allowances,
        "tax_breakdown": breakdown,
        "totals": {
            "lines": str(line_total),
            "allowances": str(allowance_total),
            "net": str(net),
            "tax": str(tax),
            "gross": str(gross),
            "paid": str(paid_d),
            "credited": str(credited_d),
            # the engine gives a credit note due 0: it is applied to the credited invoice
            "due": str(zero if kind == "credit_note" else gross - paid_d - credited_d),
        },
        "payments": payments,
        "payment_terms": {"days": 30, "iban": terms_iban, "means_code": "58"},
    }


def standard() -> Doc:
    """S 20 % with a 5 % discount, a PO reference and a part payment."""
    return build(
        [
            line("acme-web: Design (3 entries)", "1.50", "120.00"),
            line("acme-web: Development (12 entries)", "12.2500", "95.00"),
            line("Train Paris-Lyon", "1", "89.90", unit="C62", kind="expense"),
        ],
        discount="5",
        po_reference="PO-7781",
        paid="100",
        notes="Thank you for your business.",
    )


def mixed() -> Doc:
    """S 20 % + S 10 % + E exempt (training), no discount."""
    return build(
        [
            line("acme-web: Consulting", "10", "110.00"),
            line(
                "acme-web: Catering for workshop",
                "1",
                "250.00",
                rate="10",
                unit="C62",
                kind="expense",
            ),
            line(
                "Training session (2 days)",
                "2",
                "600.00",
                category="E",
                rate="0",
                unit="C62",
                kind="fixed",
                reason="Exempt: vocational training, art. 261-4-4° CGI",
            ),
        ],
        number="INV-2026-0002",
    )


def reverse_charge() -> Doc:
    """AE to a German business buyer: no VAT, buyer VAT id, reason 'Reverse charge'."""
    return build(
        [
            line(
                "muster-app: Architecture review",
                "7.75",
                "140.00",
                category="AE",
                rate="0",
                reason="Reverse charge",
                project="muster-app",
            ),
            line(
                "muster-app: Monthly retainer",
                "1",
                "2000.00",
                category="AE",
                rate="0",
                unit="C62",
                kind="retainer",
                reason="Reverse charge",
                project="muster-app",
            ),
        ],
        number="INV-2026-0003",
        buyer=BUYER_DE,
        exemption_codes={"AE": "VATEX-EU-AE"},
        discount="2.5",
    )


def credit_note() -> Doc:
    """Credit note 381 (positive amounts) against INV-2026-0001."""
    return build(
        [line("Credit: acme-web: Design billed twice", "1.50", "120.00")],
        number="CN-2026-0001",
        kind="credit_note",
        credited_invoice={"number": "INV-2026-0001", "issue_date": "2026-11-20"},
    )


def yen() -> Doc:
    """JPY, zero decimals, consumption tax 10 % as S, a 3 % discount that rounds."""
    seller = dict(SELLER_JP, iban="0012345678")  # a domestic account number, not an IBAN
    doc = build(
        [
            line("sakura-site: Design", "2.75", "15000", rate="10", project="sakura-site"),
            line(
                "sakura-site: Illustrations",
                "3",
                "7777",
                rate="10",
                unit="C62",
                kind="fixed",
                project="sakura-site",
            ),
        ],
        number="INV-2026-0042",
        currency="JPY",
        seller=seller,
        buyer=BUYER_JP,
        discount="3",
    )
    doc["payment_terms"]["means_code"] = "30"  # plain credit transfer, not SEPA
    return doc


def intra_community() -> Doc:
    """K: intra-community supply to the German buyer (deliver-to country is written)."""
    return build(
        [
            line(
                "muster-app: Implementation",
                "20",
                "100.00",
                category="K",
                rate="0",
                reason="Intra-Community supply",
                project="muster-app",
            )
        ],
        number="INV-2026-0004",
        buyer=BUYER_DE,
    )


def not_subject() -> Doc:
    """O: not subject to VAT (e.g. franchise en base): no VAT ids, a SIRET instead."""
    seller = dict(SELLER, legal_id="30326504500012")
    return build(
        [
            line(
                "acme-web: Design",
                "4",
                "80.00",
                category="O",
                rate="0",
                reason="TVA non applicable, art. 293 B du CGI",
            )
        ],
        number="INV-2026-0005",
        seller=seller,
    )


def hostile() -> Doc:
    """Client text that tries HTML injection and spreadsheet formulas."""
    buyer = dict(
        BUYER_FR,
        name='<script>alert("x")</script> & Sons "Ltd" \'q\'',
        address=['=HYPERLINK("http://evil")', "69001 Lyon"],
    )
    doc = build(
        [
            line("=SUM(A1:A9) <b>bold</b> & co", "1", "10.00"),
            line("+cmd|' /C calc'!A0", "1", "20.00"),
            line("-2+3", "1", "30.00"),
            line("@SUM(1)", "1", "40.00"),
        ],
        number="INV-2026-0666",
        buyer=buyer,
        notes="</td><img src=x onerror=alert(1)> \"quoted\" & 'single'",
        po_reference="<PO&1>",
    )
    return doc


ALL = {
    "standard": standard,
    "mixed": mixed,
    "reverse_charge": reverse_charge,
    "credit_note": credit_note,
    "yen": yen,
    "intra_community": intra_community,
    "not_subject": not_subject,
    "hostile": hostile,
}


@cache
def rendered(name: str, fmt: str) -> Any:
    """Each fixture rendered once per test session (PDFs and XML are the slow part)."""
    from psa_cli.formats import cii, invoice_html, invoice_pdf, invoice_text, ubl

    renderers = {
        "json": invoice_text.render_json,
        "csv": invoice_text.render_csv,
        "md": invoice_text.render_markdown,
        "html": invoice_html.render_html,
        "pdf": invoice_pdf.render_pdf,
        "facturx": invoice_pdf.render_facturx,
        "cii": cii.render_cii,
        "ubl": ubl.render_ubl,
    }
    return renderers[fmt](ALL[name]())
