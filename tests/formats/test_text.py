"""JSON, CSV and Markdown exports."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from psa_cli.formats.invoice_text import money, quantity, render_markdown, safe_cell
from tests.formats.documents import ALL, hostile, rendered, standard


@pytest.mark.parametrize("name", ALL)
def test_json_round_trips(name: str) -> None:
    text = rendered(name, "json")
    assert json.loads(text) == ALL[name]()
    assert json.loads(text)["schema"] == "psa.invoice/1"


def test_json_keeps_non_ascii_readable() -> None:
    assert "Bâtiment B" in rendered("standard", "json")


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(rendered(name, "csv"))))


@pytest.mark.parametrize("name", ALL)
def test_csv_totals_equal_the_document(name: str) -> None:
    doc = ALL[name]()
    rows = _csv(name)
    totals = {row["description"]: row["amount"] for row in rows if row["record"] == "total"}
    assert totals == doc["totals"]  # the same strings, so the same cents
    lines = [row for row in rows if row["record"] == "line"]
    assert [row["amount"] for row in lines] == [line["net"] for line in doc["lines"]]
    taxes = [(row["amount"], row["tax"]) for row in rows if row["record"] == "tax"]
    assert taxes == [(g["taxable"], g["tax"]) for g in doc["tax_breakdown"]]
    assert {row["invoice"] for row in rows} == {doc["number"]}


def test_csv_neutralises_formulas() -> None:
    rows = _csv("hostile")
    descriptions = [row["description"] for row in rows if row["record"] == "line"]
    assert descriptions == [
        "'=SUM(A1:A9) <b>bold</b> & co",
        "'+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(1)",
    ]
    raw = rendered("hostile", "csv")
    assert not re.search(r"(^|,)[=+\-@]", raw, re.M), "a cell starts with a formula character"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("=1+1", "'=1+1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-5.00", "-5.00"), ("-", "'-"),
     ("12.50", "12.50"), ("plain", "plain"), ("", ""), (None, "")],
)  # fmt: skip
def test_safe_cell(cell: str | None, expected: str) -> None:
    assert safe_cell(cell) == expected


@pytest.mark.parametrize("name", ALL)
def test_markdown_shows_the_totals(name: str) -> None:
    doc = ALL[name]()
    text = rendered(name, "md")
    cur = doc["currency"]
    if doc["kind"] == "credit_note":
        assert f"| **Total credited** | **{money(doc['totals']['gross'], cur)}** |" in text
    else:
        assert f"| **Amount due** | **{money(doc['totals']['due'], cur)}** |" in text
        assert f"| Total | {money(doc['totals']['gross'], cur)} |" in text
    for key, label in (("net", "Net"), ("tax", "Tax")):
        assert f"| {label} | {money(doc['totals'][key], cur)} |" in text
    for line in doc["lines"]:
        assert money(line["net"], cur) in text
    assert doc["number"] in text


def test_markdown_escapes_client_text() -> None:
    text = render_markdown(hostile())
    assert "\\<script\\>" in text and "\\<img src" in text
    assert not re.search(r"(?<!\\)[<>]", text), "an unescaped angle bracket reaches Markdown"
    header = "| # | Description | Quantity | Unit price | Tax | Amount |"
    rows = text.split(header)[1].split("\n\n")[0].strip().splitlines()
    # an escaped pipe does not split a cell: every row keeps the header's column count
    cells = {len(re.split(r"(?<!\\)\|", row)) for row in rows}
    assert cells == {len(header.split("|"))}


def test_money_display_keeps_decimals() -> None:
    assert money("1234.50", "EUR") == "1,234.50 EUR"
    assert money("68908", "JPY") == "68,908 JPY"
    assert Decimal(money("1534.36", "EUR").split()[0].replace(",", "")) == Decimal("1534.36")


@pytest.mark.parametrize(
    ("qty", "unit", "expected"),
    [("12.2500", "HUR", "12.25 h"), ("0.3333", "HUR", "0.3333 h"), ("3", "HUR", "3.00 h"),
     ("3", "C62", "3"), ("1.5", "C62", "1.50"), ("1250", "C62", "1,250")],
)  # fmt: skip
def test_quantity_display(qty: str, unit: str, expected: str) -> None:
    assert quantity({"quantity": qty, "unit": unit}) == expected


def test_draft_has_no_number() -> None:
    doc = standard()
    doc.update(number=None, status="draft")
    assert render_markdown(doc).startswith("# Invoice (draft)")
