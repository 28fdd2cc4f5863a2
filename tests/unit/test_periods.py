"""Named periods and --from/--to resolution."""

from __future__ import annotations

import calendar
import itertools
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from psa_cli.domain.errors import InvalidInput
from psa_cli.domain.periods import PERIODS, period_range, resolve_range

TODAY = date(2026, 11, 26)  # Thursday
days = st.dates(min_value=date(1900, 2, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("name", "today", "first", "expected"),
    [
        ("today", TODAY, 0, (TODAY, TODAY)),
        ("yesterday", TODAY, 0, (date(2026, 11, 25), date(2026, 11, 25))),
        ("yesterday", date(2026, 1, 1), 0, (date(2025, 12, 31), date(2025, 12, 31))),
        ("week", TODAY, 0, (date(2026, 11, 23), date(2026, 11, 29))),
        ("this-week", TODAY, 0, (date(2026, 11, 23), date(2026, 11, 29))),
        ("week", TODAY, 6, (date(2026, 11, 22), date(2026, 11, 28))),  # Sunday-first
        ("week", date(2026, 11, 22), 6, (date(2026, 11, 22), date(2026, 11, 28))),
        ("week", date(2026, 11, 22), 0, (date(2026, 11, 16), date(2026, 11, 22))),
        ("last-week", TODAY, 0, (date(2026, 11, 16), date(2026, 11, 22))),
        ("last-week", TODAY, 6, (date(2026, 11, 15), date(2026, 11, 21))),
        ("last-week", date(2026, 1, 2), 0, (date(2025, 12, 22), date(2025, 12, 28))),
        ("month", TODAY, 0, (date(2026, 11, 1), date(2026, 11, 30))),
        ("this-month", date(2026, 12, 31), 0, (date(2026, 12, 1), date(2026, 12, 31))),
        ("month", date(2024, 2, 10), 0, (date(2024, 2, 1), date(2024, 2, 29))),
        ("month", date(2026, 1, 31), 0, (date(2026, 1, 1), date(2026, 1, 31))),
        ("last-month", TODAY, 0, (date(2026, 10, 1), date(2026, 10, 31))),
        ("last-month", date(2026, 1, 15), 0, (date(2025, 12, 1), date(2025, 12, 31))),
        ("last-month", date(2026, 3, 31), 0, (date(2026, 2, 1), date(2026, 2, 28))),
        ("year", TODAY, 0, (date(2026, 1, 1), date(2026, 12, 31))),
        ("this-year", TODAY, 0, (date(2026, 1, 1), date(2026, 12, 31))),
        ("all", TODAY, 0, (None, None)),
        # spellings
        ("Last Week", TODAY, 0, (date(2026, 11, 16), date(2026, 11, 22))),
        ("last_month", TODAY, 0, (date(2026, 10, 1), date(2026, 10, 31))),
        (" WEEK ", TODAY, 0, (date(2026, 11, 23), date(2026, 11, 29))),
    ],
)
def test_period_range(
    name: str, today: date, first: int, expected: tuple[date | None, date | None]
) -> None:
    assert period_range(name, today, first) == expected


@pytest.mark.parametrize("name", ["fortnight", "", "next-week", "weeks", "last"])
def test_unknown_period(name: str) -> None:
    with pytest.raises(InvalidInput, match="unknown period") as info:
        period_range(name, TODAY)
    assert info.value.exit_code == 2
    for known in PERIODS:
        assert known in info.value.message


@given(days, st.integers(0, 6))
def test_week_property(today: date, first: int) -> None:
    start, end = period_range("week", today, first)
    assert start is not None and end is not None
    assert start <= today <= end
    assert (end - start).days == 6
    assert start.weekday() == first
    last_start, last_end = period_range("last-week", today, first)
    assert last_end == start - timedelta(days=1)
    assert last_start == start - timedelta(days=7)


@given(days)
def test_month_property(today: date) -> None:
    start, end = period_range("month", today)
    assert start == today.replace(day=1)
    assert end == today.replace(day=calendar.monthrange(today.year, today.month)[1])
    last_start, last_end = period_range("last-month", today)
    assert last_end == start - timedelta(days=1)
    assert last_start is not None and last_start.day == 1
    assert last_start.month == (today.month - 2) % 12 + 1


@given(days)
def test_year_and_today(today: date) -> None:
    assert period_range("year", today) == (date(today.year, 1, 1), date(today.year, 12, 31))
    assert period_range("today", today) == (today, today)


# --- resolve_range ------------------------------------------------------------------------


def test_resolve_range_nothing() -> None:
    assert resolve_range(TODAY, None, None, None) == (None, None)


def test_resolve_range_period_only() -> None:
    assert resolve_range(TODAY, None, None, "last-month") == (date(2026, 10, 1), date(2026, 10, 31))
    assert resolve_range(date(2026, 1, 15), None, None, "last-month") == (
        date(2025, 12, 1),
        date(2025, 12, 31),
    )


def test_resolve_range_week_uses_first_weekday() -> None:
    assert resolve_range(TODAY, None, None, "week", first_weekday=6) == (
        date(2026, 11, 22),
        date(2026, 11, 28),
    )


def test_explicit_bounds_win_over_period() -> None:
    assert resolve_range(TODAY, "2026-11-10", None, "month") == (
        date(2026, 11, 10),
        date(2026, 11, 30),
    )
    assert resolve_range(TODAY, None, "yesterday", "month") == (
        date(2026, 11, 1),
        date(2026, 11, 25),
    )


def test_open_ended_ranges() -> None:
    assert resolve_range(TODAY, "2026-01-01", None, None) == (date(2026, 1, 1), None)
    assert resolve_range(TODAY, None, "last friday", None) == (None, date(2026, 11, 20))
    assert resolve_range(TODAY, "2026-01-01", None, "all") == (date(2026, 1, 1), None)


def test_from_after_to_refused() -> None:
    with pytest.raises(InvalidInput, match="--from 2026-11-26 is after --to 2026-11-25") as info:
        resolve_range(TODAY, "today", "yesterday", None)
    assert info.value.exit_code == 2
    with pytest.raises(InvalidInput, match="after --to"):
        resolve_range(TODAY, "2026-12-15", None, "month")


def test_same_day_range_allowed() -> None:
    assert resolve_range(TODAY, "today", "2026-11-26", None) == (TODAY, TODAY)


def test_bad_bounds_propagate_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="no such day"):
        resolve_range(TODAY, "2026-02-30", None, None)
    with pytest.raises(InvalidInput, match="unknown period"):
        resolve_range(TODAY, None, None, "quarter")


@given(days, days, days)
def test_resolve_range_orders_or_refuses(today: date, a: date, b: date) -> None:
    if a <= b:
        assert resolve_range(today, a.isoformat(), b.isoformat(), "week") == (a, b)
    else:
        with pytest.raises(InvalidInput):
            resolve_range(today, a.isoformat(), b.isoformat(), None)


@settings(max_examples=300)
@example(date(2023, 10, 30), 70, "month", 0)
@example(date(2024, 1, 31), 40, "month", 0)
@given(days, st.integers(0, 800), st.sampled_from(["day", "week", "month"]), st.integers(0, 6))
def test_buckets_are_calendar_periods_clipped_to_the_range(
    start: date, length: int, every: str, first_weekday: int
) -> None:
    """Consecutive, covering [start, end] once; each month bucket inside one calendar
    month and, but for the first and last, all of it (a start on the 30th once made the
    first 'month' run to the end of the next one)."""
    from psa_cli.domain.periods import buckets

    end = start + timedelta(days=length)
    spans = buckets(start, end, every, first_weekday)
    assert spans[0][0] == start and spans[-1][1] == end
    assert all(b + timedelta(days=1) == c for (_, b), (c, _) in itertools.pairwise(spans))
    for i, (lo, hi) in enumerate(spans):
        assert lo <= hi
        if every == "month":
            last_day = calendar.monthrange(lo.year, lo.month)[1]
            assert (lo.year, lo.month) == (hi.year, hi.month)
            assert hi.day == last_day or i == len(spans) - 1
            assert lo.day == 1 or i == 0
        if every == "week":
            assert (hi - lo).days <= 6
