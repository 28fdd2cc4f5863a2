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


def _month_labels(data: dict[str, Any], cell: int) -> list[tuple[int, str]]:
    """(column, text) of each month at the first week starting in it (the first column
    too): 'Nov 2026' where the year is new or first shown, else 'Dec'; the year is dropped
    when the label would run into the next one, and a label that still does not fit is
    left out rather than drawn under the wrong week."""
    starts: list[tuple[int, date]] = []
    for i, week in enumerate(data["weeks"]):
        start = date.fromisoformat(week["start"])
        if not starts or (start.year, start.month) != (starts[-1][1].year, starts[-1][1].month):
            starts.append((i * cell, start))
    out: list[tuple[int, str]] = []
    free = 0
    for n, (pos, start) in enumerate(starts):
        room = (starts[n + 1][0] if n + 1 < len(starts) else 10**6) - pos - 1
        short = start.strftime("%b")
        text = f"{short} {start.year}" if n == 0 or start.month == 1 else short
        if len(text) > room:
            text = short
        if pos >= free and len(text) <= max(room, len(short)):
            out.append((pos, text))
            free = pos + len(text) + 1
    return out


def _header(data: dict[str, Any], cell: int) -> list[str]:
    width = cell * len(data["weeks"])
    months, numbers = [" "] * width, [" "] * width
    for pos, text in _month_labels(data, cell):
        months[pos : pos + len(text)] = text
    free = 0
    for i, week in enumerate(data["weeks"]):
        pos = i * cell
        number = week["week"].split("-")[1]
        if pos >= free:
            numbers[pos : pos + len(number)] = number
            free = pos + len(number) + 1
    return [
        " " * LABEL + "".join(months)[:width].rstrip(),
        " " * LABEL + "".join(numbers)[:width].rstrip(),
    ]


def _label(row: dict[str, Any], more: str) -> str:
    """The row's label in LABEL - 1 columns; an allocation keeps its hours a week and
    cuts the person's name instead."""
    size = LABEL - 1
    if row["kind"] == "project":
        return _fit(f"{row['project']} {row['name']}", size, more)
    hours = f" {row['hours_per_week']}h/w"
    return "  " + _fit(row["person"], size - 2 - len(hours), more) + hours


def _legend(glyphs: Glyphs, width: int) -> list[str]:
    items = [
        f"{glyphs.project} project",
        f"{glyphs.allocation} allocation (h/w: hours a week)",
        f"{glyphs.over} over-booked",
        f"{glyphs.milestone} milestone (task due, start/end)",
    ]
    lines = [""]
    for item in items:
        candidate = f"{lines[-1]}  {item}" if lines[-1] else item
        if len(candidate) <= width or not lines[-1]:
            lines[-1] = candidate
        else:
            lines.append(item)
    return lines


def render(data: dict[str, Any], *, width: int = 100, ascii_only: bool = True) -> str:
    glyphs = Glyphs(ascii_only)
    labels = [w["week"] for w in data["weeks"]]
    starts = [date.fromisoformat(w["start"]) for w in data["weeks"]]
    cell = cell_width(width, len(labels))
    first, last = labels[0], labels[-1]
    lines = [f"Schedule {first} to {last} ({data['from']} to {data['to']})"]
    if not data["rows"]:
        lines.append("Nothing scheduled in these weeks: add allocations with")
        lines.append("  psa allocate PERSON PROJECT --hours-per-week H --from D --to D")
        return "\n".join(lines) + "\n"
    lines += _header(data, cell)
    for row in data["rows"]:
        text = _label(row, glyphs.more).ljust(LABEL)
        lines.append((text + _bar(row, labels, starts, cell, glyphs)).rstrip())
    lines.append("")
    lines += _legend(glyphs, width)
    return "\n".join(line[:width].rstrip() for line in lines) + "\n"
