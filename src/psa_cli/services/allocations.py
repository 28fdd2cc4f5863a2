"""Allocations: a person booked on a project for some hours a week over a date range.

An allocation overlapping another one of the same person on the same project is
refused (never merged silently): edit the existing one instead. Allocations of one
person on different projects may overlap; going over capacity is allowed and reported
as over-booking (`psa report capacity`, and a warning when allocating).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from psa_cli.domain import weeks
from psa_cli.domain.dates import parse_date
from psa_cli.domain.durations import format_clock, parse_duration
from psa_cli.domain.errors import InvalidInput, NotFound, Refused
from psa_cli.domain.matching import check_text
from psa_cli.domain.models import Person
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import allocations as store

WEEK = 7 * 24 * 3600
_MAX_WEEKS = 520  # ten years: a range longer than that is a typo


def parse_hours_per_week(raw: str) -> int:
    """'20', '20h', '7.5', '7h30m' -> seconds a week (more than 0, at most 168 h)."""
    text = raw.strip().lower().removesuffix("/week").removesuffix("/w")
    if text.startswith("-"):
        raise InvalidInput(f"--hours-per-week {raw} is negative: give hours from 0 to 168")
    if text and text[-1].isdigit() and ":" not in text:
        text += "h"
    try:
        seconds = parse_duration(text, max_seconds=WEEK, allow_zero=True)
    except InvalidInput:
        raise InvalidInput(
            f"invalid --hours-per-week '{raw}': hours a week, more than 0 and at most 168, "
            "e.g. 20 or 7.5h"
        ) from None
    if seconds == 0:
        raise InvalidInput("--hours-per-week 0 books nothing: remove the allocation instead")
    return seconds


def hours_text(seconds: int) -> str:
    """Seconds a week as decimal hours for JSON/CSV: 72000 -> '20', 27000 -> '7.5'."""
    value = (Decimal(seconds) / 3600).quantize(Decimal("0.01"))
    return f"{value.normalize():f}"


def _range(start: date, end: date) -> tuple[str, str]:
    if end < start:
        raise InvalidInput(f"--to {end} is before --from {start}: swap them")
    if (end - start).days > _MAX_WEEKS * 7:
        raise InvalidInput(f"{start} to {end} is over ten years: check the dates")
    return start.isoformat(), end.isoformat()


def to_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uid": row["uid"],
        "person": row["person"],
        "project": row["project"],
        "hours_per_week": hours_text(row["seconds_per_week"]),
        "seconds_per_week": row["seconds_per_week"],
        "from": row["start_day"],
        "to": row["end_day"],
        "note": row["note"],
    }


@dataclass
class AllocationResult:
    allocation: dict[str, Any]
    warnings: list[str]


def _refuse_duplicate(conn: Any, values: dict[str, Any], exclude: int | None = None) -> None:
    clash = store.overlapping_same(
        conn, values["person_id"], values["project_id"], values["start_day"],
        values["end_day"], exclude,
    )  # fmt: skip
    if clash:
        raise Refused(
            f"{clash['person']} is already allocated to {clash['project']} from "
            f"{clash['start_day']} to {clash['end_day']} (allocation {clash['id']}): change "
            f"it with 'psa allocation edit {clash['id']}' instead"
        )


def _overbooking(ledger: Ledger, person_id: int, start: str, end: str) -> list[str]:
    """Warnings for the weeks of [start, end] where the person is booked over capacity."""
    from psa_cli.services.capacity import person_weeks

    first = date.fromisoformat(start)
    count = (weeks.monday(date.fromisoformat(end)) - weeks.monday(first)).days // 7 + 1
    over = [
        row
        for row in person_weeks(ledger, weeks.monday(first), min(count, 104), person_id)
        if row["over_booked"]
    ]
    if not over:
        return []
    worst = max(over, key=lambda r: r["allocated_seconds"] - r["capacity_seconds"])
    span = over[0]["week"] if len(over) == 1 else f"{len(over)} weeks, {over[0]['week']} to " \
        f"{over[-1]['week']}"  # fmt: skip
    return [
        f"{worst['person']} is over-booked in {span} (at most "
        f"{format_clock(worst['allocated_seconds'])} allocated for a capacity of "
        f"{format_clock(worst['capacity_seconds'])}, in {worst['week']}): see "
        "'psa report capacity'"
    ]


def _active_person(ledger: Ledger, text: str) -> Person:
    who = resolve.person(ledger, text)
    if who.archived:
        quoted = f'"{who.name}"' if " " in who.name else who.name
        raise Refused(
            f"{who.name} is archived: restore them with 'psa person edit {quoted} --restore'"
        )
    return who


def allocate(
    ledger: Ledger,
    person: str,
    project: str,
    *,
    hours_per_week: str,
    date_from: str | None,
    date_to: str,
    note: str = "",
) -> AllocationResult:
    who = _active_person(ledger, person)
    proj = resolve.project(ledger, project)
    seconds = parse_hours_per_week(hours_per_week)
    today = ledger.today()
    start = parse_date(date_from, today) if date_from else today
    start_day, end_day = _range(start, parse_date(date_to, today))
    values = {
        "person_id": who.id, "project_id": proj.id, "seconds_per_week": seconds,
        "start_day": start_day, "end_day": end_day, "note": check_text(note, "note", 500),
    }  # fmt: skip
    with ledger.write() as conn:
        _refuse_duplicate(conn, values)
        new_id = store.insert_allocation(conn, values)
    found = store.allocation_by_id(ledger.conn, new_id)
    assert found is not None
    return AllocationResult(found, _overbooking(ledger, who.id, start_day, end_day))


def get(ledger: Ledger, allocation_id: int) -> dict[str, Any]:
    found = store.allocation_by_id(ledger.conn, allocation_id)
    if found is None:
        raise NotFound(f"no allocation {allocation_id}: see 'psa allocation list'")
    return found


def list_allocations(
    ledger: Ledger,
    *,
    person: str | None = None,
    project: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[dict[str, Any]]:
    today = ledger.today()
    start = parse_date(date_from, today) if date_from else None
    end = parse_date(date_to, today) if date_to else None
    if start and end and end < start:
        raise InvalidInput(f"--to {end} is before --from {start}: swap them")
    return store.list_allocations(
        ledger.conn,
        person_id=resolve.person(ledger, person).id if person else None,
        project_id=resolve.project(ledger, project, allow_archived=True).id if project else None,
        day_from=start.isoformat() if start else None,
        day_to=end.isoformat() if end else None,
    )


@dataclass
class AllocationEdit:
    person: str | None = None
    project: str | None = None
    hours_per_week: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    note: str | None = None


def edit(ledger: Ledger, allocation_id: int, change: AllocationEdit) -> AllocationResult:
    current = get(ledger, allocation_id)
    today = ledger.today()
    values: dict[str, Any] = {}
    if change.person is not None:
        values["person_id"] = _active_person(ledger, change.person).id
    if change.project is not None:
        values["project_id"] = resolve.project(ledger, change.project).id
    if change.hours_per_week is not None:
        values["seconds_per_week"] = parse_hours_per_week(change.hours_per_week)
    start = parse_date(change.date_from, today) if change.date_from else None
    end = parse_date(change.date_to, today) if change.date_to else None
    if change.note is not None:
        values["note"] = check_text(change.note, "note", 500)
    if not values and start is None and end is None:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    start_day, end_day = _range(
        start or date.fromisoformat(current["start_day"]),
        end or date.fromisoformat(current["end_day"]),
    )
    values.update(start_day=start_day, end_day=end_day)
    merged = {**current, **values}
    with ledger.write() as conn:
        _refuse_duplicate(conn, merged, exclude=allocation_id)
        store.update_allocation(conn, allocation_id, values)
    found = get(ledger, allocation_id)
    warnings = _overbooking(ledger, found["person_id"], found["start_day"], found["end_day"])
    return AllocationResult(found, warnings)


def remove(ledger: Ledger, allocation_id: int) -> dict[str, Any]:
    current = get(ledger, allocation_id)
    with ledger.write() as conn:
        store.delete_allocation(conn, allocation_id, to_json(current))
    return current
