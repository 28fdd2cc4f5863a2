"""The text Gantt chart (formats/gantt.py): widths, glyphs, truncation, milestones."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from psa_cli.domain import weeks
from psa_cli.formats import gantt


def _data(count: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    mondays = weeks.week_starts(date(2026, 11, 23), count)
    return {
        "from": mondays[0].isoformat(),
        "to": (mondays[-1] + timedelta(days=6)).isoformat(),
        "weeks": [{"week": weeks.label(m), "start": m.isoformat()} for m in mondays],
        "rows": rows,
    }


PROJECT = {
    "kind": "project", "project": "acme-web", "name": "A very long project name indeed",
    "person": None, "allocation": None, "hours_per_week": None, "from": "2026-11-23",
    "to": "2026-12-13", "weeks": ["2026-W48", "2026-W49", "2026-W50"],
    "over_booked_weeks": [],
    "milestones": [{"day": "2026-12-04", "week": "2026-W49", "kind": "task", "label": "Beta",
                    "done": False}],
}  # fmt: skip
ALLOCATION = {
    "kind": "allocation", "project": "acme-web", "name": "", "person": "Ana",
    "allocation": 1, "hours_per_week": "7.5", "from": "2026-11-30", "to": "2026-12-13",
    "weeks": ["2026-W49", "2026-W50"], "over_booked_weeks": ["2026-W50"], "milestones": [],
}  # fmt: skip


def test_unicode_chart_on_a_terminal() -> None:
    text = gantt.render(_data(4, [PROJECT, ALLOCATION]), width=100, ascii_only=False)
    lines = text.splitlines()
    # label 26 columns, 4 weeks of 6 columns; Beta is due Friday Dec 4: column 4 * 6 // 7 = 3
    assert lines[3] == "acme-web A very long pro… " + "█" * 6 + "███◆██" + "█" * 6
    assert lines[4] == "  Ana 7.5h/w" + " " * 14 + " " * 6 + "▒" * 6 + "!" * 6
    assert lines[-1].startswith("█ project  ▒ allocation")
    assert all(len(line) <= 100 for line in lines)


def test_cells_narrow_to_fit_the_width() -> None:
    assert gantt.cell_width(100, 12) == 6
    assert gantt.cell_width(100, 24) == 3
    assert gantt.cell_width(100, 104) == 1
    text = gantt.render(_data(52, [PROJECT]), width=100)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "W48" in text.splitlines()[2]


def test_empty_schedule_says_how_to_fill_it() -> None:
    text = gantt.render(_data(2, []))
    assert "Nothing scheduled in these weeks: add allocations with 'psa allocate" in text
