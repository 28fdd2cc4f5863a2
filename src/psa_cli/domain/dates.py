"""Dates and clock times typed by people, in the user's local time zone.

Dates: ISO `2026-11-26`, `today`, `yesterday`, `tomorrow`, weekday names
(`monday`, `mon` = the most recent one, today included), `last friday`
(that weekday in the previous Monday-based week), `this friday`, `-3` or `3d ago`.
Times: `09:15`, `9:15`, `915`, `9am`, `5:30pm`, or a full `2026-11-26T09:15`.
Storage is UTC ISO-8601 with seconds (`2026-11-26T08:15:00Z`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from psa_cli.domain.errors import InvalidInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE_HINT = "use YYYY-MM-DD, today, yesterday, a weekday name or 'last friday'"
_TIME_RE = re.compile(
    r"^(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ap>am|pm)?$", re.I | re.ASCII
)
_AGO_RE = re.compile(r"^(?:-(?P<a>\d{1,4})|(?P<b>\d{1,4})\s*d(?:ays?)?\s+ago)$", re.ASCII)


def _weekday_index(word: str) -> int | None:
    word = word.lower()
    if len(word) < 3:
        return None
    for i, name in enumerate(WEEKDAYS):
        if name.startswith(word):
            return i
    return None


def parse_date(text: str, today: date) -> date:
    """Parse a date relative to `today` (the local date)."""
    raw = " ".join(text.strip().lower().split())
    if not raw or len(raw) > 40:
        raise InvalidInput(f"invalid date '{text}': {_DATE_HINT}")
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - timedelta(days=1)
    if raw == "tomorrow":
        return today + timedelta(days=1)
    ago = _AGO_RE.match(raw)
    if ago:
        return today - timedelta(days=int(ago["a"] or ago["b"]))
    words = raw.split(" ")
    last = len(words) == 2 and words[0] in ("last", "previous")
    this = len(words) == 2 and words[0] == "this"
    if len(words) == 1 or last or this:
        idx = _weekday_index(words[-1])
        if idx is not None:
            monday = today - timedelta(days=today.weekday())
            if last:  # that weekday in the previous (Monday-based) week
                return monday - timedelta(days=7 - idx)
            if this:  # that weekday in the current week, past or coming
                return monday + timedelta(days=idx)
            return today - timedelta(days=(today.weekday() - idx) % 7)  # most recent
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw, re.ASCII):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise InvalidInput(f"invalid date '{text}': no such day in the calendar") from None
    raise InvalidInput(f"invalid date '{text}': {_DATE_HINT}")


def parse_clock(text: str) -> time:
    """Parse a wall-clock time: 09:15, 9:15, 0915, 9am, 5:30pm, 17:30:05."""
    raw = text.strip().lower()
    match = _TIME_RE.match(raw)
    if not match:
        raise InvalidInput(f"invalid time '{text}': use HH:MM such as 09:15 or 5:30pm")
    hour, minute, sec = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if match["ap"]:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"invalid time '{text}': with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if match["ap"] == "pm" else 0)
    if hour > 23 or minute > 59 or sec > 59:
        raise InvalidInput(f"invalid time '{text}': hours 0-23, minutes 0-59")
    return time(hour, minute, sec)


def parse_moment(text: str, now: datetime, tz: tzinfo) -> datetime:
    """A point in time typed by a person -> aware UTC datetime.

    `09:15` is today at 09:15 local; `yesterday 17:00` or `2026-11-25 17:00`
    (or `2026-11-25T17:00`) name the day too.
    """
    raw = " ".join(re.sub(r"(?<=\d)[Tt](?=\d)", " ", text.strip()).split())
    raw = re.sub(r"\s+(am|pm)$", r"\1", raw, flags=re.I)  # '9 am' -> '9am'
    local_now = now.astimezone(tz)
    parts = raw.rsplit(" ", 1)
    if len(parts) == 2:
        day = parse_date(parts[0], local_now.date())
        clock = parse_clock(parts[1])
    else:
        day = local_now.date()
        clock = parse_clock(raw)
    try:
        return to_utc(datetime.combine(day, clock), tz)
    except OverflowError:  # e.g. 0001-01-01 00:00 east of UTC
        raise InvalidInput(f"invalid time '{text}': the date is out of range") from None


def to_utc(naive_local: datetime, tz: tzinfo) -> datetime:
    """Attach the local zone to a naive wall-clock time and convert to UTC."""
    return naive_local.replace(tzinfo=tz).astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """The storage form: 2026-11-26T08:15:00Z (seconds precision)."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_any_iso(text: str) -> datetime:
    """An ISO moment with or without offset (`Z` allowed; naive means UTC), in UTC. Raises
    ValueError. The form of $PSA_NOW."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_iso_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def local_day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def split_by_local_day(
    start: datetime, end: datetime, tz: tzinfo
) -> Iterator[tuple[date, datetime, datetime]]:
    """Cut [start, end) at each local midnight: one (day, start, end) per day touched.

    This is how an entry that crosses midnight counts in the right days.
    """
    cursor = start
    while cursor < end:
        local = cursor.astimezone(tz)
        next_midnight = to_utc(datetime.combine(local.date() + timedelta(days=1), time()), tz)
        piece_end = min(end, next_midnight)
        yield local.date(), cursor, piece_end
        cursor = piece_end


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the week containing `day` (0 = Monday)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def local_zone(name: str | None = None) -> tzinfo:
    """The configured IANA zone, else the system's local zone."""
    if name:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(
                f"unknown time zone '{name}': use an IANA name such as Europe/Paris"
            ) from None
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone
