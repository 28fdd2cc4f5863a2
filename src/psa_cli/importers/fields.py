"""Cell readers shared by the CSV sources: durations, days, clock times, yes/no, tags.

Durations come as decimal hours (`1.5`, localised `1,5`) or clock form (`1:30`,
`01:30:00`); both are read by `domain.durations` (the parser `psa log` uses), with a
decimal comma turned into a point first.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo

from psa_cli.domain.dates import parse_clock, to_utc
from psa_cli.domain.durations import parse_duration
from psa_cli.domain.errors import InvalidInput
from psa_cli.importers.records import RowError

_DAY_SLASH = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$", re.ASCII)
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$", re.ASCII)
_YES = frozenset("yes y true 1 ja oui si sí billable x".split())
_NO = frozenset("no n false 0 nein non non-billable".split())
_SECONDS_PER_DAY = 86_400


def parse_hours(text: str) -> int:
    """'1.5', '1,5', '1:30', '01:30:00' -> seconds (0 allowed, at most 24 h)."""
    raw = text.strip()
    if _DECIMAL_COMMA.match(raw):
        raw = raw.replace(",", ".")
    try:
        return parse_duration(raw, max_seconds=_SECONDS_PER_DAY, allow_zero=True)
    except InvalidInput:
        raise RowError(
            f"duration '{text}' is not decimal hours (1.5) or HH:MM:SS (01:30:00), "
            "or is over 24 hours"
        ) from None


def parse_day(text: str, *, day_first: bool = False) -> date:
    """ISO 2026-11-02; 11/02/2026 (month first unless day_first); 02.11.2026 (day first)."""
    raw = text.strip()
    try:
        if len(raw) == 10 and raw[4] == "-":
            return date.fromisoformat(raw)
        match = _DAY_SLASH.match(raw)
        if match:
            a, b, year = int(match[1]), int(match[2]), int(match[3])
            year += 2000 if year < 100 else 0
            dotted = "." in raw
            if dotted or day_first or a > 12:
                return date(year, b, a)
            return date(year, a, b)
    except ValueError:
        raise RowError(f"date '{text}' is not a day of the calendar") from None
    raise RowError(f"date '{text}' is not understood: use YYYY-MM-DD or MM/DD/YYYY")


def parse_time(text: str) -> time:
    raw = text.strip()
    if len(raw) == 8 and raw[2] == ":" and raw[5] == ":" and raw.replace(":", "").isdigit():
        try:  # the common HH:MM:SS, without the regex
            return time(int(raw[:2]), int(raw[3:5]), int(raw[6:]))
        except ValueError:
            pass
    try:
        return parse_clock(raw)
    except InvalidInput:
        raise RowError(f"time '{text}' is not understood: use HH:MM:SS or 5:30 PM") from None


def local_moment(day_text: str, time_text: str, tz: tzinfo, *, day_first: bool) -> datetime:
    """A local wall-clock date + time -> aware UTC datetime (whole seconds)."""
    day = parse_day(day_text, day_first=day_first)
    return to_utc(datetime.combine(day, parse_time(time_text)), tz)


def parse_moment_cell(text: str, tz: tzinfo, *, day_first: bool) -> datetime:
    """One cell holding both, '2026-11-02 09:00[:00]' or ISO with an offset."""
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        day_text, _, time_text = raw.partition(" ")
        return local_moment(day_text, time_text, tz, day_first=day_first)
    if moment.tzinfo is None:
        return to_utc(moment.replace(microsecond=0), tz)
    return moment.astimezone(UTC).replace(microsecond=0)


def parse_bool(text: str) -> bool | None:
    raw = text.strip().lower()
    if not raw:
        return None
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise RowError(f"billable '{text}' is not yes or no")


def split_tags(text: str, sep: str = ",") -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(sep) if t.strip())
