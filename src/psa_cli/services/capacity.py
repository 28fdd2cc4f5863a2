"""`psa report capacity` and `psa schedule`: allocations against capacity, week by week.

Weeks are ISO weeks (Monday to Sunday). Per person and week:
- capacity: the person's weekly capacity (`people.capacity_seconds`), a fifth per
  Monday-to-Friday day, like `report utilization` (`reporting.capacity`);
- allocated: each overlapping allocation's hours a week, prorated by the working days it
  covers in that week (an allocation from a Wednesday books 3/5 of its hours that week);
- logged: time entries of that week; free = capacity - allocated (negative when
  over-booked); over_booked = allocated > capacity.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from psa_cli.domain import reporting, weeks
from psa_cli.domain.errors import InvalidInput
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import allocations as store

MAX_WEEKS = 104


def check_weeks(count: int) -> int:
    if not 1 <= count <= MAX_WEEKS:
        raise InvalidInput(f"--weeks {count} is out of range: give 1 to {MAX_WEEKS}")
    return count


def first_week(ledger: Ledger, date_from: str | None) -> date:
    return weeks.parse_week(date_from, ledger.today())


def person_weeks(
    ledger: Ledger, first: date, count: int, person_id: int | None = None
) -> list[dict[str, Any]]:
    """One row per person and week, people by name, weeks in order."""
    conn = ledger.conn
    mondays = weeks.week_starts(first, count)
    last_day = mondays[-1] + timedelta(days=6)
    people = store.people_for_capacity(conn, person_id)
    allocs = store.list_allocations(
        conn, person_id=person_id, day_from=mondays[0].isoformat(), day_to=last_day.isoformat()
    )
    logged = store.logged_by_person_week(conn, mondays[0].isoformat(), last_day.isoformat())
    out = []
    for person in people:
        mine = [a for a in allocs if a["person_id"] == person["id"]]
        for monday in mondays:
            capacity = reporting.capacity(
                person["capacity_seconds"], monday, monday + timedelta(days=6)
            )
            projects: dict[str, int] = {}
            for a in mine:
                booked = weeks.allocated_in(
                    a["seconds_per_week"], date.fromisoformat(a["start_day"]),
                    date.fromisoformat(a["end_day"]), monday,
                )  # fmt: skip
                if booked:
                    projects[a["project"]] = projects.get(a["project"], 0) + booked
            allocated = sum(projects.values())
            out.append({
                "person": person["name"], "week": weeks.label(monday),
                "week_start": monday.isoformat(), "capacity_seconds": capacity,
                "allocated_seconds": allocated,
                "logged_seconds": logged.get((person["id"], monday.isoformat()), 0),
                "free_seconds": capacity - allocated, "over_booked": allocated > capacity,
                "allocated_percent": reporting.percent_text(
                    reporting.percent(allocated, capacity)
                ),
                "projects": projects,
            })  # fmt: skip
    return out


def capacity_report(
    ledger: Ledger, *, weeks_count: int = 8, date_from: str | None = None,
    person: str | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    count = check_weeks(weeks_count)
    person_id = resolve.person(ledger, person).id if person else None
    return person_weeks(ledger, first_week(ledger, date_from), count, person_id)
