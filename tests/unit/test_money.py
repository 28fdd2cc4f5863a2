"""Money: parsing, minor units, rounding half-up, percentages, formatting."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psa_cli.domain.errors import InvalidInput
from psa_cli.domain.money import (
    MAX_AMOUNT,
    amount_for_seconds,
    apply_percent,
    check_currency,
    exponent,
    format_amount,
    format_money,
    from_minor,
    parse_amount,
    parse_money,
    parse_percent,
    parse_rate,
    percent_str,
    quantize,
    to_minor,
)

CURRENCIES = ["EUR", "USD", "GBP", "JPY", "KWD", "CLF", "CHF", "ISK", "BHD"]


def _half_up(value: Fraction) -> int:
    """Reference rounding: half away from zero, on exact rationals."""
    magnitude = floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


# --- parse_amount -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", "1234.5"),
        ("1,234.50", "1234.50"),
        ("1,234,567.89", "1234567.89"),
        ("€12", "12"),
        ("$ 99.99", "99.99"),
        ("£0.5", "0.5"),
        (" 120 ", "120"),
        ("1_000", "1000"),
        ("1 000.25", "1000.25"),
        (".5", "0.5"),
        ("+7", "7"),
        ("0", "0"),
        ("999999999999.99", "999999999999.99"),
    ],
)
def test_parse_amount(text: str, expected: str) -> None:
    result = parse_amount(text)
    assert result == Decimal(expected)
    assert str(result) == expected  # exact: trailing zeros are kept, no float detour


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "1e9999",
        "1e3",
        "1E2",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "-5",
        "-0.01",
        ".",
        "+",
        "-",
        "1.",
        "1,23",
        "12,34.5",
        "1.2.3",
        "0x10",
        "5€",
        "1,5",
        "€",
        "1000000000000",
        "1,000,000,000,000",
        "1000000000000.00",
    ],
)
def test_parse_amount_refusals(text: str) -> None:
    with pytest.raises(InvalidInput, match="invalid amount") as info:
        parse_amount(text)
    assert info.value.exit_code == 2


def test_parse_amount_negative_only_when_allowed() -> None:
    with pytest.raises(InvalidInput, match="must not be negative"):
        parse_amount("-5")
    assert parse_amount("-5", allow_negative=True) == Decimal(-5)
    assert parse_amount("-1,234.50", allow_negative=True) == Decimal("-1234.50")
    with pytest.raises(InvalidInput, match="below"):
        parse_amount("-1000000000000", allow_negative=True)


def test_parse_amount_names_what_in_message() -> None:
    with pytest.raises(InvalidInput, match="invalid rate 'x'"):
        parse_amount("x", what="rate")


def test_max_amount_boundary() -> None:
    assert MAX_AMOUNT == Decimal(10) ** 12
    assert parse_amount("999999999999") == MAX_AMOUNT - 1
    with pytest.raises(InvalidInput):
        parse_amount("1000000000000")


@given(st.decimals(min_value=0, max_value=MAX_AMOUNT - 1, places=2, allow_nan=False))
def test_parse_amount_reads_plain_and_grouped_numerals(value: Decimal) -> None:
    assert parse_amount(f"{value:f}") == value
    assert parse_amount(f"{value:,f}") == value


@settings(max_examples=200)
@given(st.text(max_size=30))
def test_parse_amount_only_raises_invalid_input(text: str) -> None:
    try:
        value = parse_amount(text, allow_negative=True)
    except InvalidInput:
        return
    assert value.is_finite()
    assert abs(value) < MAX_AMOUNT


@settings(max_examples=200)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_float_reprs_never_parse_as_exotica(value: float) -> None:
    text = repr(value)
    try:
        result = parse_amount(text, allow_negative=True)
    except InvalidInput:
        assert "e" in text.lower() or "n" in text.lower() or abs(value) >= 1e12
        return
    assert result == Decimal(text)


# --- parse_money / parse_rate -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("12", "EUR", 1200),
        ("12.5", "EUR", 1250),
        ("12.50", "EUR", 1250),
        ("12.500", "EUR", 1250),  # trailing zeros are not sub-cent precision
        ("1,234.56", "USD", 123456),
        ("1500", "JPY", 1500),
        ("1500.0", "JPY", 1500),
        ("1.234", "KWD", 1234),
        ("0.0001", "CLF", 1),
        ("0", "EUR", 0),
    ],
)
def test_parse_money(text: str, currency: str, minor: int) -> None:
    assert parse_money(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency"),
    [("12.345", "EUR"), ("0.001", "USD"), ("1500.5", "JPY"), ("1.2345", "KWD")],
)
def test_parse_money_refuses_sub_minor_precision(text: str, currency: str) -> None:
    with pytest.raises(InvalidInput, match=f"{currency} has {exponent(currency)} decimal places"):
        parse_money(text, currency)


def test_parse_rate() -> None:
    assert parse_rate("95.50", "EUR") == 9550
    with pytest.raises(InvalidInput, match="invalid rate"):
        parse_rate("-1", "EUR")


@given(st.integers(min_value=0, max_value=10**14 - 1), st.sampled_from(CURRENCIES))
def test_parse_money_inverts_format_amount(minor: int, currency: str) -> None:
    text = format_amount(minor, currency)
    if Decimal(text) >= MAX_AMOUNT:
        return
    assert parse_money(text, currency) == minor


# --- minor units / quantize ---------------------------------------------------------------


def test_exponents() -> None:
    assert [exponent(c) for c in ["EUR", "USD", "JPY", "KWD", "CLF", "ISK"]] == [2, 2, 0, 3, 4, 0]


@given(st.integers(min_value=-(10**16), max_value=10**16), st.sampled_from(CURRENCIES))
def test_to_minor_from_minor_round_trip(minor: int, currency: str) -> None:
    major = from_minor(minor, currency)
    assert major == Fraction(minor, 10 ** exponent(currency))
    assert major.as_tuple().exponent == -exponent(currency)
    assert to_minor(major, currency) == minor


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("0.005", "EUR", "0.01"),
        ("0.004999", "EUR", "0.00"),
        ("2.675", "EUR", "2.68"),  # the classic float trap: exact Decimal rounds up
        ("2.665", "EUR", "2.67"),  # half-up, not banker's (which would give 2.66)
        ("-0.005", "EUR", "-0.01"),  # half away from zero
        ("0.5", "JPY", "1"),
        ("1.5", "JPY", "2"),
        ("2.5", "JPY", "3"),
        ("0.0005", "KWD", "0.001"),
        ("10", "EUR", "10.00"),
    ],
)
def test_quantize_half_up(amount: str, currency: str, expected: str) -> None:
    result = quantize(Decimal(amount), currency)
    assert result == Decimal(expected)
    assert str(result) == expected


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False),
    st.sampled_from(CURRENCIES),
)
def test_to_minor_is_half_up_rounding(amount: Decimal, currency: str) -> None:
    exact = Fraction(amount) * 10 ** exponent(currency)
    assert to_minor(amount, currency) == _half_up(exact)


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (123450, "EUR", "1,234.50 EUR"),
        (5, "EUR", "0.05 EUR"),
        (0, "USD", "0.00 USD"),
        (-123450, "EUR", "-1,234.50 EUR"),
        (1234567, "JPY", "1,234,567 JPY"),
        (1234567, "KWD", "1,234.567 KWD"),
    ],
)
def test_format_money(minor: int, currency: str, text: str) -> None:
    assert format_money(minor, currency) == text


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (123450, "EUR", "1234.50"),
        (0, "EUR", "0.00"),
        (7, "EUR", "0.07"),
        (-5, "USD", "-0.05"),
        (1500, "JPY", "1500"),
        (1, "CLF", "0.0001"),
    ],
)
def test_format_amount(minor: int, currency: str, text: str) -> None:
    assert format_amount(minor, currency) == text


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(CURRENCIES))
def test_format_money_matches_format_amount(minor: int, currency: str) -> None:
    human = format_money(minor, currency)
    number, code = human.rsplit(" ", 1)
    assert code == currency
    assert Decimal(number.replace(",", "")) == Decimal(format_amount(minor, currency))


# --- amounts for time, percentages --------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "seconds", "expected"),
    [
        (10000, 3600, 10000),
        (10000, 5400, 15000),
        (10000, 1, 3),  # 2.777... -> 3
        (9000, 1, 3),  # 2.5 -> 3 (half up)
        (7200, 1, 2),  # exactly 2
        (100, 18, 1),  # 0.5 -> 1
        (100, 17, 0),  # 0.4722 -> 0
        (0, 3600, 0),
        (10000, 0, 0),
    ],
)
def test_amount_for_seconds(rate: int, seconds: int, expected: int) -> None:
    assert amount_for_seconds(rate, seconds) == expected


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**16), st.integers(min_value=0, max_value=10**7))
def test_amount_for_seconds_is_exact_half_up(rate_minor: int, seconds: int) -> None:
    assert amount_for_seconds(rate_minor, seconds) == _half_up(Fraction(rate_minor * seconds, 3600))


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=10**5),
    st.integers(min_value=0, max_value=10**5),
)
def test_amount_for_seconds_is_monotonic_and_near_additive(rate: int, a: int, b: int) -> None:
    total = amount_for_seconds(rate, a + b)
    assert amount_for_seconds(rate, a) <= total
    # rounding each part separately is off by at most one minor unit
    assert abs(amount_for_seconds(rate, a) + amount_for_seconds(rate, b) - total) <= 1


@pytest.mark.parametrize(
    ("minor", "pct", "expected"),
    [
        (10000, "20", 2000),
        (333, "7.7", 26),  # 25.641
        (5, "10", 1),  # 0.5 -> 1
        (4, "10", 0),  # 0.4 -> 0
        (12345, "0", 0),
        (12345, "100", 12345),
        (-5, "10", -1),  # half away from zero for credits
        (1999, "12.5", 250),  # 249.875
    ],
)
def test_apply_percent(minor: int, pct: str, expected: int) -> None:
    assert apply_percent(minor, Decimal(pct), "EUR") == expected


@settings(max_examples=200)
@given(
    st.integers(min_value=-(10**14), max_value=10**14),
    st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False),
)
def test_apply_percent_is_exact_half_up(minor: int, pct: Decimal) -> None:
    expected = _half_up(Fraction(minor) * Fraction(pct) / 100)
    assert apply_percent(minor, pct, "EUR") == expected


@pytest.mark.parametrize(
    ("text", "expected", "canonical"),
    [
        ("20", "20", "20"),
        ("20%", "20", "20"),
        (" 20 % ", "20", "20"),
        ("20.00", "20", "20"),
        ("7.7", "7.7", "7.7"),
        ("7.70", "7.70", "7.7"),
        ("0", "0", "0"),
        ("100", "100", "100"),
        ("1000", "1000", "1000"),
        ("0.5", "0.5", "0.5"),
    ],
)
def test_parse_percent(text: str, expected: str, canonical: str) -> None:
    value = parse_percent(text)
    assert value == Decimal(expected)
    assert percent_str(value) == canonical


@pytest.mark.parametrize("text", ["", "%", "abc", "-5", "1000.01", "2000", "nan", "1e2", "5 %x"])
def test_parse_percent_refusals(text: str) -> None:
    with pytest.raises(InvalidInput, match="invalid percentage") as info:
        parse_percent(text)
    assert info.value.exit_code == 2


def test_parse_percent_custom_maximum_and_name() -> None:
    assert parse_percent("100", maximum=Decimal(100)) == Decimal(100)
    with pytest.raises(InvalidInput, match=r"invalid tax rate '100\.5': .*from 0 to 100"):
        parse_percent("100.5", what="tax rate", maximum=Decimal(100))


@given(st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False))
def test_percent_str_round_trips_through_parse_percent(value: Decimal) -> None:
    text = percent_str(value)
    assert "E" not in text and "e" not in text
    assert not (("." in text) and text.endswith("0"))  # canonical: no trailing zeros
    assert parse_percent(text) == value
    assert percent_str(parse_percent(text)) == text


# --- currencies ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"), [("eur", "EUR"), (" usd ", "USD"), ("Jpy", "JPY"), ("CHF", "CHF")]
)
def test_check_currency(code: str, expected: str) -> None:
    assert check_currency(code) == expected


@pytest.mark.parametrize("code", ["XYZ", "", "EURO", "E", "€", "US D", "XXX", "DEM"])
def test_check_currency_refusals(code: str) -> None:
    with pytest.raises(InvalidInput, match="unknown currency") as info:
        check_currency(code)
    assert info.value.exit_code == 2
