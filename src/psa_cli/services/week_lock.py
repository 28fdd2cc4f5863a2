"""Approved timesheet weeks lock their time entries, like an issued invoice does.

Called inside the write transaction of every command that creates, edits or deletes
time (log, start, stop, entry edit/delete), so a week approved meanwhile is seen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from psa_cli.domain.errors import Locked
from psa_cli.store.timesheets import approved_week, first_new_in_approved_week

if TYPE_CHECKING:
    from psa_cli.store.db import Connection


def check_open(conn: Connection, person_id: int, day: str, action: str) -> None:
    """Refuse `action` on a day of an approved week, naming the week and how to reopen."""
    week = approved_week(conn, person_id, day)
    if week is None:
        return
    row = conn.execute("SELECT name FROM people WHERE id = ?", (person_id,)).fetchone()
    raise locked(day, row[0] if row else "?", week, action)


def locked(day: str, name: str, week: str, action: str) -> Locked:
    """The refusal: the day, whose week, and the command that reopens it."""
    quoted = f'"{name}"' if " " in name else name
    return Locked(
        f"{day} is in {name}'s approved timesheet {week}: time there cannot be {action}; "
        f"reopen it with 'psa timesheet reopen {quoted} --week {week}'"
    )


def check_imported(conn: Connection, after_id: int) -> None:
    """Refuse an import that put time into an approved week (the caller's transaction
    rolls back, so nothing is imported)."""
    found = first_new_in_approved_week(conn, after_id)
    if found is not None:
        day, name, week = found
        raise locked(day, name, week, "imported (nothing was imported)")
