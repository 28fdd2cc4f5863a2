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
    assert text.splitlines()[1:] == [
        "Nothing scheduled in these weeks: add allocations with",
        "  psa allocate PERSON PROJECT --hours-per-week H --from D --to D",
    ]


def test_long_names_keep_the_hours_and_the_legend_wraps_when_narrow() -> None:
    long = {**ALLOCATION, "person": "Ana Maria Lopez-Garcia"}
    text = gantt.render(_data(6, [PROJECT, long]), width=70, ascii_only=True)
    lines = text.splitlines()
    assert lines[4].startswith("  Ana Maria Lopez~ 7.5h/w  ")
    assert lines[-2:] == [
        "# project  = allocation (h/w: hours a week)  ! over-booked",
        "* milestone (task due, start/end)",
    ]
    assert all(len(line) <= 70 for line in lines)


def test_month_labels_sit_on_the_first_week_of_their_month() -> None:
    # 16 weeks at 4 columns: Nov 2026 has 1 week before December, too narrow for the year
    text = gantt.render(_data(16, [PROJECT]), width=100)
    months = text.splitlines()[1][gantt.LABEL :]
    assert months.startswith("Nov     Dec             Jan 2027")
    # Dec starts in the week of Monday Dec 7 (column 2 x 4), Jan 2027 in W01 (column 6 x 4)
    assert months.index("Dec") == 8 and months.index("Jan 2027") == 24
