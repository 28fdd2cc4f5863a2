"""PDF/A-3b and Factur-X PDFs: readable text, the archival claim, the embedded XML."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from psa_cli.formats.einvoice_check import EInvoiceIncomplete, validate_cii
from psa_cli.formats.invoice_pdf import render_facturx, render_pdf
from psa_cli.formats.invoice_text import money
from tests.formats.documents import ALL, rendered, standard
from tests.formats.shared_validator import VALIDATOR, validator_ok

PDF_DOCS = ["standard", "mixed", "reverse_charge", "credit_note", "yen"]
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext not found: `make test` installs poppler-utils; apt-get failed here",
)


def _text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode("utf-8").split())


@needs_pdftotext
@pytest.mark.parametrize("name", PDF_DOCS)
def test_pdf_text_shows_number_totals_and_due_date(name: str) -> None:
    doc = ALL[name]()
    text = _text(rendered(name, "pdf"))
    cur, totals = doc["currency"], doc["totals"]
    assert doc["number"] in text
    assert doc["buyer"]["name"] in text
    if doc["kind"] == "credit_note":
        assert "Total credited " + money(totals["gross"], cur) in text
        assert doc["credited_invoice"]["number"] in text
    else:
        assert "Amount due " + money(totals["due"], cur) in text
        assert f"Due date {doc['due_date']}" in text
        assert "Total " + money(totals["gross"], cur) in text
    assert "Net " + money(totals["net"], cur) in text
    assert "Tax " + money(totals["tax"], cur) in text
    for group in doc["tax_breakdown"]:
        assert money(group["tax"], cur) in text


def _pdfa_claim(pdf: bytes) -> tuple[str, str, list[str]]:
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    part = re.search(r"pdfaid:part(?:>|=\")(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")(\w)", xmp)
    intents = [str(i.get_object()["/S"]) for i in root.get("/OutputIntents", [])]
    return (part.group(1) if part else "", conformance.group(1) if conformance else "", intents)


@pytest.mark.parametrize("fmt", ["pdf", "facturx"])
def test_pdf_claims_pdfa_3b(fmt: str) -> None:
    part, conformance, intents = _pdfa_claim(rendered("standard", fmt))
    assert (part, conformance) == ("3", "B")
    assert "/GTS_PDFA1" in intents, "PDF/A needs an output intent (sRGB)"


@pytest.mark.parametrize("name", PDF_DOCS)
def test_facturx_embeds_the_validated_xml(name: str) -> None:
    from facturx import get_xml_from_pdf
    from pypdf import PdfReader

    pdf = rendered(name, "facturx")
    filename, xml = get_xml_from_pdf(pdf, check_xsd=True)
    assert filename == "factur-x.xml"
    assert xml == rendered(name, "cii"), "the embedded XML is not the one we validated"
    assert validate_cii(xml) == []
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    (spec,) = [f.get_object() for f in root["/AF"]]
    assert spec["/AFRelationship"] == "/Data"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in xmp


@needs_pdftotext
def test_facturx_pdf_reads_like_the_plain_pdf() -> None:
    assert _text(rendered("standard", "facturx")) == _text(rendered("standard", "pdf"))


@pytest.mark.skipif(not VALIDATOR.exists(), reason=f"{VALIDATOR} not present")
@pytest.mark.parametrize("name", ["standard", "credit_note"])
def test_shared_validator_accepts_facturx_pdf(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(rendered(name, "facturx"))
    validator_ok("pdf", path)


def test_facturx_refuses_a_draft_before_rendering() -> None:
    doc = standard()
    doc.update(number=None, status="draft")
    with pytest.raises(EInvoiceIncomplete, match="number"):
        render_facturx(doc)


@needs_pdftotext
def test_draft_pdf_renders_with_a_banner() -> None:
    doc = standard()
    doc.update(number=None, status="draft")
    text = _text(render_pdf(doc))
    assert "DRAFT" in text and "Invoice (draft)" in text
