"""HTML export: escaping of client text, the totals, the one template."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from psa_cli.formats.invoice_html import render_html
from psa_cli.formats.invoice_text import money
from tests.formats.documents import ALL, Doc, rendered, standard


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_hostile_client_text_is_escaped() -> None:
    page = rendered("hostile", "html")
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    assert not any(a.startswith("on") for a in parsed.attrs), "an event handler got through"
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons &quot;Ltd&quot;" in page
    assert "&#x27;q&#x27;" in page
    assert "&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;PO&amp;1&gt;" in page
    # ... and reads back as the original text
    text = "".join(parsed.text)
    assert '<script>alert("x")</script> & Sons "Ltd" \'q\'' in text
    assert "=SUM(A1:A9) <b>bold</b> & co" in text


def _totals(page: str) -> dict[str, str]:
    rows = re.findall(r'<tr class="(\w+)"><td>[^<]*</td><td class="num">([^<]*)</td></tr>', page)
    return dict(rows)


@pytest.mark.parametrize("name", ALL)
def test_html_totals_equal_the_document(name: str) -> None:
    doc: Doc = ALL[name]()
    page = rendered(name, "html")
    shown = _totals(page)
    assert {"net", "tax", "gross"} <= shown.keys()
    assert ("due" in shown) == (doc["kind"] != "credit_note")
    for key, text in shown.items():
        amount, currency = text.split()
        assert currency == doc["currency"]
        assert Decimal(amount.replace(",", "")) == Decimal(doc["totals"][key]), key
        assert amount.replace(",", "") == doc["totals"][key], "decimals must match the currency"
    for line in doc["lines"]:
        assert money(line["net"], doc["currency"]) in page


def test_template_is_fully_filled() -> None:
    page = rendered("standard", "html")
    assert not re.search(r"\$\{?\w", page), "a template placeholder was left unfilled"
    assert page.startswith("<!DOCTYPE html>") and "DejaVu Sans" in page
    assert "<title>Invoice INV-2026-0001</title>" in page


def test_draft_and_void_are_marked() -> None:
    doc = standard()
    doc.update(number=None, status="draft")
    assert "DRAFT" in render_html(doc) and "Invoice (draft)" in render_html(doc)
    doc.update(number="INV-2026-0001", status="void")
    assert "VOID" in render_html(doc)


def test_credit_note_names_the_credited_invoice() -> None:
    page = rendered("credit_note", "html")
    assert "Credit note CN-2026-0001" in page
    assert "INV-2026-0001 of 2026-11-20" in page
    assert "IBAN" not in page  # nothing to pay on a credit note
