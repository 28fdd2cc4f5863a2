"""Invoice as PDF/A-3b (WeasyPrint), and as Factur-X: the same PDF with factur-x.xml inside.

The PDF is the HTML export printed: one template, so the two can never disagree. PDF/A-3b
(rather than plain PDF) because Factur-X requires it and it is the archival form accountants
are asked to keep; WeasyPrint embeds the DejaVu fonts the CSS names.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from psa_cli.formats.invoice_html import render_html
from psa_cli.formats.invoice_text import Doc

PDF_VARIANT = "pdf/a-3b"
LDCONFIG = ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")


def load_weasyprint() -> Any:
    """`weasyprint.HTML`, imported (lazily: ~0.5 s and the pango/harfbuzz libraries) with
    library names looked up in one `ldconfig -p` listing (`quick_find_library`)."""
    if "weasyprint" not in sys.modules:
        with quick_find_library():
            import weasyprint  # noqa: F401
    from weasyprint import HTML

    return HTML


@contextmanager
def quick_find_library() -> Iterator[None]:
    """While WeasyPrint loads, `ctypes.util.find_library` answers from one `ldconfig -p`.

    WeasyPrint tries several names per library ('libpango-1.0-0', 'pango-1.0-0',
    'pango-1.0', 'libpango-1.0.so.0', ...) and cffi asks find_library for each; on Linux
    every name it misses runs gcc and ld in subprocesses (~17 ms each, ~14 misses: about
    0.25 s of every PDF export, docs/performance.md). The listing answers a name the way
    find_library's own first step does (the soname of lib<name>.*); elsewhere, with
    LD_LIBRARY_PATH set (libraries ldconfig does not list), or without ldconfig, nothing
    changes."""
    import ctypes.util

    listing = _ldconfig_listing() if sys.platform.startswith("linux") else ""
    if not listing or os.environ.get("LD_LIBRARY_PATH"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = _finder(listing)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _ldconfig_listing() -> str:
    for tool in LDCONFIG:
        try:
            done = subprocess.run([tool, "-p"], capture_output=True, text=True, timeout=10,
                                  env={"LC_ALL": "C", "LANG": "C"}, check=False)  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0 and done.stdout:
            return done.stdout
    return ""


def _finder(listing: str) -> Callable[[str], str | None]:
    def find(name: str) -> str | None:
        found = re.search(rf"\s(lib{re.escape(name)}\.\S+) \(", listing)
        return found.group(1) if found else None

    return find


def render_pdf(doc: Doc) -> bytes:
    """The invoice as a PDF/A-3b document."""
    HTML = load_weasyprint()  # noqa: N806 - the class
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
