"""ISO weeks typed by people (`2026-W48`, `W48`, `this`, `last`, `next`, or any day in
the week) and the working-day arithmetic of allocations. Pure: no I/O."""

from __future__ import annotations

import re
from datetime import date, timedelta

from psa_cli.domain.dates import parse_date
from psa_cli.domain.errors import InvalidInput
from psa_cli.domain.periods import working_days

_WEEK_RE = re.compile(r"^(?:(?P<y>\d{4})-?)?w(?P<w>\d{1,2})$", re.I | re.ASCII)
_HINT = "use 2026-W48, W48, this, last, next or a day in the week (YYYY-MM-DD)"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def label(day: date) -> str:
    """The ISO week containing `day`: '2026-W48' (the ISO year, not the calendar one)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str | None, today: date) -> date:
    """The Monday of the ISO week named by `text` (None: this week)."""
    raw = ("this" if text is None else text).strip().lower().replace(" ", "-")
    if raw in ("this", "this-week", "week", "current"):
        return monday(today)
    if raw in ("last", "last-week", "previous"):
        return monday(today) - timedelta(days=7)
    if raw in ("next", "next-week"):
        return monday(today) + timedelta(days=7)
    match = _WEEK_RE.match(raw)
    if match:
        year = int(match["y"]) if match["y"] else today.isocalendar()[0]
        try:
            return date.fromisocalendar(year, int(match["w"]), 1)
        except ValueError:
            raise InvalidInput(f"invalid week '{text}': {year} has no week {match['w']}") from None
    try:
        return monday(parse_date(text or "", today))
    except InvalidInput:
        raise InvalidInput(f"invalid week '{text}': {_HINT}") from None


def week_starts(first: date, count: int) -> list[date]:
    start = monday(first)
    return [start + timedelta(days=7 * i) for i in range(count)]


def overlap(a_from: date, a_to: date, b_from: date, b_to: date) -> tuple[date, date] | None:
    start, end = max(a_from, b_from), min(a_to, b_to)
    return (start, end) if start <= end else None


def allocated_in(seconds_per_week: int, alloc_from: date, alloc_to: date, week_start: date) -> int:
    """Seconds an allocation books in the week starting `week_start`: a fifth of its weekly
    hours per Monday-to-Friday day it covers in that week, rounded down to the second
    (the same proration as capacity, `reporting.capacity`)."""
    both = overlap(alloc_from, alloc_to, week_start, week_start + timedelta(days=6))
    if both is None:
        return 0
    return seconds_per_week * working_days(*both) // 5
