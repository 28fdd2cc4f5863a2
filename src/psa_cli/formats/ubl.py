"""UBL 2.1 Invoice / CreditNote (EN 16931 core, CEN BIS-like) from the invoice document.

Same decisions as the CII writer (`einvoice_check` holds the shared tax-category rules), UBL
spelling. The UBL 2.1 XSD sequences are strict: elements are appended in schema order, so do
not reorder. Amounts are the document's decimal strings, unchanged.
"""

from __future__ import annotations

from typing import Any

from psa_cli.formats.einvoice_check import (
    CREDIT_TRANSFER,
    Doc,
    carries_rate,
    carries_vat_ids,
    exemption,
    invoice_period,
    require_complete,
    settled,
    street_lines,
    terms_text,
)

CUSTOMIZATION_EN16931 = "urn:cen.eu:en16931:2017"
_MAIN = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


class _Builder:
    def __init__(self, currency: str) -> None:
        from lxml import etree  # lazy: the CLI imports formats only for exports

        self.etree = etree
        self.currency = currency

    def el(self, parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
        prefix, local = tag.split(":")
        node = self.etree.SubElement(parent, f"{{{CAC if prefix == 'cac' else CBC}}}{local}", attrs)
        if text is not None:
            node.text = text
        return node

    def amount(self, parent: Any, tag: str, value: str) -> Any:
        return self.el(parent, tag, value, currencyID=self.currency)

    def period(self, parent: Any, start: str | None, end: str | None) -> None:
        period = self.el(parent, "cac:InvoicePeriod")
        if start:
            self.el(period, "cbc:StartDate", start)
        if end:
            self.el(period, "cbc:EndDate", end)

    def tax_category(self, parent: Any, tag: str, category: str, rate: str) -> Any:
        node = self.el(parent, tag)
        self.el(node, "cbc:ID", category)
        if carries_rate(category):
            self.el(node, "cbc:Percent", rate)
        return node

    def tax_scheme(self, parent: Any) -> None:
        self.el(self.el(parent, "cac:TaxScheme"), "cbc:ID", "VAT")


def render_ubl(doc: Doc) -> bytes:
    """UBL 2.1 XML (UTF-8 bytes): an Invoice (380) or a CreditNote (381).

    Raises `EInvoiceIncomplete` naming what is missing, rather than writing an invalid file.
    """
    require_complete(doc)
    is_invoice = doc["kind"] != "credit_note"
    root_name = "Invoice" if is_invoice else "CreditNote"
    b = _Builder(doc["currency"])
    nsmap = {None: _MAIN[root_name], "cac": CAC, "cbc": CBC}
    root = b.etree.Element(f"{{{_MAIN[root_name]}}}{root_name}", nsmap=nsmap)

    b.el(root, "cbc:CustomizationID", CUSTOMIZATION_EN16931)
    b.el(root, "cbc:ID", doc["number"])
    b.el(root, "cbc:IssueDate", doc["issue_date"])
    if is_invoice and doc.get("due_date"):  # a CreditNote has no DueDate element
        b.el(root, "cbc:DueDate", doc["due_date"])
    b.el(root, "cbc:InvoiceTypeCode" if is_invoice else "cbc:CreditNoteTypeCode", doc["type_code"])
    if doc.get("notes"):
        b.el(root, "cbc:Note", doc["notes"])
    b.el(root, "cbc:DocumentCurrencyCode", doc["currency"])
    period = invoice_period(doc)
    if period:
        b.period(root, *period)
    if doc.get("po_reference"):  # BT-13
        b.el(b.el(root, "cac:OrderReference"), "cbc:ID", doc["po_reference"])
    credited = doc.get("credited_invoice")
    if credited:  # BT-25/BT-26
        ref = b.el(b.el(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        b.el(ref, "cbc:ID", credited["number"])
        if credited.get("issue_date"):
            b.el(ref, "cbc:IssueDate", credited["issue_date"])

    vat_ids = carries_vat_ids(doc)
    _party(b, b.el(root, "cac:AccountingSupplierParty"), doc["seller"], vat_ids)
    _party(b, b.el(root, "cac:AccountingCustomerParty"), doc["buyer"], vat_ids)
    if any(g["category"] == "K" for g in doc["tax_breakdown"]):  # BR-IC-12, see cii.py
        location = b.el(b.el(root, "cac:Delivery"), "cac:DeliveryLocation")
        b.el(
            b.el(b.el(location, "cac:Address"), "cac:Country"),
            "cbc:IdentificationCode",
            doc["buyer"]["country"],
        )
    if is_invoice:  # a credit note is refunded or offset: no means of payment to the seller
        _payment_means(b, root, doc)
    b.el(b.el(root, "cac:PaymentTerms"), "cbc:Note", terms_text(doc))
    for allowance in doc.get("allowances", []):
        _allowance(b, root, allowance)
    _tax_total(b, root, doc)
    _monetary_total(b, root, doc)
    for line in doc["lines"]:
        _line(b, root, line, is_invoice)
    return bytes(b.etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _party(b: _Builder, parent: Any, party: Doc, with_vat_id: bool) -> None:
    node = b.el(parent, "cac:Party")
    if party.get("email"):  # BT-34/BT-49; EAS scheme EM = e-mail address
        b.el(node, "cbc:EndpointID", party["email"], schemeID="EM")
    address = b.el(node, "cac:PostalAddress")
    lines = street_lines(party)
    if lines:
        b.el(address, "cbc:StreetName", lines[0])
    if len(lines) > 1:
        b.el(address, "cbc:AdditionalStreetName", lines[1])
    if party.get("city"):
        b.el(address, "cbc:CityName", party["city"])
    if party.get("postcode"):
        b.el(address, "cbc:PostalZone", party["postcode"])
    if len(lines) > 2:
        b.el(b.el(address, "cac:AddressLine"), "cbc:Line", lines[2])
    b.el(b.el(address, "cac:Country"), "cbc:IdentificationCode", party["country"])
    if with_vat_id and party.get("tax_id"):
        scheme = b.el(node, "cac:PartyTaxScheme")
        b.el(scheme, "cbc:CompanyID", party["tax_id"])
        b.tax_scheme(scheme)
    legal = b.el(node, "cac:PartyLegalEntity")
    b.el(legal, "cbc:RegistrationName", party["name"])
    if party.get("legal_id"):  # BT-30, e.g. SIRET: what identifies an O-invoice seller
        b.el(legal, "cbc:CompanyID", party["legal_id"])


def _payment_means(b: _Builder, root: Any, doc: Doc) -> None:
    terms = doc.get("payment_terms") or {}
    code = str(terms.get("means_code") or "58")
    means = b.el(root, "cac:PaymentMeans")
    b.el(means, "cbc:PaymentMeansCode", code)
    b.el(means, "cbc:PaymentID", doc["number"])  # BT-83: remittance text
    account = terms.get("iban") or doc["seller"].get("iban")
    if account and code in CREDIT_TRANSFER:
        b.el(b.el(means, "cac:PayeeFinancialAccount"), "cbc:ID", account)


def _allowance(b: _Builder, root: Any, allowance: Doc) -> None:
    node = b.el(root, "cac:AllowanceCharge")
    b.el(node, "cbc:ChargeIndicator", "false")
    b.el(node, "cbc:AllowanceChargeReason", allowance["reason"])
    if allowance.get("percent"):
        b.el(node, "cbc:MultiplierFactorNumeric", allowance["percent"])
    b.amount(node, "cbc:Amount", allowance["amount"])
    if allowance.get("percent"):
        b.amount(node, "cbc:BaseAmount", allowance["base"])
    category = b.tax_category(
        node, "cac:TaxCategory", allowance["tax_category"], allowance["tax_rate"]
    )
    b.tax_scheme(category)


def _tax_total(b: _Builder, root: Any, doc: Doc) -> None:
    total = b.el(root, "cac:TaxTotal")
    b.amount(total, "cbc:TaxAmount", doc["totals"]["tax"])
    for group in doc["tax_breakdown"]:
        subtotal = b.el(total, "cac:TaxSubtotal")
        b.amount(subtotal, "cbc:TaxableAmount", group["taxable"])
        b.amount(subtotal, "cbc:TaxAmount", group["tax"])
        category = b.tax_category(subtotal, "cac:TaxCategory", group["category"], group["rate"])
        code, reason = exemption(group)
        if code:
            b.el(category, "cbc:TaxExemptionReasonCode", code)
        if reason:
            b.el(category, "cbc:TaxExemptionReason", reason)
        b.tax_scheme(category)


def _monetary_total(b: _Builder, root: Any, doc: Doc) -> None:
    totals = doc["totals"]
    node = b.el(root, "cac:LegalMonetaryTotal")
    b.amount(node, "cbc:LineExtensionAmount", totals["lines"])
    b.amount(node, "cbc:TaxExclusiveAmount", totals["net"])
    b.amount(node, "cbc:TaxInclusiveAmount", totals["gross"])
    b.amount(node, "cbc:AllowanceTotalAmount", totals["allowances"])
    b.amount(node, "cbc:PrepaidAmount", settled(doc))
    b.amount(node, "cbc:PayableAmount", totals["due"])


def _line(b: _Builder, root: Any, line: Doc, is_invoice: bool) -> None:
    node = b.el(root, "cac:InvoiceLine" if is_invoice else "cac:CreditNoteLine")
    b.el(node, "cbc:ID", str(line["position"]))
    b.el(
        node,
        "cbc:InvoicedQuantity" if is_invoice else "cbc:CreditedQuantity",
        line["quantity"],
        unitCode=line["unit"],
    )
    b.amount(node, "cbc:LineExtensionAmount", line["net"])
    line_period = line.get("period") or {}
    if line_period.get("from") or line_period.get("to"):
        b.period(node, line_period.get("from"), line_period.get("to"))
    item = b.el(node, "cac:Item")
    b.el(item, "cbc:Name", line["description"])
    category = b.tax_category(
        item, "cac:ClassifiedTaxCategory", line["tax_category"], line["tax_rate"]
    )
    b.tax_scheme(category)
    b.amount(b.el(node, "cac:Price"), "cbc:PriceAmount", line["unit_price"])
