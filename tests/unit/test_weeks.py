"""ISO week parsing and the proration of allocations (pure)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psa_cli.domain import weeks
from psa_cli.domain.errors import InvalidInput

TODAY = date(2026, 11, 26)  # Thursday of 2026-W48


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        (None, "2026-11-23"), ("this", "2026-11-23"), ("last", "2026-11-16"),
        ("next", "2026-11-30"), ("2026-W48", "2026-11-23"), ("w48", "2026-11-23"),
        ("2026W01", "2025-12-29"), ("2026-W53", "2026-12-28"), ("2026-11-29", "2026-11-23"),
        ("yesterday", "2026-11-23"), ("last friday", "2026-11-16"),
    ],
)  # fmt: skip
def test_parse_week(text: str | None, monday: str) -> None:
    assert weeks.parse_week(text, TODAY).isoformat() == monday


@pytest.mark.parametrize("text", ["2025-W53", "W0", "2026-W54", "soon", ""])
def test_parse_week_refuses(text: str) -> None:
    with pytest.raises(InvalidInput):
        weeks.parse_week(text, TODAY)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 12, 1)))
def test_label_round_trips(day: date) -> None:
    monday = weeks.parse_week(weeks.label(day), TODAY)
    assert monday == weeks.monday(day) and monday.weekday() == 0


@given(
    st.integers(min_value=1, max_value=168 * 3600),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=0, max_value=60),
)
def test_allocation_weeks_add_up(seconds: int, start: date, length: int) -> None:
    """Over whole weeks, the prorated parts sum to hours x working days / 5 (up to the
    rounding down of each week), and a full Monday-Sunday week books exactly its hours."""
    end = start + timedelta(days=length)
    mondays = weeks.week_starts(start, (weeks.monday(end) - weeks.monday(start)).days // 7 + 1)
    parts = [weeks.allocated_in(seconds, start, end, m) for m in mondays]
    from psa_cli.domain.periods import working_days

    exact = seconds * working_days(start, end)
    assert sum(parts) * 5 <= exact < (sum(parts) + len(parts)) * 5
    full = weeks.monday(start) + timedelta(days=7)
    assert weeks.allocated_in(seconds, full, full + timedelta(days=6), full) == seconds
