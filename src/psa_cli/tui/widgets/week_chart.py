"""This week's hours per day as horizontal bars against capacity."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from psa_cli.domain.durations import format_duration
from psa_cli.services.dashboard import Week

LABEL = 7  # "Mon 23 "
FIGURES = 12  # " 2h30m / 8h"


def render_week(week: Week, bar: int, today_index: int | None = None) -> Text:
    """`Mon 23 ██████····  3h / 8h` per day; time over capacity in yellow."""
    top = max([*week.seconds, *week.capacity, 1])
    out = Text()
    for i, (day, done, cap) in enumerate(zip(week.days, week.seconds, week.capacity, strict=True)):
        filled = round(bar * min(done, cap) / top) if cap else 0
        over = round(bar * done / top) - filled if done > cap else 0
        spare = max(0, round(bar * cap / top) - filled)
        out.append(f"{day:%a %d}", style="bold" if i == today_index else "")
        out.append(" ")
        out.append("█" * filled, style="green")
        out.append("█" * over, style="yellow")
        out.append("·" * spare, style="dim")
        out.append(" " * max(0, bar - filled - over - spare))
        goal = f"/{format_duration(cap)}" if cap else ""
        figures = f" {format_duration(done)}{goal}" if done or cap else " –"
        out.append(figures + ("\n" if i < len(week.days) - 1 else ""))
    return out


def week_total(week: Week) -> str:
    return f"{format_duration(sum(week.seconds))} of {format_duration(sum(week.capacity))}"


class WeekChart(Widget):
    """Shows a `Week` (from services.dashboard.week); bars fit the widget's width."""

    DEFAULT_CSS = "WeekChart { height: 7; }"

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.week: Week | None = None
        self.today_index: int | None = None

    def show(self, week: Week, today_index: int | None = None) -> None:
        self.week, self.today_index = week, today_index
        self.refresh()

    def render(self) -> Text:
        if self.week is None:
            return Text("Loading…", style="dim")
        bar = max(4, self.size.width - LABEL - FIGURES)
        return render_week(self.week, bar, self.today_index)
