"""Timesheet approval: a person submits an ISO week, someone approves or rejects it.

States: open (no row, or reopened) -> submitted -> approved | rejected; rejected and
open weeks can be submitted again; `reopen` brings any week back to open. An approved
week locks its entries (`services.week_lock`), and `invoice.approved_only = true` keeps
drafts to approved time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from psa_cli.domain import weeks
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.domain.matching import check_text
from psa_cli.domain.models import Person
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import rows
from psa_cli.store import timesheets as store

STATES = ("open", "submitted", "approved", "rejected")


def _quoted(person: Person) -> str:
    return f'"{person.name}"' if " " in person.name else person.name


def _week(ledger: Ledger, text: str | None) -> tuple[date, str]:
    monday = weeks.parse_week(text, ledger.today())
    return monday, weeks.label(monday)


def _record(ledger: Ledger, person: Person, monday: date) -> dict[str, Any]:
    found = store.sheet(ledger.conn, person.id, monday.isoformat())
    totals = store.week_totals(
        ledger.conn, monday.isoformat(), (monday + timedelta(days=6)).isoformat(), person.id
    ).get(person.id, {"seconds": 0, "entries": 0, "running": 0})
    return {
        "person": person.name,
        "week": weeks.label(monday),
        "week_start": monday.isoformat(),
        "state": found["status"] if found else "open",
        "logged_seconds": totals["seconds"],
        "entries": totals["entries"],
        "reason": found["reason"] if found else "",
        "submitted_at": found["submitted_at"] if found else None,
        "decided_at": found["decided_at"] if found else None,
    }


def _set_state(ledger: Ledger, person: Person, monday: date, state: str, **extra: Any) -> None:
    """Insert or update the (person, week) row, inside the caller's transaction."""
    conn = ledger.conn
    found = store.sheet(conn, person.id, monday.isoformat())
    values = {"status": state, **extra}
    if found is None:
        store.insert_sheet(conn, {
            "person_id": person.id, "week": weeks.label(monday),
            "week_start": monday.isoformat(),
            "week_end": (monday + timedelta(days=6)).isoformat(), **values,
        })  # fmt: skip
    else:
        store.update_sheet(conn, found["id"], values)


def _current(ledger: Ledger, person: Person, monday: date) -> str:
    found = store.sheet(ledger.conn, person.id, monday.isoformat())
    return str(found["status"]) if found else "open"


def submit(ledger: Ledger, *, week: str | None = None, person: str | None = None) -> dict[str, Any]:
    who = resolve.person(ledger, person)
    monday, label = _week(ledger, week)
    if monday > weeks.monday(ledger.today()):
        raise Refused(f"{label} has not started yet: submit it once the week has begun")
    with ledger.write():
        state = _current(ledger, who, monday)
        if state == "approved":
            raise Refused(
                f"{who.name}'s {label} is already approved: reopen it first with "
                f"'psa timesheet reopen {_quoted(who)} --week {label}'"
            )
        if state == "submitted":
            raise Refused(
                f"{who.name}'s {label} is already submitted: approve it with "
                f"'psa timesheet approve {_quoted(who)} --week {label}'"
            )
        _set_state(ledger, who, monday, "submitted", reason="", submitted_at=rows.now_iso(),
                   decided_at=None)  # fmt: skip
    return _record(ledger, who, monday)


def _decide(
    ledger: Ledger, person: str, week: str | None, state: str, reason: str
) -> dict[str, Any]:
    who = resolve.person(ledger, person)
    if week is None:
        raise InvalidInput(f"say which week to {state[:-1] if state.endswith('ed') else state}: "
                           "--week 2026-W48, this or last")  # fmt: skip
    monday, label = _week(ledger, week)
    with ledger.write():
        current = _current(ledger, who, monday)
        if current != "submitted":
            raise Refused(
                f"{who.name}'s {label} is {current}, not submitted: "
                + (
                    f"reopen it with 'psa timesheet reopen {_quoted(who)} --week {label}'"
                    if current == "approved"
                    else f"submit it first with 'psa timesheet submit --person {_quoted(who)} "
                    f"--week {label}'"
                )
            )
        if state == "approved":
            totals = store.week_totals(
                ledger.conn, monday.isoformat(), (monday + timedelta(days=6)).isoformat(), who.id
            ).get(who.id)
            if totals and totals["running"]:
                raise Refused(
                    f"{who.name} has a timer running in {label}: stop it with 'psa stop' "
                    "before approving"
                )
        _set_state(ledger, who, monday, state, reason=reason, decided_at=rows.now_iso())
    return _record(ledger, who, monday)


def approve(ledger: Ledger, person: str, *, week: str | None) -> dict[str, Any]:
    return _decide(ledger, person, week, "approved", "")


def reject(ledger: Ledger, person: str, *, week: str | None, reason: str) -> dict[str, Any]:
    text = check_text(reason, "--reason", 500, required=True)
    return _decide(ledger, person, week, "rejected", text)


def reopen(ledger: Ledger, person: str, *, week: str | None) -> dict[str, Any]:
    who = resolve.person(ledger, person)
    if week is None:
        raise InvalidInput("say which week to reopen: --week 2026-W48, this or last")
    monday, label = _week(ledger, week)
    with ledger.write():
        if _current(ledger, who, monday) == "open":
            raise Refused(f"{who.name}'s {label} is already open: nothing to reopen")
        _set_state(ledger, who, monday, "open", reason="", decided_at=None, submitted_at=None)
    return _record(ledger, who, monday)


def status(
    ledger: Ledger, *, week: str | None = None, person: str | None = None,
    state: str | None = None, all_weeks: bool = False,
) -> list[dict[str, Any]]:  # fmt: skip
    """Person-weeks with their state: every active person for one week (default this
    week; `open` when nothing was submitted), or with `all_weeks` every week on record."""
    if state is not None and state.strip().lower() not in STATES:
        raise InvalidInput(f"invalid state '{state}': use {', '.join(STATES)}")
    who = resolve.person(ledger, person) if person else None
    if all_weeks:
        if week is not None:
            raise InvalidInput("give --week or --all, not both")
        people = {p.id: p for p in [who] if p} or None
        out = []
        for row in store.sheets(ledger.conn, person_id=who.id if who else None):
            owner = people[row["person_id"]] if people else resolve.person(ledger, row["person"])
            out.append(_record(ledger, owner, date.fromisoformat(row["week_start"])))
    else:
        monday, _ = _week(ledger, week)
        from psa_cli.store import parties

        everyone = [who] if who else parties.list_people(ledger.conn)
        out = [_record(ledger, p, monday) for p in everyone]
    if state is not None:
        out = [r for r in out if r["state"] == state.strip().lower()]
    return out
