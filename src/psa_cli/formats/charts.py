"""Horizontal bar charts in plain Unicode block characters, for the terminal.

Integer arithmetic only (values are seconds or minor units): a bar is `width` cells at
most, drawn in eighths of a cell, so lengths are exact to 1/8 of a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
LIGHT = "░"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int  # what the bar's length shows
    text: str  # the value as people read it (8:30, 1,234.50 EUR)
    part: int | None = None  # a first part drawn solid, the rest light (billable time)


def bar(value: int, biggest: int, width: int) -> str:
    """`value` as a bar of at most `width` cells, `biggest` filling them all."""
    if value <= 0 or biggest <= 0:
        return ""
    eighths = value * width * 8 // biggest
    if eighths == 0:
        return EIGHTHS[1]  # something, however small, shows
    whole, rest = divmod(eighths, 8)
    return FULL * whole + (EIGHTHS[rest] if rest else "")


def split_bar(value: int, part: int, biggest: int, width: int) -> str:
    """A bar whose first `part` is solid and the rest light, in whole cells."""
    if value <= 0 or biggest <= 0:
        return ""
    cells = max(1, (value * width + biggest // 2) // biggest)
    solid = min(cells, (part * width + biggest // 2) // biggest)
    if part > 0 and solid == 0:
        solid = 1
    return FULL * solid + LIGHT * (cells - solid)


def render(bars: Sequence[Bar], *, title: str = "", width: int = 40, legend: str = "") -> str:
    """The chart as text: one line per bar, label, bar, value; a legend line below."""
    if not bars:
        return f"{title}\n(nothing to chart)" if title else "(nothing to chart)"
    biggest = max((b.value for b in bars), default=0)
    label_w = max(len(b.label) for b in bars)
    lines = [title] if title else []
    for b in bars:
        if b.part is None:
            drawn = bar(b.value, biggest, width)
        else:
            drawn = split_bar(b.value, b.part, biggest, width)
        lines.append(f"{b.label.ljust(label_w)}  {drawn.ljust(width)}  {b.text}".rstrip())
    if legend:
        lines.append(legend)
    return "\n".join(lines)


def minor_units(text: str | None) -> int:
    """A decimal string as an integer of its smallest unit (for bar lengths only)."""
    if not text:
        return 0
    value = Decimal(text)
    return int(value.scaleb(-value.as_tuple().exponent))  # type: ignore[operator]


def revenue_bars(report: dict[str, Any], currency: str) -> list[Bar]:
    """`psa report revenue`'s recognised revenue per month in one currency, as bars."""
    by_month = {r["month"]: r["recognised"] for r in report["rows"] if r["currency"] == currency}
    return [
        Bar(m, minor_units(by_month.get(m)), f"{Decimal(by_month[m]):,}" if m in by_month else "0")
        for m in report["months"]
    ]
