"""`psa schedule`: projects and allocations week by week (the data of the Gantt chart).

A project's span runs from its start day (`psa project edit --start`), else its first
allocation or entry, to its end day, else its last allocation or entry. Its milestones
are its start and end days when set, and the due days of its tasks. Each allocation
gets a row under its project, with the weeks where its person is over-booked.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from psa_cli.domain import weeks
from psa_cli.services.allocations import hours_text
from psa_cli.services.capacity import check_weeks, first_week, person_weeks
from psa_cli.services.ledger import Ledger
from psa_cli.store import allocations as store


def _active(mondays: list[date], first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [
        weeks.label(m)
        for m in mondays
        if weeks.overlap(start, end, m, m + timedelta(days=6)) is not None
    ]


def schedule(
    ledger: Ledger, *, weeks_count: int = 12, date_from: str | None = None
) -> dict[str, Any]:
    count = check_weeks(weeks_count)
    conn = ledger.conn
    mondays = weeks.week_starts(first_week(ledger, date_from), count)
    day_from, day_to = mondays[0].isoformat(), (mondays[-1] + timedelta(days=6)).isoformat()
    over = {
        (r["person"], r["week"])
        for r in person_weeks(ledger, mondays[0], count)
        if r["over_booked"]
    }
    milestones: dict[int, list[dict[str, Any]]] = {}
    for task in store.task_milestones(conn, day_from, day_to):
        milestones.setdefault(task["project_id"], []).append(
            {"day": task["due_day"], "kind": "task", "label": task["name"],
             "done": task["status"] == "done"}
        )  # fmt: skip
    allocs = store.list_allocations(conn, day_from=day_from, day_to=day_to)
    rows: list[dict[str, Any]] = []
    for project in store.project_spans(conn, day_from, day_to):
        marks = list(milestones.get(project["id"], []))
        for kind in ("start", "end"):
            day = project[f"{kind}_day"]
            if day and day_from <= day <= day_to:
                marks.append({"day": day, "kind": kind, "label": f"project {kind}", "done": False})
        marks.sort(key=lambda m: (m["day"], m["label"]))
        for mark in marks:
            mark["week"] = weeks.label(date.fromisoformat(mark["day"]))
        rows.append({
            "kind": "project", "project": project["code"], "name": project["name"],
            "person": None, "allocation": None, "hours_per_week": None,
            "from": project["first"], "to": project["last"],
            "weeks": _active(mondays, project["first"], project["last"]),
            "over_booked_weeks": [], "milestones": marks,
        })  # fmt: skip
        for a in (a for a in allocs if a["project_id"] == project["id"]):
            active = _active(mondays, a["start_day"], a["end_day"])
            rows.append({
                "kind": "allocation", "project": a["project"], "name": a["project_name"],
                "person": a["person"], "allocation": a["id"],
                "hours_per_week": hours_text(a["seconds_per_week"]),
                "from": a["start_day"], "to": a["end_day"], "weeks": active,
                "over_booked_weeks": [w for w in active if (a["person"], w) in over],
                "milestones": [],
            })  # fmt: skip
    return {
        "from": day_from,
        "to": day_to,
        "weeks": [{"week": weeks.label(m), "start": m.isoformat()} for m in mondays],
        "rows": rows,
    }
