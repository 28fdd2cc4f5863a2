"""Named periods (`week`, `last-month`, ...) and --from/--to into a date range."""

from __future__ import annotations

from datetime import date, timedelta

from psa_cli.domain.dates import parse_date, week_start
from psa_cli.domain.errors import InvalidInput

PERIODS = ("today", "yesterday", "week", "last-week", "month", "last-month", "year", "all")


def _month_start(day: date) -> date:
    return day.replace(day=1)


def period_range(name: str, today: date, first_weekday: int = 0) -> tuple[date | None, date | None]:
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    if key == "today":
        return today, today
    if key == "yesterday":
        day = today - timedelta(days=1)
        return day, day
    if key in ("week", "this-week"):
        start = week_start(today, first_weekday)
        return start, start + timedelta(days=6)
    if key == "last-week":
        start = week_start(today, first_weekday) - timedelta(days=7)
        return start, start + timedelta(days=6)
    if key in ("month", "this-month"):
        start = _month_start(today)
        return start, _month_start(start + timedelta(days=32)) - timedelta(days=1)
    if key == "last-month":
        end = _month_start(today) - timedelta(days=1)
        return _month_start(end), end
    if key in ("year", "this-year"):
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if key == "all":
        return None, None
    raise InvalidInput(f"unknown period '{name}': use {', '.join(PERIODS)}")


def resolve_range(
    today: date,
    date_from: str | None,
    date_to: str | None,
    period: str | None,
    first_weekday: int = 0,
) -> tuple[date | None, date | None]:
    """Combine --period with --from/--to (explicit bounds win); refuse from > to."""
    start, end = period_range(period, today, first_weekday) if period else (None, None)
    if date_from:
        start = parse_date(date_from, today)
    if date_to:
        end = parse_date(date_to, today)
    if start and end and start > end:
        raise InvalidInput(f"--from {start} is after --to {end}: swap them")
    return start, end
