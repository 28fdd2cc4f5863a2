"""The hand-made fixtures obey the engine's invariants (docs/invoice-json.md), checked
independently of how `documents.build` computed them; and formats/ imports stay light."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.formats.documents import ALL, DECIMALS, Doc

MONEY_KEYS = ("lines", "allowances", "net", "tax", "gross", "paid", "credited", "due")


def _q(value: Decimal, currency: str) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-DECIMALS[currency]), rounding=ROUND_HALF_UP)


def _decimals(amount: str) -> int:
    return max(0, -int(Decimal(amount).as_tuple().exponent))


def check_invariants(doc: Doc) -> None:
    cur = doc["currency"]
    places = DECIMALS[cur]
    nets: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for line in doc["lines"]:
        assert Decimal(line["net"]) == _q(
            Decimal(line["quantity"]) * Decimal(line["unit_price"]), cur
        ), line
        assert _decimals(line["net"]) == places
        nets[(line["tax_category"], line["tax_rate"])] += Decimal(line["net"])
    allowance_of = {
        (a["tax_category"], a["tax_rate"]): Decimal(a["amount"]) for a in doc["allowances"]
    }
    assert len(allowance_of) == len(doc["allowances"]), "one allowance per tax group"
    for group in doc["tax_breakdown"]:
        key = (group["category"], group["rate"])
        taxable = nets[key] - allowance_of.get(key, Decimal(0))
        assert Decimal(group["taxable"]) == taxable, group
        assert Decimal(group["tax"]) == _q(taxable * Decimal(group["rate"]) / 100, cur)
    totals = {k: Decimal(doc["totals"][k]) for k in MONEY_KEYS}
    assert all(_decimals(doc["totals"][k]) == places for k in MONEY_KEYS), doc["totals"]
    assert totals["lines"] == sum(nets.values())
    assert totals["allowances"] == sum(allowance_of.values(), Decimal(0))
    assert totals["net"] == sum(Decimal(g["taxable"]) for g in doc["tax_breakdown"])
    assert totals["tax"] == sum(Decimal(g["tax"]) for g in doc["tax_breakdown"])
    assert totals["gross"] == totals["net"] + totals["tax"]
    if doc["kind"] == "credit_note":  # applied to the invoice it credits
        assert totals["due"] == 0
    else:
        assert totals["due"] == totals["gross"] - totals["paid"] - totals["credited"]
    assert doc["type_code"] == ("381" if doc["kind"] == "credit_note" else "380")


@pytest.mark.parametrize("name", ALL)
def test_fixture_respects_engine_invariants(name: str) -> None:
    check_invariants(ALL[name]())


def test_documented_example_is_a_valid_document() -> None:
    """docs/invoice-json.md's example obeys the invariants and makes a valid e-invoice."""
    from psa_cli.formats.cii import render_cii
    from psa_cli.formats.einvoice_check import missing_fields, validate_cii

    page = (Path(__file__).resolve().parents[2] / "docs" / "invoice-json.md").read_text()
    doc = json.loads(re.findall(r"```json\n(.*?)```", page, re.S)[0])
    check_invariants(doc)
    assert missing_fields(doc) == []
    assert validate_cii(render_cii(doc)) == []


def test_formats_import_no_heavy_library() -> None:
    """The renderers are imported by the CLI; their libraries load only when called."""
    code = (
        "import sys\n"
        "import psa_cli.formats.invoice_text, psa_cli.formats.invoice_html\n"
        "import psa_cli.formats.invoice_pdf, psa_cli.formats.cii, psa_cli.formats.ubl\n"
        "import psa_cli.formats.einvoice_check\n"
        "print(' '.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    for heavy in ("weasyprint", "lxml", "facturx", "saxonche", "pypdf", "drafthorse"):
        assert heavy not in loaded, f"importing psa_cli.formats loads {heavy}"
