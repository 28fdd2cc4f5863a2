"""This week's hours per day as horizontal bars against capacity."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from psa_cli.domain.durations import format_duration
from psa_cli.services.dashboard import Week

BAR = 24  # cells for the longest of (capacity, logged) in the week


def render_week(week: Week, today_index: int | None = None) -> Text:
    """`Mon 23 ██████····  3h / 8h` per day; over capacity in another colour."""
    top = max([*week.seconds, *week.capacity, 1])
    out = Text()
    for i, (day, done, cap) in enumerate(zip(week.days, week.seconds, week.capacity, strict=True)):
        filled = round(BAR * min(done, cap) / top) if cap else 0
        over = round(BAR * done / top) - filled if done > cap else 0
        spare = max(0, round(BAR * cap / top) - filled)
        label = f"{day:%a %d}"
        out.append(label, style="bold" if i == today_index else "")
        out.append(" ")
        out.append("█" * filled, style="green")
        out.append("█" * over, style="yellow")
        out.append("·" * spare, style="dim")
        out.append(" " * max(0, BAR - filled - over - spare))
        goal = f" / {format_duration(cap)}" if cap else ""
        out.append(f" {format_duration(done)}{goal}\n" if done or cap else " –\n")
    total, capacity = sum(week.seconds), sum(week.capacity)
    out.append(f"Week: {format_duration(total)} of {format_duration(capacity)}", style="bold")
    return out


class WeekChart(Static):
    """Shows a `Week` (from services.dashboard.week)."""

    def show(self, week: Week, today_index: int | None = None) -> None:
        self.update(render_week(week, today_index))
