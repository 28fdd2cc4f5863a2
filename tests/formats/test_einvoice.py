"""CII (Factur-X EN 16931) and UBL 2.1: valid against XSD + EN 16931 Schematron, same
numbers as the document, and `missing_fields` names the rules the ledger would break."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from psa_cli.domain.errors import PsaError
from psa_cli.formats import cii, ubl
from psa_cli.formats.einvoice_check import (
    EInvoiceIncomplete,
    missing_fields,
    street_lines,
    validate_cii,
    validate_ubl,
)
from tests.formats import documents as D
from tests.formats.documents import ALL, Doc, rendered
from tests.formats.shared_validator import VALIDATOR, validator_ok

RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
VALIDATE = {"cii": validate_cii, "ubl": validate_ubl}


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("fmt", ["cii", "ubl"])
def test_valid_against_xsd_and_en16931_schematron(fmt: str, name: str) -> None:
    assert missing_fields(ALL[name]()) == []
    failures = VALIDATE[fmt](rendered(name, fmt))
    assert not failures, f"{fmt} {name} breaks:\n" + "\n".join(failures)


@pytest.mark.skipif(not VALIDATOR.exists(), reason=f"{VALIDATOR} not present")
@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("fmt", ["cii", "ubl"])
def test_shared_validator_accepts(fmt: str, name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.{fmt}.xml"
    path.write_bytes(rendered(name, fmt))
    validator_ok(fmt, path)


def _tree(xml: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(xml)


@pytest.mark.parametrize("name", ALL)
def test_cii_states_the_document_totals(name: str) -> None:
    doc = ALL[name]()
    summation = _tree(rendered(name, "cii")).find(
        f".//{{{RAM}}}SpecifiedTradeSettlementHeaderMonetarySummation"
    )
    got = {child.tag.split("}")[1]: child.text for child in summation}
    totals = doc["totals"]
    assert got["LineTotalAmount"] == totals["lines"]
    assert got["AllowanceTotalAmount"] == totals["allowances"]
    assert got["TaxBasisTotalAmount"] == totals["net"]
    assert got["TaxTotalAmount"] == totals["tax"]
    assert got["GrandTotalAmount"] == totals["gross"]
    assert got["DuePayableAmount"] == totals["due"]


@pytest.mark.parametrize("name", ALL)
def test_ubl_states_the_document_totals(name: str) -> None:
    doc = ALL[name]()
    root = _tree(rendered(name, "ubl"))
    total = root.find(f"{{{CAC}}}LegalMonetaryTotal")
    got = {child.tag.split("}")[1]: child.text for child in total}
    totals = doc["totals"]
    assert got["LineExtensionAmount"] == totals["lines"]
    assert got["TaxExclusiveAmount"] == totals["net"]
    assert got["TaxInclusiveAmount"] == totals["gross"]
    assert got["PayableAmount"] == totals["due"]
    assert root.find(f"{{{CAC}}}TaxTotal/{{{CBC}}}TaxAmount").text == totals["tax"]
    expected_root = "CreditNote" if doc["kind"] == "credit_note" else "Invoice"
    assert root.tag.endswith(expected_root)


def test_credit_note_references_the_invoice() -> None:
    cii_ref = _tree(rendered("credit_note", "cii")).find(
        f".//{{{RAM}}}InvoiceReferencedDocument/{{{RAM}}}IssuerAssignedID"
    )
    assert cii_ref is not None and cii_ref.text == "INV-2026-0001"
    ubl_ref = _tree(rendered("credit_note", "ubl")).find(
        f"{{{CAC}}}BillingReference/{{{CAC}}}InvoiceDocumentReference/{{{CBC}}}ID"
    )
    assert ubl_ref is not None and ubl_ref.text == "INV-2026-0001"


def test_not_subject_invoice_carries_no_vat_ids_or_rates() -> None:
    xml = rendered("not_subject", "cii").decode()
    assert "SpecifiedTaxRegistration" not in xml and "RateApplicablePercent" not in xml
    assert "30326504500012" in xml  # the SIRET identifies the seller instead (BR-CO-26)


# --- the validators catch broken documents ---------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "old", "new", "rule"),
    [
        ("cii", b"<ram:GrandTotalAmount>1634.36<", b"<ram:GrandTotalAmount>1634.37<", "BR-CO-15"),
        ("cii", b"<ram:TypeCode>380</ram:TypeCode>", b"", "XSD"),
        ("ubl", b'"EUR">1534.36</cbc:PayableAmount>', b'"EUR">1534.00</cbc:PayableAmount>',
         "BR-CO-16"),
        ("ubl", b"<cbc:CustomizationID>urn:cen.eu:en16931:2017<",
         b"<cbc:CustomizationID><", "BR-01"),
    ],
)  # fmt: skip
def test_validators_report_the_failed_rule(fmt: str, old: bytes, new: bytes, rule: str) -> None:
    xml = rendered("standard", fmt)
    assert old in xml
    failures = VALIDATE[fmt](xml.replace(old, new, 1))
    assert any(f.startswith(rule) for f in failures), failures


Mutation = Callable[[Doc], None]


def _clear(role: str, key: str) -> Mutation:
    return lambda doc: doc[role].update({key: ""})


def _no_iban(doc: Doc) -> None:
    doc["seller"]["iban"] = ""
    doc["payment_terms"]["iban"] = ""


def _no_exemption_reason(doc: Doc) -> None:
    for group in doc["tax_breakdown"]:
        if group["category"] == "E":
            group["exemption_reason"] = None


# (fixture, mutation, rule missing_fields names, rules a validator may report for it)
CASES: list[tuple[str, Mutation, str, tuple[str, ...]]] = [
    ("standard", _clear("seller", "tax_id"), "BR-S-02", ("BR-S-02",)),
    ("reverse_charge", _clear("buyer", "tax_id"), "BR-AE-02", ("BR-AE-02",)),
    ("intra_community", _clear("buyer", "tax_id"), "BR-IC-02", ("BR-IC-02",)),
    ("mixed", _no_exemption_reason, "BR-E-10", ("BR-E-10",)),
    # CII's syntax rule fires first for a credit transfer without an account
    ("standard", _no_iban, "BR-61", ("BR-61", "CII-SR-470")),
    ("not_subject", _clear("seller", "legal_id"), "BR-CO-26", ("BR-CO-26",)),
]


@pytest.mark.parametrize(("name", "mutate", "rule", "reported"), CASES, ids=[c[2] for c in CASES])
@pytest.mark.parametrize("fmt", ["cii", "ubl"])
def test_missing_fields_names_the_rule_the_validator_would_fail(
    fmt: str,
    name: str,
    mutate: Mutation,
    rule: str,
    reported: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = ALL[name]()
    mutate(doc)
    gaps = missing_fields(doc)
    assert any(rule in gap for gap in gaps), gaps
    module = cii if fmt == "cii" else ubl
    render = getattr(module, f"render_{fmt}")
    with pytest.raises(EInvoiceIncomplete):
        render(doc)
    # Written anyway, the document fails exactly that rule: the check is not guesswork.
    monkeypatch.setattr(module, "require_complete", lambda doc: None)
    xml = render(doc)
    failures = VALIDATE[fmt](xml)
    assert any(f.startswith(reported) for f in failures), failures


def test_missing_fields_on_a_bare_draft() -> None:
    doc = D.standard()
    doc.update(number=None, status="draft")
    doc["buyer"].update(country="", address=[], city="", postcode="")
    doc["seller"]["country"] = "France"
    gaps = " | ".join(missing_fields(doc))
    for expected in (
        "number",
        "BR-02",
        "buyer.country",
        "BR-11",
        "buyer.address",
        "BR-10",
        "seller.country",
        "BR-09",
    ):
        assert expected in gaps


def test_missing_fields_other_rules() -> None:
    doc = D.credit_note()
    doc["credited_invoice"] = None
    assert any("BT-25" in gap for gap in missing_fields(doc))
    doc = D.standard()
    doc["buyer"]["tax_id"] = "61954506077"
    assert any("BR-CO-09" in gap for gap in missing_fields(doc))
    doc = D.not_subject()
    doc["lines"][0].update(tax_category="S", tax_rate="20")
    doc["tax_breakdown"].append(dict(doc["tax_breakdown"][0], category="S", rate="20"))
    assert any("BR-O-11" in gap for gap in missing_fields(doc))
    doc = D.intra_community()
    doc["period"] = None
    for line in doc["lines"]:
        line["period"] = None
    assert any("BR-IC-11" in gap for gap in missing_fields(doc))


def test_incomplete_is_a_one_line_refusal() -> None:
    doc = D.standard()
    doc["number"] = None
    with pytest.raises(EInvoiceIncomplete) as caught:
        cii.render_cii(doc)
    assert isinstance(caught.value, PsaError) and caught.value.exit_code == 1
    assert "\n" not in str(caught.value) and caught.value.missing


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        ({"address": ["12 rue de la Paix", "75002 Paris"], "postcode": "75002", "city": "Paris",
          "country": "FR"}, ["12 rue de la Paix"]),
        ({"address": ["a", "b", "c", "d", "Berlin 10115", "DE"], "postcode": "10115",
          "city": "Berlin", "country": "DE"}, ["a", "b", "c, d"]),
        ({"address": [], "city": "Paris", "country": "FR"}, []),
    ],
)  # fmt: skip
def test_street_lines(party: Doc, expected: list[str]) -> None:
    assert street_lines(party) == expected
