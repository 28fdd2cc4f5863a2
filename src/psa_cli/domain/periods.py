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


# -- report periods and buckets ---------------------------------------------------------

REPORT_PERIODS = ("week", "month", "quarter", "year", "last-week", "last-month")
EVERY = ("day", "week", "month")


def _month_end(day: date) -> date:
    """The last day of `day`'s month (any day of it: from the 30th, 32 days on is two
    months later)."""
    return _month_start(_month_start(day) + timedelta(days=32)) - timedelta(days=1)


def parse_month(text: str) -> tuple[date, date]:
    """'2026-11' -> (2026-11-01, 2026-11-30)."""
    raw = text.strip()
    try:
        year, month = (int(p) for p in raw.split("-"))
        start = date(year, month, 1)
    except ValueError:
        raise InvalidInput(f"invalid month '{text}': use YYYY-MM, e.g. 2026-11") from None
    return start, _month_end(start)


def parse_quarter(text: str, today: date) -> tuple[date, date]:
    """'2026-Q4' (also '2026Q4', 'q4' for this year's) -> (2026-10-01, 2026-12-31)."""
    raw = text.strip().upper().replace(" ", "")
    year_part, _, q_part = raw.rpartition("Q")
    year_part = year_part.rstrip("-")
    try:
        quarter = int(q_part)
        year = int(year_part) if year_part else today.year
        if not 1 <= quarter <= 4 or not 1 <= year <= 9999:
            raise ValueError
    except ValueError:
        raise InvalidInput(f"invalid quarter '{text}': use YYYY-Qn, e.g. 2026-Q4") from None
    start = date(year, 3 * quarter - 2, 1)
    return start, _month_end(date(year, 3 * quarter, 1))


def parse_year(text: str) -> tuple[date, date]:
    raw = text.strip()
    if not (raw.isdigit() and len(raw) == 4 and raw != "0000"):
        raise InvalidInput(f"invalid year '{text}': use YYYY, e.g. 2026")
    return date(int(raw), 1, 1), date(int(raw), 12, 31)


def named_range(
    name: str, when: str | None, today: date, first_weekday: int = 0
) -> tuple[date | None, date | None]:
    """One report period: `week [DATE]`, `month [YYYY-MM]`, `quarter [YYYY-Qn]`,
    `year [YYYY]`, `last-week`, `last-month`, or `all`; without WHEN, the current one."""
    if name in ("last-week", "last-month", "all"):
        if when:
            raise InvalidInput(f"--{name} takes no value: give --from/--to for another range")
        return period_range(name, today, first_weekday)
    if name == "week":
        day = parse_date(when, today) if when else today
        start = week_start(day, first_weekday)
        return start, start + timedelta(days=6)
    if name == "month":
        return parse_month(when) if when else parse_month(today.isoformat()[:7])
    if name == "quarter":
        return parse_quarter(when or f"Q{(today.month - 1) // 3 + 1}", today)
    if name == "year":
        return parse_year(when) if when else parse_year(str(today.year))
    if name == "today":
        return today, today
    raise InvalidInput(f"unknown period '{name}': use {', '.join(REPORT_PERIODS)}")


def report_range(
    today: date,
    *,
    named: list[str],
    when: str | None,
    date_from: str | None,
    date_to: str | None,
    default: str,
    first_weekday: int = 0,
) -> tuple[date | None, date | None]:
    """A report's date range: at most one named period (WHEN is its value), then
    --from/--to override the matching end; with neither, the report's default period."""
    if len(named) > 1:
        raise InvalidInput(
            f"give one period, not {' and '.join('--' + n for n in named)}: "
            "or use --from/--to for a custom range"
        )
    if when and not named:
        raise InvalidInput(
            f"'{when}': say which period it is: --week {when}, --month {when}, "
            f"--quarter {when} or --year {when}"
        )
    if named:
        start, end = named_range(named[0], when, today, first_weekday)
    elif date_from or date_to:
        start, end = None, None
    else:
        start, end = named_range(default, None, today, first_weekday)
    if date_from:
        start = parse_date(date_from, today)
    if date_to:
        end = parse_date(date_to, today)
    if start and end and start > end:
        raise InvalidInput(f"--from {start} is after --to {end}: swap them")
    return start, end


def auto_every(start: date, end: date) -> str:
    """Columns people can read: days up to a month, weeks up to half a year, then months."""
    span = (end - start).days + 1
    if span <= 31:
        return "day"
    if span <= 183:
        return "week"
    return "month"


def buckets(start: date, end: date, every: str, first_weekday: int = 0) -> list[tuple[date, date]]:
    """Consecutive (first, last) days covering [start, end]: calendar days, weeks that
    begin on `first_weekday`, or calendar months; the first and last are clipped."""
    if every not in EVERY:
        raise InvalidInput(f"invalid interval '{every}': use {', '.join(EVERY)}")
    out: list[tuple[date, date]] = []
    cursor = start
    while cursor <= end:
        if every == "day":
            last = cursor
        elif every == "week":
            last = week_start(cursor, first_weekday) + timedelta(days=6)
        else:
            last = _month_end(cursor)
        last = min(last, end)
        out.append((cursor, last))
        cursor = last + timedelta(days=1)
    return out


def working_days(start: date, end: date) -> int:
    """Monday-to-Friday days in [start, end] (0 when end < start)."""
    if end < start:
        return 0
    span = (end - start).days + 1
    weeks, rest = divmod(span, 7)
    count = weeks * 5
    first = start.weekday()
    count += sum(1 for i in range(rest) if (first + i) % 7 < 5)
    return count
