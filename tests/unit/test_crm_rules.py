"""Pure pipeline arithmetic: weighted values, probabilities, win rates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psa_cli.domain import crm
from psa_cli.domain.errors import InvalidInput


def test_default_probabilities_are_the_documented_ones() -> None:
    assert [crm.DEFAULT_PROBABILITY[s] for s in crm.STAGES] == [10, 25, 50, 75, 100, 0]


def test_weighted_rounds_half_up_once() -> None:
    assert crm.weighted(333333, 50) == 166667  # 1666.665 -> 1666.67
    assert crm.weighted(1, 50) == 1  # 0.5 cent -> 1
    assert crm.weighted(1, 49) == 0


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=100))
def test_weighted_is_bounded_and_exact_within_half_a_unit(value: int, pct: int) -> None:
    w = crm.weighted(value, pct)
    assert 0 <= w <= value
    assert abs(Decimal(w) - Decimal(value) * pct / 100) <= Decimal("0.5")


@given(st.integers(min_value=0, max_value=100))
def test_probability_round_trips(pct: int) -> None:
    assert crm.parse_probability(str(pct)) == pct
    assert crm.parse_probability(f"{pct}%") == pct


@pytest.mark.parametrize("text", ["101", "-1", "50.5", "", "half"])
def test_probability_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        crm.parse_probability(text)


def test_win_rate() -> None:
    rate = crm.WinRate(won=2, lost=1, won_minor=600000, lost_minor=400000)
    assert (rate.by_count, rate.by_value) == (Decimal("66.7"), Decimal("60.0"))
    assert crm.WinRate(0, 0, 0, 0).by_count is None


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_win_rate_between_0_and_100(won: int, lost: int) -> None:
    rate = crm.WinRate(won, lost, won, lost).by_count
    assert rate is None if won + lost == 0 else Decimal(0) <= rate <= Decimal(100)
