"""The terminal Gantt chart of `psa schedule`: plain text, a fixed width (100 columns by
default), Unicode blocks on a terminal and plain ASCII otherwise. Pure: it renders the
dict built by `services.schedule.schedule` and nothing else."""

from __future__ import annotations

from datetime import date
from typing import Any

LABEL = 26  # label column, including one space before the weeks
MAX_CELL = 6


class Glyphs:
    def __init__(self, ascii_only: bool) -> None:
        self.project = "#" if ascii_only else "█"
        self.allocation = "=" if ascii_only else "▒"
        self.over = "!"
        self.milestone = "*" if ascii_only else "◆"
        self.more = "~" if ascii_only else "…"
        self.empty = " "


def cell_width(width: int, count: int) -> int:
    return max(1, min(MAX_CELL, (width - LABEL) // max(count, 1)))


def _fit(text: str, size: int, more: str) -> str:
    return text if len(text) <= size else text[: size - 1] + more


def week_cells(row: dict[str, Any], week_labels: list[str]) -> list[str]:
    """One word per week for CSV: milestone, over-booked, the row's kind, or ''."""
    active = set(row["weeks"])
    over = set(row["over_booked_weeks"])
    marked = {m["week"] for m in row["milestones"]}
    out = []
    for label in week_labels:
        if label in marked:
            out.append("milestone")
        elif label in over:
            out.append("over-booked")
        elif label in active:
            out.append(row["kind"])
        else:
            out.append("")
    return out


def _bar(row: dict[str, Any], week_labels: list[str], starts: list[date], cell: int,
         glyphs: Glyphs) -> str:  # fmt: skip
    active = set(row["weeks"])
    over = set(row["over_booked_weeks"])
    fill = glyphs.project if row["kind"] == "project" else glyphs.allocation
    parts = []
    for label in week_labels:
        char = glyphs.over if label in over else fill if label in active else glyphs.empty
        parts.append([char] * cell)
    index = {label: i for i, label in enumerate(week_labels)}
    for mark in row["milestones"]:
        i = index.get(mark["week"])
        if i is None:
            continue
        weekday = date.fromisoformat(mark["day"]).weekday()
        parts[i][min(cell - 1, weekday * cell // 7)] = glyphs.milestone
    return "".join("".join(p) for p in parts)


def _header(data: dict[str, Any], cell: int) -> list[str]:
    months, numbers = [" "] * (cell * len(data["weeks"])), [" "] * (cell * len(data["weeks"]))
    previous_month = ""
    free_month = free_number = 0
    for i, week in enumerate(data["weeks"]):
        start = date.fromisoformat(week["start"])
        pos = i * cell
        month = start.strftime("%b") if start.month != 1 and i else start.strftime("%b %Y")
        if start.strftime("%Y-%m") != previous_month and pos >= free_month:
            months[pos : pos + len(month)] = month
            free_month = pos + len(month) + 1
            previous_month = start.strftime("%Y-%m")
        number = week["week"].split("-")[1]
        if pos >= free_number:
            numbers[pos : pos + len(number)] = number
            free_number = pos + len(number) + 1
    width = cell * len(data["weeks"])
    return [
        " " * LABEL + "".join(months)[:width].rstrip(),
        " " * LABEL + "".join(numbers)[:width].rstrip(),
    ]


def render(data: dict[str, Any], *, width: int = 100, ascii_only: bool = True) -> str:
    glyphs = Glyphs(ascii_only)
    labels = [w["week"] for w in data["weeks"]]
    starts = [date.fromisoformat(w["start"]) for w in data["weeks"]]
    cell = cell_width(width, len(labels))
    first, last = labels[0], labels[-1]
    lines = [f"Schedule {first} to {last} ({data['from']} to {data['to']})"]
    if not data["rows"]:
        lines.append(
            "Nothing scheduled in these weeks: add allocations with 'psa allocate PERSON "
            "PROJECT --hours-per-week H --from D --to D'."
        )
        return "\n".join(lines) + "\n"
    lines += _header(data, cell)
    for row in data["rows"]:
        if row["kind"] == "project":
            label = f"{row['project']} {row['name']}"
        else:
            label = f"  {row['person']} {row['hours_per_week']}h/w"
        text = _fit(label, LABEL - 1, glyphs.more).ljust(LABEL)
        lines.append((text + _bar(row, labels, starts, cell, glyphs)).rstrip())
    lines.append("")
    lines.append(
        f"{glyphs.project} project  {glyphs.allocation} allocation (h/w: hours a week)  "
        f"{glyphs.over} over-booked  {glyphs.milestone} milestone (task due, start/end)"
    )
    return "\n".join(line[:width].rstrip() for line in lines) + "\n"
