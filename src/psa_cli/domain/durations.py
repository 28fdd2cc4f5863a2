"""Durations typed by people -> integer seconds, and back.

Accepted: `1h30m`, `1h 30m`, `2h`, `45m`, `90s`, `1.5h`, `0.25h`, `1:30` (h:mm),
`1:30:15` (h:mm:ss) and a bare number, read as hours like Harvest does (`1.5`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from psa_cli.domain.errors import InvalidInput

DAY = 24 * 3600
_UNIT_RE = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in(?:utes?|s)?)?)?\s*"
    r"(?:(?P<s>\d+)\s*s(?:ec(?:onds?|s)?)?)?$",
    re.IGNORECASE | re.ASCII,
)
_CLOCK_RE = re.compile(r"^(?P<h>\d+):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?$", re.ASCII)
_HINT = "write it like 1h30m, 1.5h, 90m or 1:30"


def parse_duration(text: str, *, max_seconds: int = DAY, allow_zero: bool = False) -> int:
    """Parse a duration into whole seconds (fractions of a second round half-up)."""
    raw = text.strip()
    if not raw or len(raw) > 32:
        raise InvalidInput(f"invalid duration '{text}': {_HINT}")
    seconds = _parse(raw)
    if seconds is None:
        raise InvalidInput(f"invalid duration '{text}': {_HINT}")
    if seconds == 0 and not allow_zero:
        raise InvalidInput(f"invalid duration '{text}': it must be longer than zero")
    if seconds > max_seconds:
        raise InvalidInput(
            f"invalid duration '{text}': at most {format_duration(max_seconds)} "
            f"(did you mean {raw.rstrip('hH')}m?)"
            if raw.replace(".", "").isdigit()
            else f"invalid duration '{text}': at most {format_duration(max_seconds)}"
        )
    return seconds


def _parse(raw: str) -> int | None:
    clock = _CLOCK_RE.match(raw)
    if clock:
        return int(clock["h"]) * 3600 + int(clock["m"]) * 60 + int(clock["s"] or 0)
    try:
        if re.fullmatch(r"\d+(\.\d+)?", raw, re.ASCII):
            return _round(Decimal(raw) * 3600)
        unit = _UNIT_RE.match(raw)
        if not unit or not any(unit.group(g) for g in ("h", "m", "s")):
            return None
        total = Decimal(0)
        if unit["h"]:
            total += Decimal(unit["h"]) * 3600
        if unit["m"]:
            total += Decimal(unit["m"]) * 60
        if unit["s"]:
            total += Decimal(unit["s"])
        return _round(total)
    except InvalidOperation:
        return None


def _round(value: Decimal) -> int:
    if value > 10**9:
        return 10**9  # absurd; the caller's max refuses it with a message
    return int(value.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def format_duration(seconds: int) -> str:
    """Compact human form: 1h30m, 45m, 2h, 0m; seconds shown only under a minute."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours and minutes:
        return f"{sign}{hours}h{minutes:02d}m"
    if hours:
        return f"{sign}{hours}h"
    if minutes or not secs:
        return f"{sign}{minutes}m"
    return f"{sign}{secs}s"


def format_clock(seconds: int) -> str:
    """h:mm form used in tables and timesheets (seconds truncated)."""
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours}:{rest // 60:02d}"


def hours_decimal(seconds: int) -> Decimal:
    """Seconds as decimal hours with 2 places (for CSV/JSON convenience columns)."""
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
