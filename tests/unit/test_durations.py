"""parse_duration / format_duration / format_clock / hours_decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psa_cli.domain.durations import (
    DAY,
    format_clock,
    format_duration,
    hours_decimal,
    parse_duration,
)
from psa_cli.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h30m", 5400),
        ("1h 30m", 5400),
        ("1H30M", 5400),
        ("2h", 7200),
        ("45m", 2700),
        ("90m", 5400),
        ("90s", 90),
        ("1h30m15s", 5415),
        ("1.5h", 5400),
        ("0.25h", 900),
        ("1:30", 5400),
        ("0:45", 2700),
        ("1:30:15", 5415),
        ("24:00", DAY),
        ("1.5", 5400),
        ("2", 7200),
        ("0.1", 360),
        ("2 hours", 7200),
        ("1hr 15mins", 4500),
        ("3 minutes", 180),
        ("10 sec", 10),
        ("  45m  ", 2700),
        ("1.5m", 90),
        ("24h", DAY),
    ],
)
def test_parse_duration_accepted_forms(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_fractions_of_a_second_round_half_up() -> None:
    # 0.0005h = 1.8 s -> 2; 0.0125m = 0.75 s -> 1; 0.0001h = 0.36 s -> 0
    assert parse_duration("0.0005h") == 2
    assert parse_duration("0.0125m") == 1
    assert parse_duration("0.0001h", allow_zero=True) == 0
    assert parse_duration("0.000138888h", allow_zero=True) == 0  # 0.4999968 s
    assert parse_duration("0.5m", allow_zero=True) == 30
    assert parse_duration("0.0083333333m", allow_zero=True) == 0  # 0.49999999 s
    assert parse_duration("0.00833333334m", allow_zero=True) == 1  # 0.5000000004 s


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "",
        "   ",
        "-1h",
        "-1",
        "-1:30",
        "1e9",
        "1E3h",
        "nan",
        "inf",
        "h",
        "m30",
        "1:60",
        "1:5",
        "1:30:60",
        "1.5s",
        "1h-30m",
        "1m30",
        "1,5h",
        "one hour",
        "x" * 40,
    ],
)
def test_parse_duration_refusals(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_duration(text)
    assert info.value.exit_code == 2
    assert "invalid duration" in info.value.message


@pytest.mark.parametrize("text", ["0", "0h", "0m", "0s", "0:00", "0.0"])
def test_zero_refused_unless_allowed(text: str) -> None:
    with pytest.raises(InvalidInput, match="longer than zero"):
        parse_duration(text)
    assert parse_duration(text, allow_zero=True) == 0


@pytest.mark.parametrize(
    "text", ["24h1s", "25h", "24:01", "1441m", "86401s", "99999999h", "99999999999999999999:00"]
)
def test_above_max_seconds_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="at most 24h"):
        parse_duration(text)


def test_bare_number_above_max_suggests_minutes() -> None:
    with pytest.raises(InvalidInput, match=r"did you mean 90m\?"):
        parse_duration("90")


def test_custom_max_seconds() -> None:
    assert parse_duration("48h", max_seconds=2 * DAY) == 2 * DAY
    with pytest.raises(InvalidInput, match="at most 1h"):
        parse_duration("61m", max_seconds=3600)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0m"),
        (1, "1s"),
        (59, "59s"),
        (60, "1m"),
        (61, "1m"),  # seconds dropped once minutes are shown
        (2700, "45m"),
        (3600, "1h"),
        (3660, "1h01m"),
        (5400, "1h30m"),
        (5459, "1h30m"),
        (DAY, "24h"),
        (100 * 3600, "100h"),
        (-5400, "-1h30m"),
        (-30, "-30s"),
    ],
)
def test_format_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (59, "0:00"),
        (60, "0:01"),
        (5400, "1:30"),
        (5459, "1:30"),
        (DAY, "24:00"),
        (100 * 3600 + 5 * 60, "100:05"),
        (-5400, "-1:30"),
        (-59, "-0:00"),
    ],
)
def test_format_clock(seconds: int, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "hours"),
    [
        (0, "0.00"),
        (5400, "1.50"),
        (900, "0.25"),
        (18, "0.01"),
        (17, "0.00"),
        (1, "0.00"),
        (3600 * 7 + 1200, "7.33"),
    ],
)
def test_hours_decimal(seconds: int, hours: str) -> None:
    result = hours_decimal(seconds)
    assert result == Decimal(hours)
    assert str(result) == hours


# --- properties -------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=DAY // 60))
def test_format_then_parse_round_trips_whole_minutes(minutes: int) -> None:
    seconds = minutes * 60
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.integers(min_value=1, max_value=59))
def test_format_then_parse_round_trips_under_a_minute(seconds: int) -> None:
    assert format_duration(seconds) == f"{seconds}s"
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.integers(min_value=1, max_value=DAY))
def test_format_duration_truncates_to_the_minute_above_one_minute(seconds: int) -> None:
    parsed = parse_duration(format_duration(seconds))
    if seconds < 60:
        assert parsed == seconds
    else:
        assert parsed == seconds - seconds % 60


@given(st.integers(min_value=60, max_value=DAY))
def test_clock_form_round_trips_to_the_minute(seconds: int) -> None:
    assert parse_duration(format_clock(seconds)) == seconds - seconds % 60


@given(st.integers(min_value=0, max_value=10 * DAY))
def test_format_clock_shape(seconds: int) -> None:
    hours, minutes = format_clock(seconds).split(":")
    assert int(hours) == seconds // 3600
    assert len(minutes) == 2 and int(minutes) == (seconds % 3600) // 60


@given(st.integers(min_value=1, max_value=DAY))
def test_negative_formats_mirror_positive(seconds: int) -> None:
    assert format_duration(-seconds) == "-" + format_duration(seconds)
    assert format_clock(-seconds) == "-" + format_clock(seconds)


@given(
    st.integers(min_value=0, max_value=24),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=59),
)
def test_unit_and_clock_forms_agree(h: int, m: int, s: int) -> None:
    expected = h * 3600 + m * 60 + s
    if expected == 0 or expected > DAY:
        return
    assert parse_duration(f"{h}h{m}m{s}s") == expected
    assert parse_duration(f"{h}h {m}m {s}s") == expected
    assert parse_duration(f"{h}:{m:02d}:{s:02d}") == expected


@given(st.decimals(min_value=Decimal("0.01"), max_value=24, places=2))
def test_bare_number_is_hours(hours: Decimal) -> None:
    expected = int((hours * 3600).to_integral_value(rounding="ROUND_HALF_UP"))
    assert parse_duration(f"{hours}") == expected
    assert parse_duration(f"{hours}h") == expected


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_parse_never_raises_anything_but_invalid_input(text: str) -> None:
    try:
        seconds = parse_duration(text)
    except InvalidInput as exc:
        assert exc.exit_code == 2
    else:
        assert isinstance(seconds, int)
        assert 0 < seconds <= DAY


@settings(max_examples=200)
@given(st.from_regex(r"\A[0-9hms:. ]{1,12}\Z"))
def test_parse_on_duration_alphabet_is_total(text: str) -> None:
    try:
        seconds = parse_duration(text, allow_zero=True)
    except InvalidInput:
        return
    assert 0 <= seconds <= DAY
