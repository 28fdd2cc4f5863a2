"""Invoice as PDF/A-3b (WeasyPrint), and as Factur-X: the same PDF with factur-x.xml inside.

The PDF is the HTML export printed: one template, so the two can never disagree. PDF/A-3b
(rather than plain PDF) because Factur-X requires it and it is the archival form accountants
are asked to keep; WeasyPrint embeds the DejaVu fonts the CSS names.
"""

from __future__ import annotations

from psa_cli.formats.invoice_html import render_html
from psa_cli.formats.invoice_text import Doc

PDF_VARIANT = "pdf/a-3b"


def render_pdf(doc: Doc) -> bytes:
    """The invoice as a PDF/A-3b document."""
    from weasyprint import HTML  # lazy: ~400 ms and the pango/harfbuzz libraries

    pdf = HTML(string=render_html(doc), base_url=None).write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None  # write_pdf returns the bytes when no target is given
    return bytes(pdf)


def render_facturx(doc: Doc) -> bytes:
    """A Factur-X (EN 16931 profile) PDF: the PDF/A-3b invoice with its CII XML embedded.

    Raises `EInvoiceIncomplete` before rendering anything when the invoice lacks data an
    e-invoice needs (see `einvoice_check.missing_fields`).
    """
    from psa_cli.formats.cii import embed_facturx, render_cii

    xml = render_cii(doc)  # first: refuse early, before the costly PDF
    return embed_facturx(render_pdf(doc), xml)
