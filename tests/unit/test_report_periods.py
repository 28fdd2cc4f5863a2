"""Report periods (--week/--month/--quarter/--year WHEN, --last-*) and their columns."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psa_cli.domain.errors import InvalidInput
from psa_cli.domain.periods import (
    auto_every,
    buckets,
    named_range,
    parse_quarter,
    report_range,
    working_days,
)

TODAY = date(2026, 11, 26)  # Thursday
days = st.dates(min_value=date(1900, 2, 1), max_value=date(2200, 11, 30))


@pytest.mark.parametrize(
    ("name", "when", "first", "expected"),
    [
        ("week", None, 0, (date(2026, 11, 23), date(2026, 11, 29))),
        ("week", "2026-11-22", 0, (date(2026, 11, 16), date(2026, 11, 22))),
        ("week", "2026-11-22", 6, (date(2026, 11, 22), date(2026, 11, 28))),
        ("week", "yesterday", 0, (date(2026, 11, 23), date(2026, 11, 29))),
        ("month", None, 0, (date(2026, 11, 1), date(2026, 11, 30))),
        ("month", "2024-02", 0, (date(2024, 2, 1), date(2024, 2, 29))),
        ("quarter", None, 0, (date(2026, 10, 1), date(2026, 12, 31))),
        ("quarter", "2026-Q1", 0, (date(2026, 1, 1), date(2026, 3, 31))),
        ("quarter", "2025q2", 0, (date(2025, 4, 1), date(2025, 6, 30))),
        ("quarter", "Q3", 0, (date(2026, 7, 1), date(2026, 9, 30))),
        ("year", None, 0, (date(2026, 1, 1), date(2026, 12, 31))),
        ("year", "2023", 0, (date(2023, 1, 1), date(2023, 12, 31))),
        ("last-week", None, 0, (date(2026, 11, 16), date(2026, 11, 22))),
        ("last-month", None, 0, (date(2026, 10, 1), date(2026, 10, 31))),
        ("all", None, 0, (None, None)),
    ],
)
def test_named_range(
    name: str, when: str | None, first: int, expected: tuple[date | None, date | None]
) -> None:
    assert named_range(name, when, TODAY, first) == expected


@pytest.mark.parametrize(
    ("name", "when", "message"),
    [
        ("month", "2026-13", "invalid month"),
        ("month", "2026", "invalid month"),
        ("quarter", "2026-Q0", "invalid quarter"),
        ("quarter", "2026-5", "invalid quarter"),
        ("year", "26", "invalid year"),
        ("last-week", "2026-11-01", "takes no value"),
        ("fortnight", None, "unknown period"),
    ],
)
def test_named_range_refusals(name: str, when: str | None, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        named_range(name, when, TODAY)


def test_report_range_combinations() -> None:
    def rr(
        named: list[str], when: str | None = None, f: str | None = None, t: str | None = None,
        default: str = "week",
    ) -> tuple[date | None, date | None]:  # fmt: skip
        return report_range(TODAY, named=named, when=when, date_from=f, date_to=t,
                            default=default)  # fmt: skip

    assert rr([]) == (date(2026, 11, 23), date(2026, 11, 29))  # the report's default
    assert rr([], default="all") == (None, None)
    assert rr([], f="2026-11-01") == (date(2026, 11, 1), None)  # no default with --from
    assert rr(["month"], "2026-10", t="2026-10-15") == (date(2026, 10, 1), date(2026, 10, 15))
    with pytest.raises(InvalidInput, match="give one period"):
        rr(["week", "month"])
    with pytest.raises(InvalidInput, match="say which period"):
        rr([], "2026-10")
    with pytest.raises(InvalidInput, match="is after"):
        rr([], f="2026-11-02", t="2026-11-01")


def test_auto_every() -> None:
    assert auto_every(date(2026, 11, 1), date(2026, 11, 30)) == "day"
    assert auto_every(date(2026, 11, 1), date(2026, 12, 1)) == "day"  # 31 days
    assert auto_every(date(2026, 11, 1), date(2026, 12, 2)) == "week"
    assert auto_every(date(2026, 1, 1), date(2026, 7, 2)) == "week"
    assert auto_every(date(2026, 1, 1), date(2026, 7, 3)) == "month"


def test_buckets_are_clipped() -> None:
    weeks = buckets(date(2026, 11, 20), date(2026, 12, 3), "week")
    assert weeks == [(date(2026, 11, 20), date(2026, 11, 22)),
                     (date(2026, 11, 23), date(2026, 11, 29)),
                     (date(2026, 11, 30), date(2026, 12, 3))]  # fmt: skip
    months = buckets(date(2026, 1, 15), date(2026, 3, 2), "month")
    assert months[0] == (date(2026, 1, 15), date(2026, 1, 31))
    assert months[-1] == (date(2026, 3, 1), date(2026, 3, 2))
    with pytest.raises(InvalidInput, match="invalid interval"):
        buckets(TODAY, TODAY, "hour")


@given(days, st.integers(0, 400), st.sampled_from(["day", "week", "month"]), st.integers(0, 6))
def test_buckets_cover_the_range_exactly(start: date, span: int, every: str, first: int) -> None:
    end = start + timedelta(days=span)
    spans = buckets(start, end, every, first)
    assert spans[0][0] == start and spans[-1][1] == end
    for (a, b), (c, _d) in zip(spans, spans[1:], strict=False):
        assert a <= b and c == b + timedelta(days=1)
    if every == "week":
        assert all(a.weekday() == first for a, _ in spans[1:])
    if every == "month":
        assert all(a.day == 1 for a, _ in spans[1:])


@given(days, st.integers(0, 60))
def test_working_days_counts_weekdays(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    expected = sum(1 for i in range(span + 1) if (start + timedelta(days=i)).weekday() < 5)
    assert working_days(start, end) == expected
    assert working_days(end + timedelta(days=1), end) == 0


def test_quarter_of_this_year() -> None:
    assert parse_quarter("q4", TODAY) == (date(2026, 10, 1), date(2026, 12, 31))
