"""The billing arithmetic: rounding, rates, totals, numbering (pure, property-tested)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psa_cli.domain import billing
from psa_cli.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("rule", "seconds", "billed"),
    [
        ("none", 4000, 4000),
        ("up/15", 1, 900),
        ("up/15", 900, 900),
        ("up/15", 901, 1800),
        ("down/15", 1799, 900),
        ("nearest/15", 449, 0),
        ("nearest/15", 450, 900),  # half-up at exactly 7.5 minutes
        ("nearest/6/30", 60, 1800),  # minimum 30 minutes
        ("up/6", 3600 + 1, 3600 + 360),
    ],
)
def test_rounding(rule: str, seconds: int, billed: int) -> None:
    assert billing.parse_rounding(rule).apply(seconds) == billed


@given(st.integers(1, 86400), st.sampled_from(["up", "down", "nearest"]), st.integers(1, 60))
def test_rounding_lands_on_steps_and_never_moves_more_than_one(
    seconds: int, mode: str, minutes: int
) -> None:
    step = minutes * 60
    billed = billing.Rounding(mode, minutes).apply(seconds)
    assert billed % step == 0
    assert abs(billed - seconds) < step or (mode == "nearest" and abs(billed - seconds) <= step / 2)
    if mode == "up":
        assert billed >= seconds
    if mode == "down":
        assert billed <= seconds


def test_bad_rounding_refused() -> None:
    with pytest.raises(InvalidInput, match="invalid rounding"):
        billing.parse_rounding("sideways/15")
    with pytest.raises(InvalidInput):
        billing.parse_rounding("up/0")


def test_rate_hierarchy_most_specific_wins() -> None:
    levels = [("entry", None), ("task", 15000), ("project", 13000), ("client", 12000),
              ("person", 9000), ("default", 10000)]  # fmt: skip
    assert billing.resolve_rate(*levels) == ("task", 15000)
    assert billing.resolve_rate(*[(n, None) for n, _ in levels[:3]], *levels[3:]) == (
        "client",
        12000,
    )
    assert billing.resolve_rate(("entry", None), ("task", None)) is None


def test_quantity_text_and_line_net() -> None:
    assert billing.quantity_text(billing.hours(4800)) == "1.3333"
    assert billing.quantity_text(billing.hours(5400)) == "1.50"
    assert billing.line_net(billing.hours(4800), 12000) == 16000  # 159.996 -> 160.00
    assert billing.line_net(Decimal("0.125"), 1) == 0
    assert billing.line_net(Decimal("0.5"), 1) == 1  # half-up


lines_st = st.lists(
    st.tuples(
        st.decimals(Decimal("0.01"), Decimal("500"), places=2),
        st.integers(0, 500_000),
        st.sampled_from(
            [
                ("S", Decimal(20)),
                ("S", Decimal("5.5")),
                ("S", Decimal(10)),
                ("Z", Decimal(0)),
                ("E", Decimal(0)),
            ]
        ),  # fmt: skip
    ),
    min_size=1,
    max_size=25,
)


@given(lines_st, st.decimals(Decimal(0), Decimal(100), places=2))
def test_totals_add_up_exactly(raw: list, discount: Decimal) -> None:
    lines = [
        billing.Line(q, p, cat, rate, "x" if cat == "E" else None) for q, p, (cat, rate) in raw
    ]
    totals = billing.compute_totals(lines, discount)
    assert totals.lines_minor == sum(line.net_minor for line in lines)
    assert totals.net_minor + totals.tax_minor == totals.gross_minor
    assert totals.net_minor == sum(g.taxable_minor for g in totals.groups)
    assert totals.tax_minor == sum(g.tax_minor for g in totals.groups)
    assert totals.lines_minor - totals.allowances_minor == totals.net_minor
    for group in totals.groups:
        exact = Decimal(group.taxable_minor) * group.rate / 100
        assert group.tax_minor == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert 0 <= group.allowance_minor <= group.lines_minor
    assert len({(g.category, g.rate) for g in totals.groups}) == len(totals.groups)


def test_worked_example_from_docs() -> None:
    """docs/billing.md, example 2: two rates, a discount."""
    lines = [
        billing.Line(Decimal("1.3333"), 12000, "S", Decimal(20)),  # 160.00
        billing.Line(Decimal("2.00"), 12000, "S", Decimal(20)),  # 240.00
        billing.Line(Decimal("1"), 5500, "S", Decimal(10)),  # 55.00
    ]
    totals = billing.compute_totals(lines, Decimal(5))
    by_rate = {g.rate: g for g in totals.groups}
    assert (by_rate[Decimal(20)].allowance_minor, by_rate[Decimal(20)].tax_minor) == (2000, 7600)
    assert (by_rate[Decimal(10)].allowance_minor, by_rate[Decimal(10)].tax_minor) == (275, 523)
    assert (totals.net_minor, totals.tax_minor, totals.gross_minor) == (43225, 8123, 51348)


def test_tax_rules() -> None:
    assert billing.check_tax("ae", Decimal(0), None) == ("AE", Decimal(0), "Reverse charge")
    with pytest.raises(InvalidInput, match="rate above 0"):
        billing.check_tax("S", Decimal(0), None)
    with pytest.raises(InvalidInput, match="exemption reason"):
        billing.check_tax("E", Decimal(0), None)
    with pytest.raises(InvalidInput, match="0% rate"):
        billing.check_tax("Z", Decimal(5), None)
    with pytest.raises(InvalidInput, match="invalid tax category"):
        billing.check_tax("X", Decimal(0), None)


def test_number_patterns() -> None:
    day = date(2026, 3, 5)
    assert billing.format_number("INV-{year}-{seq:04d}", day, 7, 2, "acme") == "INV-2026-0007"
    assert billing.format_number("{client}/{yy}{month}/{cseq:3d}", day, 7, 2, "acme") == (
        "ACME/2603/002"
    )
    assert billing.series_key("inv", "INV-{year}-{seq}", day) == "inv:2026"
    assert billing.series_key("inv", "F{seq:05d}", day) == "inv"


def test_rollover_balance() -> None:
    hour = 3600
    assert billing.rollover_balance(10 * hour, []) == 0
    assert billing.rollover_balance(10 * hour, [6 * hour]) == 4 * hour
    assert billing.rollover_balance(10 * hour, [6 * hour, 12 * hour]) == 2 * hour
    assert billing.rollover_balance(10 * hour, [6 * hour, 20 * hour, 0]) == 10 * hour
