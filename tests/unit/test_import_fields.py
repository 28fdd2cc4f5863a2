"""The cell readers of the importers: durations (decimal hours, HH:MM:SS), days, times."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psa_cli.importers.csv_source import normalise
from psa_cli.importers.fields import parse_bool, parse_day, parse_hours, parse_time
from psa_cli.importers.records import RowError

SECONDS = st.integers(min_value=0, max_value=86_400)


@given(SECONDS)
def test_clock_durations_read_back_exactly(seconds: int) -> None:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    assert parse_hours(f"{h:02d}:{m:02d}:{s:02d}") == seconds
    assert parse_hours(f"{h}:{m:02d}:{s:02d}") == seconds
    if s == 0:
        assert parse_hours(f"{h}:{m:02d}") == seconds


@given(SECONDS, st.sampled_from([".", ","]))
def test_decimal_hours_round_to_the_nearest_second(seconds: int, point: str) -> None:
    hours = (Decimal(seconds) / 3600).quantize(Decimal("0.000001"))
    text = format(hours, "f").replace(".", point)
    # 6 decimals of an hour = 0.0036 s: always reads back to the same whole second
    assert parse_hours(text) == seconds


@given(st.integers(min_value=86_401, max_value=10**7))
def test_more_than_a_day_is_refused(seconds: int) -> None:
    h, rest = divmod(seconds, 3600)
    with pytest.raises(RowError, match="over 24 hours"):
        parse_hours(f"{h}:{rest // 60:02d}:{rest % 60:02d}")


@pytest.mark.parametrize("text", ["", "abc", "1:75", "-1", "1.5.2", "1,5,2", "NaN", "1e3"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(RowError):
        parse_hours(text)


@given(st.dates(min_value=date(1971, 1, 1), max_value=date(2099, 12, 31)))
def test_days_in_every_layout(day: date) -> None:
    assert parse_day(day.isoformat()) == day
    assert parse_day(day.strftime("%m/%d/%Y")) == day
    assert parse_day(day.strftime("%d/%m/%Y"), day_first=True) == day
    assert parse_day(day.strftime("%d.%m.%Y")) == day


def test_day_month_order() -> None:
    assert parse_day("11/02/2026") == date(2026, 11, 2)
    assert parse_day("11/02/2026", day_first=True) == date(2026, 2, 11)
    assert parse_day("25/11/2026") == date(2026, 11, 25)  # 25 cannot be a month
    with pytest.raises(RowError, match="not a day of the calendar"):
        parse_day("2026-02-30")


def test_times_and_yes_no_and_headers() -> None:
    assert parse_time("09:05:07") == time(9, 5, 7)
    assert parse_time("1:40:00 PM") == time(13, 40)
    assert parse_time("8:30") == time(8, 30)
    assert [parse_bool(t) for t in ("Yes", "no", "", "Ja", "TRUE")] == [True, False, None, True,
                                                                         True]  # fmt: skip
    assert normalise("\ufeffStart Date ") == "start date"
    assert normalise("Amount (USD)") == "amount"
    assert normalise("Duration (h)") == "duration (h)"
