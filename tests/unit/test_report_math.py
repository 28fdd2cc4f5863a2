"""The reports' pure arithmetic: percentages, capacity, forecasts, aging, allocation,
shared pricing, charts (docs/reports.md)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psa_cli.domain import billing, pricing, reporting
from psa_cli.formats import charts


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 8, "12.5"), (14400, 16200, "88.9"), (2405, 4165, "57.7"), (5, 0, None),
     (-155, 330, "-47.0"), (1, 3, "33.3"), (2, 3, "66.7"), (1, 2000, "0.1"), (0, 9, "0.0")],
)  # fmt: skip
def test_percent(part: int, whole: int, expected: str | None) -> None:
    assert reporting.percent_text(reporting.percent(part, whole)) == expected


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**12))
def test_percent_is_half_up_to_one_decimal(part: int, whole: int) -> None:
    exact = Decimal(part) * 100 / Decimal(whole)
    sign = -1 if exact < 0 else 1
    expected = sign * abs(exact).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert reporting.percent(part, whole) == expected


def test_capacity_counts_weekdays() -> None:
    assert reporting.capacity(144000, date(2026, 11, 23), date(2026, 11, 29)) == 144000
    assert reporting.capacity(144000, date(2026, 11, 1), date(2026, 11, 30)) == 604800  # 21 d
    assert reporting.capacity(115200, date(2026, 11, 28), date(2026, 11, 29)) == 0  # weekend
    assert reporting.capacity(0, date(2026, 11, 23), date(2026, 11, 29)) == 0


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(-3, "current"), (0, "current"), (1, "days_1_30"), (30, "days_1_30"), (31, "days_31_60"),
     (60, "days_31_60"), (61, "days_61_90"), (90, "days_61_90"), (91, "days_over_90")],
)  # fmt: skip
def test_aging_bucket(days: int, bucket: str) -> None:
    assert reporting.aging_bucket(days) == bucket


def test_run_out() -> None:
    today = date(2026, 11, 26)
    # docs/reports.md: 25h left, 5h in the last 28 days -> 140 days
    assert reporting.run_out(today, 54000, 144000, 18000) == date(2027, 4, 15)
    assert reporting.run_out(today, 181500, 500000, 67500) == date(2027, 4, 8)  # 132.1 -> 133
    assert reporting.run_out(today, 10, 10, 5) is None  # nothing left
    assert reporting.run_out(today, 1, 10, 0) is None  # no recent pace


def test_budget_warning() -> None:
    assert reporting.budget_warning(Decimal("79.9")) is None
    assert reporting.budget_warning(Decimal("80.0")) == "80% used"
    assert reporting.budget_warning(Decimal("100.0")) == "over budget"
    assert reporting.budget_warning(None) is None


@given(st.integers(-(10**9), 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=8))
def test_allocate_is_exact_and_proportional(total: int, weights: list[int]) -> None:
    shares = reporting.allocate(total, weights)
    assert sum(shares) == total and len(shares) == len(weights)
    whole = sum(weights)
    if whole:
        for share, weight in zip(shares, weights, strict=True):
            assert abs(share - total * weight / whole) < 1


def test_allocate_example() -> None:
    # an invoice of 100.00 + 50.00 with a 10% discount (net 135.00) spread over its projects
    assert reporting.allocate(13500, [10000, 5000]) == [9000, 4500]
    assert reporting.allocate(100, [1, 1, 1]) == [34, 33, 33]


def test_pricing_matches_billing() -> None:
    levels = pricing.RateLevels(None, None, None, None, 9000, "EUR", "EUR", 10000, "EUR")
    assert pricing.entry_rate(levels) == ("person", 9000)
    other = pricing.RateLevels(None, None, None, None, 9000, "USD", "EUR", 10000, "EUR")
    assert pricing.entry_rate(other) == ("default", 10000)
    none = pricing.RateLevels(None, None, None, None, None, None, "GBP", 10000, "EUR")
    assert pricing.entry_rate(none) is None
    assert pricing.time_net(4800, 15000) == billing.line_net(Decimal("1.3333"), 15000) == 20000
    assert pricing.expense_price(5000, "10") == 5500
    assert pricing.expense_price(999, "7.5") == 1074  # 74.925 -> 75
    assert pricing.retainer_month(50000, 18000, 25200, 9000) == (50000, 18000)
    assert pricing.retainer_month(50000, 18000, 10800, 9000) == (50000, 0)


def test_charts() -> None:
    assert charts.bar(8, 8, 4) == "████"
    assert charts.bar(1, 8, 4) == "▌"  # 4 cells x 8 eighths x 1/8 = 4 eighths
    assert charts.bar(1, 1000, 4) == "▏"  # tiny but visible
    assert charts.bar(0, 8, 4) == "" and charts.bar(-5, 8, 4) == ""
    assert charts.split_bar(10, 5, 10, 10) == "█████░░░░░"
    text = charts.render(
        [charts.Bar("Mon", 7200, "2:00", 3600), charts.Bar("Tuesday", 3600, "1:00", 3600)],
        title="Hours", width=4, legend="█ billable",
    )  # fmt: skip
    assert text.splitlines() == ["Hours", "Mon      ██░░  2:00", "Tuesday  ██    1:00",
                                 "█ billable"]  # fmt: skip
    assert charts.render([], title="Empty") == "Empty\n(nothing to chart)"
