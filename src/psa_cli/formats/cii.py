"""Factur-X / ZUGFeRD CII XML (EN 16931 profile) from the invoice document, and embedding.

Built by hand with lxml rather than with drafthorse: drafthorse mirrors CII 1:1 (one model
attribute per element, so the mapping is no shorter), validates only against its own copy of
the XSD (not the EN 16931 rules), and the UBL writer next door needs the same tax-category
decisions anyway; both writers take them from `einvoice_check`. Element order follows the
Factur-X 1.0.7 EN16931 XSD; the CII sequence is strict, so do not reorder.

Amounts are written exactly as the document carries them (decimal strings with the currency's
decimals): the XML states the same numbers as the PDF, to the cent, with no re-computation.
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
    looks_like_iban,
    require_complete,
    settled,
    street_lines,
    terms_text,
)

GUIDELINE_EN16931 = "urn:cen.eu:en16931:2017"
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


class _Builder:
    """Tiny helper so the tree reads top-down like the XML it makes."""

    def __init__(self) -> None:
        from lxml import etree  # lazy: the CLI imports formats only for exports

        self.etree = etree

    def el(self, parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
        prefix, local = tag.split(":")
        node = self.etree.SubElement(parent, f"{{{NS[prefix]}}}{local}", attrs)
        if text is not None:
            node.text = text
        return node

    def date(self, parent: Any, tag: str, iso: str, dtype: str = "udt") -> Any:
        wrapper = self.el(parent, tag)
        self.el(wrapper, f"{dtype}:DateTimeString", iso.replace("-", ""), format="102")
        return wrapper

    def period(self, parent: Any, start: str | None, end: str | None) -> None:
        period = self.el(parent, "ram:BillingSpecifiedPeriod")
        if start:
            self.date(period, "ram:StartDateTime", start)
        if end:
            self.date(period, "ram:EndDateTime", end)


def render_cii(doc: Doc) -> bytes:
    """The CII XML (UTF-8 bytes) of an issued invoice or credit note.

    Raises `EInvoiceIncomplete` naming what is missing, rather than writing an invalid file.
    """
    require_complete(doc)
    b = _Builder()
    root = b.etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)

    context = b.el(root, "rsm:ExchangedDocumentContext")
    b.el(
        b.el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINE_EN16931
    )

    header = b.el(root, "rsm:ExchangedDocument")
    b.el(header, "ram:ID", doc["number"])
    b.el(header, "ram:TypeCode", doc["type_code"])
    b.date(header, "ram:IssueDateTime", doc["issue_date"])
    if doc.get("notes"):
        b.el(b.el(header, "ram:IncludedNote"), "ram:Content", doc["notes"])

    transaction = b.el(root, "rsm:SupplyChainTradeTransaction")
    for line in doc["lines"]:
        _line(b, transaction, line)
    _agreement(b, transaction, doc)
    _delivery(b, transaction, doc)
    _settlement(b, transaction, doc)
    return bytes(b.etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _tax(b: _Builder, parent: Any, category: str, rate: str, tag: str) -> None:
    tax = b.el(parent, tag)
    b.el(tax, "ram:TypeCode", "VAT")
    b.el(tax, "ram:CategoryCode", category)
    if carries_rate(category):
        b.el(tax, "ram:RateApplicablePercent", rate)


def _line(b: _Builder, parent: Any, line: Doc) -> None:
    item = b.el(parent, "ram:IncludedSupplyChainTradeLineItem")
    b.el(b.el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(line["position"]))
    b.el(b.el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line["description"])
    agreement = b.el(item, "ram:SpecifiedLineTradeAgreement")
    price = b.el(agreement, "ram:NetPriceProductTradePrice")
    b.el(price, "ram:ChargeAmount", line["unit_price"])
    delivery = b.el(item, "ram:SpecifiedLineTradeDelivery")
    b.el(delivery, "ram:BilledQuantity", line["quantity"], unitCode=line["unit"])
    settlement = b.el(item, "ram:SpecifiedLineTradeSettlement")
    _tax(b, settlement, line["tax_category"], line["tax_rate"], "ram:ApplicableTradeTax")
    line_period = line.get("period") or {}
    if line_period.get("from") or line_period.get("to"):
        b.period(settlement, line_period.get("from"), line_period.get("to"))
    summation = b.el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    b.el(summation, "ram:LineTotalAmount", line["net"])


def _party(b: _Builder, parent: Any, tag: str, party: Doc, with_vat_id: bool) -> None:
    node = b.el(parent, tag)
    b.el(node, "ram:Name", party["name"])
    if party.get("legal_id"):  # BT-30, e.g. SIRET: what identifies an O-invoice seller
        b.el(b.el(node, "ram:SpecifiedLegalOrganization"), "ram:ID", party["legal_id"])
    address = b.el(node, "ram:PostalTradeAddress")
    if party.get("postcode"):
        b.el(address, "ram:PostcodeCode", party["postcode"])
    for tag_name, text in zip(
        ("ram:LineOne", "ram:LineTwo", "ram:LineThree"), street_lines(party), strict=False
    ):
        b.el(address, tag_name, text)
    if party.get("city"):
        b.el(address, "ram:CityName", party["city"])
    b.el(address, "ram:CountryID", party["country"])
    if party.get("email"):  # BT-34/BT-49; EAS scheme EM = e-mail address
        b.el(
            b.el(node, "ram:URIUniversalCommunication"), "ram:URIID", party["email"], schemeID="EM"
        )
    if with_vat_id and party.get("tax_id"):
        b.el(b.el(node, "ram:SpecifiedTaxRegistration"), "ram:ID", party["tax_id"], schemeID="VA")


def _agreement(b: _Builder, parent: Any, doc: Doc) -> None:
    agreement = b.el(parent, "ram:ApplicableHeaderTradeAgreement")
    vat_ids = carries_vat_ids(doc)
    _party(b, agreement, "ram:SellerTradeParty", doc["seller"], vat_ids)
    _party(b, agreement, "ram:BuyerTradeParty", doc["buyer"], vat_ids)
    if doc.get("po_reference"):  # BT-13
        b.el(
            b.el(agreement, "ram:BuyerOrderReferencedDocument"),
            "ram:IssuerAssignedID",
            doc["po_reference"],
        )


def _delivery(b: _Builder, parent: Any, doc: Doc) -> None:
    # The element is mandatory even when empty. An intra-community supply (K) must name the
    # deliver-to country (BR-IC-12): the buyer's, since services are supplied where it sits.
    delivery = b.el(parent, "ram:ApplicableHeaderTradeDelivery")
    if any(g["category"] == "K" for g in doc["tax_breakdown"]):
        ship_to = b.el(delivery, "ram:ShipToTradeParty")
        b.el(b.el(ship_to, "ram:PostalTradeAddress"), "ram:CountryID", doc["buyer"]["country"])
    # BT-72 actual delivery date: the end of the period worked (else the issue date), which
    # also keeps the element non-empty (PEPPOL-EN16931-R008 warns about empty elements).
    delivered = (doc.get("period") or {}).get("to") or doc.get("issue_date")
    if delivered:
        event = b.el(delivery, "ram:ActualDeliverySupplyChainEvent")
        b.date(event, "ram:OccurrenceDateTime", delivered)


def _settlement(b: _Builder, parent: Any, doc: Doc) -> None:
    settlement = b.el(parent, "ram:ApplicableHeaderTradeSettlement")
    is_invoice = doc["kind"] != "credit_note"
    terms = doc.get("payment_terms") or {}
    if is_invoice:
        b.el(settlement, "ram:PaymentReference", doc["number"])  # BT-83: remittance text
    b.el(settlement, "ram:InvoiceCurrencyCode", doc["currency"])
    # A credit note is refunded or offset, not paid into the seller's account: no means.
    means_code = str(terms.get("means_code") or "58")
    if is_invoice:
        means = b.el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        b.el(means, "ram:TypeCode", means_code)
        iban = terms.get("iban") or doc["seller"].get("iban")
        if iban and means_code in CREDIT_TRANSFER:
            account = b.el(means, "ram:PayeePartyCreditorFinancialAccount")
            b.el(account, "ram:IBANID" if looks_like_iban(iban) else "ram:ProprietaryID", iban)
    for group in doc["tax_breakdown"]:
        _tax_group(b, settlement, group)
    period = invoice_period(doc)
    if period:
        b.period(settlement, *period)
    for allowance in doc.get("allowances", []):
        _allowance(b, settlement, allowance)
    payment_terms = b.el(settlement, "ram:SpecifiedTradePaymentTerms")
    b.el(payment_terms, "ram:Description", terms_text(doc))
    if is_invoice and doc.get("due_date"):
        b.date(payment_terms, "ram:DueDateDateTime", doc["due_date"])
    _summation(b, settlement, doc)
    credited = doc.get("credited_invoice")
    if credited:  # BT-25/BT-26: the invoice a credit note corrects
        ref = b.el(settlement, "ram:InvoiceReferencedDocument")
        b.el(ref, "ram:IssuerAssignedID", credited["number"])
        if credited.get("issue_date"):
            b.date(ref, "ram:FormattedIssueDateTime", credited["issue_date"], dtype="qdt")


def _tax_group(b: _Builder, parent: Any, group: Doc) -> None:
    tax = b.el(parent, "ram:ApplicableTradeTax")
    b.el(tax, "ram:CalculatedAmount", group["tax"])
    b.el(tax, "ram:TypeCode", "VAT")
    code, reason = exemption(group)
    if reason:
        b.el(tax, "ram:ExemptionReason", reason)
    b.el(tax, "ram:BasisAmount", group["taxable"])
    b.el(tax, "ram:CategoryCode", group["category"])
    if code:
        b.el(tax, "ram:ExemptionReasonCode", code)
    if carries_rate(group["category"]):
        b.el(tax, "ram:RateApplicablePercent", group["rate"])


def _allowance(b: _Builder, parent: Any, allowance: Doc) -> None:
    node = b.el(parent, "ram:SpecifiedTradeAllowanceCharge")
    b.el(b.el(node, "ram:ChargeIndicator"), "udt:Indicator", "false")
    if allowance.get("percent"):
        b.el(node, "ram:CalculationPercent", allowance["percent"])
        b.el(node, "ram:BasisAmount", allowance["base"])
    b.el(node, "ram:ActualAmount", allowance["amount"])
    b.el(node, "ram:Reason", allowance["reason"])
    _tax(b, node, allowance["tax_category"], allowance["tax_rate"], "ram:CategoryTradeTax")


def _summation(b: _Builder, parent: Any, doc: Doc) -> None:
    totals, currency = doc["totals"], doc["currency"]
    node = b.el(parent, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    b.el(node, "ram:LineTotalAmount", totals["lines"])
    b.el(node, "ram:AllowanceTotalAmount", totals["allowances"])
    b.el(node, "ram:TaxBasisTotalAmount", totals["net"])
    b.el(node, "ram:TaxTotalAmount", totals["tax"], currencyID=currency)
    b.el(node, "ram:GrandTotalAmount", totals["gross"])
    b.el(node, "ram:TotalPrepaidAmount", settled(doc))
    b.el(node, "ram:DuePayableAmount", totals["due"])


def embed_facturx(pdf_bytes: bytes, xml_bytes: bytes) -> bytes:
    """A Factur-X PDF: `pdf_bytes` (PDF/A-3) with `xml_bytes` embedded as factur-x.xml.

    The factur-x package writes the attachment (AFRelationship Data), the XMP Factur-X
    extension schema and checks the XML against the EN16931 XSD on the way.
    """
    from facturx import generate_from_binary  # lazy: pulls in pypdf and lxml

    return bytes(
        generate_from_binary(
            pdf_bytes, xml_bytes, flavor="factur-x", level="en16931", check_xsd=True, lang="en"
        )
    )
