"""Which parts of a report's periods the month totals answer (`entry_months`,
store/schema_months.py), and which days the entries' indexes still sum.

A period is cut into the whole calendar months it holds, read from `entry_months`, and
the days before the first and after the last of them (at most a partial month at each
end), read from the entries. A period that starts or ends beyond the ledger's first or
last day is open there: the 3-year report over every entry reads months only. Periods of
weeks or days are left whole to the entries: their months are rarely whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

LOW_MONTH, HIGH_MONTH = "0000-01", "9999-12"  # open ends, as bounds of an index range


@dataclass
class Plan:
    """(period index, first, last) spans: of months ('YYYY-MM') for entry_months, of days
    for the entries; a period may have several (or none) of each."""

    months: list[tuple[int, str, str]] = field(default_factory=list)
    days: list[tuple[int, str, str]] = field(default_factory=list)


def plan(spans: list[tuple[str | None, str | None]], every: str,
         bounds: tuple[str | None, str | None]) -> Plan | None:  # fmt: skip
    """The plan for these periods, or None: the entries' indexes alone (periods of weeks
    or days, or an empty ledger)."""
    if every not in ("all", "month") or bounds[0] is None or bounds[1] is None:
        return None
    out = Plan()
    for i, (lo, hi) in enumerate(spans):
        first = None if lo is None or lo <= bounds[0] else date.fromisoformat(lo)
        last = None if hi is None or hi >= bounds[1] else date.fromisoformat(hi)
        if first is not None and last is not None and first > last:
            continue
        # the whole months: from the first that starts on or after `first` to the last
        # that ends on or before `last`
        start = first if first is None or first.day == 1 else _next_month(first)
        end = last if last is None or _next_day(last).day == 1 else last.replace(day=1) - _DAY
        if start is not None and end is not None and start > end:
            assert first is not None and last is not None  # (start, end) come from them
            out.days.append((i, first.isoformat(), last.isoformat()))  # no whole month
            continue
        out.months.append((i, _month(start, LOW_MONTH), _month(end, HIGH_MONTH)))
        if first is not None and start is not None and first < start:
            out.days.append((i, first.isoformat(), (start - _DAY).isoformat()))
        if last is not None and end is not None and last > end:
            out.days.append((i, (end + _DAY).isoformat(), last.isoformat()))
    return out


def spans_cte(spans: list[tuple[int, str, str]], params: Any) -> str:
    """b(i, lo, hi) for `spans` (which may repeat a period), its values bound in params."""
    rows = ", ".join(f"({int(i)}, {params.add(lo)}, {params.add(hi)})" for i, lo, hi in spans)
    return f"b(i, lo, hi) AS (VALUES {rows})"


_DAY = timedelta(days=1)


def _next_day(day: date) -> date:
    return day + _DAY


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _month(day: date | None, open_end: str) -> str:
    return open_end if day is None else day.isoformat()[:7]
