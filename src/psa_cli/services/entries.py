"""Listing, editing and deleting time entries (locked ones are refused)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from psa_cli.domain import money
from psa_cli.domain.dates import iso_utc, local_day, parse_date, parse_iso_utc, parse_moment
from psa_cli.domain.durations import DAY, parse_duration
from psa_cli.domain.errors import InvalidInput, Locked, NotFound, Refused
from psa_cli.domain.matching import check_tag, check_text
from psa_cli.domain.models import Entry
from psa_cli.domain.periods import resolve_range
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.services.timer import moment_on
from psa_cli.services.week_lock import check_open, locked
from psa_cli.store import entries as store


@dataclass
class EntryFilter:
    date_from: str | None = None
    date_to: str | None = None
    period: str | None = None
    clients: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    billable: bool | None = None
    unbilled: bool = False
    limit: int | None = None


def build_query(ledger: Ledger, f: EntryFilter) -> store.EntryQuery:
    start, end = resolve_range(
        ledger.today(), f.date_from, f.date_to, f.period, ledger.config.week_start
    )
    q = store.EntryQuery(
        date_from=start.isoformat() if start else None,
        date_to=end.isoformat() if end else None,
        billable=f.billable,
        unbilled=f.unbilled,
        limit=f.limit,
        tags=[check_tag(t) for t in f.tags],
    )
    q.client_ids = [resolve.client(ledger, c).id for c in f.clients]
    found_projects = [resolve.project(ledger, p, allow_archived=True) for p in f.projects]
    q.project_ids = [p.id for p in found_projects]
    for name in f.tasks:
        if not found_projects:
            raise InvalidInput("--task needs --project to know which project's task you mean")
        matches = []
        for proj in found_projects:
            try:
                matches.append(resolve.task(ledger, proj, name).id)
            except NotFound:
                continue
        if not matches:
            raise NotFound(f"no task '{name}' in {', '.join(p.code for p in found_projects)}")
        q.task_ids += matches
    q.person_ids = [resolve.person(ledger, p).id for p in f.people]
    if f.limit is not None and f.limit < 1:
        raise InvalidInput("--limit must be at least 1")
    return q


@dataclass
class EntryList:
    entries: list[Entry]
    totals: dict[str, int]


def list_entries(ledger: Ledger, f: EntryFilter) -> EntryList:
    q = build_query(ledger, f)
    with ledger.read() as conn:
        rows = [store.entry_from_row(row) for row in _oldest_first(conn, q)]
        totals = store.totals(conn, q)
    return EntryList(rows, totals)


def stream_entries(ledger: Ledger, f: EntryFilter) -> Iterator[Entry]:
    """The entries `list_entries` returns, oldest first, one at a time (JSON/CSV of any
    size in constant memory)."""
    for row in stream_entry_rows(ledger, f):
        yield store.entry_from_row(row)


def stream_entry_rows(ledger: Ledger, f: EntryFilter) -> Iterator[tuple[Any, ...]]:
    """The same entries as rows (`store.entries.entry_from_row`), for writers that format
    them directly; --limit N keeps the most recent N, still oldest first."""
    q = build_query(ledger, f)
    with ledger.read() as conn:  # one snapshot even if a writer commits meanwhile
        yield from _oldest_first(conn, q)


def _oldest_first(conn: Any, q: store.EntryQuery) -> Iterator[tuple[Any, ...]]:
    """The rows `q` selects, oldest first; --limit N keeps the most recent N (read newest
    first, then turned round: N rows at most)."""
    q.newest_first = q.limit is not None
    rows = store.query_entry_rows(conn, q)
    return reversed(list(rows)) if q.newest_first else rows


def _locked_check(refs: dict[str, Any], action: str) -> None:
    if refs["invoice_id"] is not None and refs["invoice_status"] == "issued":
        raise Locked(
            f"entry {refs['id']} is billed on invoice {refs['invoice_number']}: it cannot be "
            f"{action}; void the invoice or issue a credit note first"
        )
    if refs.get("approved_week"):  # an approved timesheet week locks its entries too
        raise locked(refs["day"], refs["person_name"], refs["approved_week"], action)


def get_entry(ledger: Ledger, entry_id: int) -> Entry:
    found = store.entry_by_id(ledger.conn, entry_id)
    if found is None:
        raise NotFound(f"no entry with id {entry_id}: see 'psa entries'")
    return found


@dataclass
class EntryEdit:
    project: str | None = None
    task: str | None = None
    note: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    duration: str | None = None
    tags: list[str] | None = None
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    billable: bool | None = None
    rate: str | None = None
    person: str | None = None


def edit_entry(ledger: Ledger, entry_id: int, edit: EntryEdit) -> Entry:
    conn = ledger.conn
    current = get_entry(ledger, entry_id)
    refs = store.entry_refs(conn, entry_id)
    assert refs is not None
    _locked_check(refs, "edited")
    values: dict[str, Any] = {}
    currency = current.currency
    if edit.project is not None:
        proj = resolve.project(ledger, edit.project)
        currency = proj.currency
        values["project_id"] = proj.id
        if edit.task is None and refs["task_id"] is not None:
            values["task_id"] = None  # the old task belongs to the old project
    if edit.task is not None:
        if edit.task == "":
            values["task_id"] = None
        else:
            proj = resolve.project(
                ledger, edit.project or current.project_code, allow_archived=True
            )
            values["task_id"] = resolve.task(ledger, proj, edit.task).id
    if edit.note is not None:
        values["note"] = check_text(edit.note, "note", 1000)
    if edit.billable is not None:
        values["billable"] = int(edit.billable)
    if edit.rate is not None:
        values["rate_minor"] = money.parse_rate(edit.rate, currency) if edit.rate else None
    if edit.person is not None:
        values["person_id"] = resolve.person(ledger, edit.person).id
    values.update(_time_values(ledger, current, edit))
    tags = None
    if edit.tags is not None or edit.add_tags or edit.remove_tags:
        base = set(current.tags if edit.tags is None else [check_tag(t) for t in edit.tags])
        base |= {check_tag(t) for t in edit.add_tags}
        base -= {check_tag(t) for t in edit.remove_tags}
        tags = sorted(base, key=str.lower)
    if not values and tags is None:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    with ledger.write() as conn:
        refs = store.entry_refs(conn, entry_id)  # re-check under the write lock
        if refs is None:
            raise NotFound(f"entry {entry_id} was deleted meanwhile")
        _locked_check(refs, "edited")
        check_open(
            conn,
            values.get("person_id", refs["person_id"]),
            values.get("day", current.day),
            "logged",
        )
        store.update_entry(conn, entry_id, values)
        if tags is not None:
            store.set_tags(conn, entry_id, tags)
    return get_entry(ledger, entry_id)


def _time_values(ledger: Ledger, current: Entry, edit: EntryEdit) -> dict[str, Any]:
    """New day/start/end/seconds from --date/--start/--end/--duration."""
    if not any((edit.date, edit.start, edit.end, edit.duration)):
        return {}
    if current.running and (edit.end or edit.duration):
        raise Refused(f"entry {current.id} is a running timer: stop it with 'psa stop --at'")
    day = parse_date(edit.date, ledger.today()) if edit.date else None
    clocked = current.started_at is not None or edit.start is not None
    if not clocked:
        if edit.end:
            raise InvalidInput("--end needs --start on an entry logged without clock times")
        values: dict[str, Any] = {}
        if day:
            values["day"] = day.isoformat()
        if edit.duration:
            values["seconds"] = parse_duration(edit.duration)
        return values
    old_start = parse_iso_utc(current.started_at) if current.started_at else None
    base_day = day or datetime.fromisoformat(current.day).date()
    now = ledger.now()
    if edit.start:
        start = moment_on(ledger, base_day.isoformat(), edit.start)
    else:
        assert old_start is not None
        local = old_start.astimezone(ledger.tz)
        start = parse_moment(f"{base_day.isoformat()} {local:%H:%M:%S}", now, ledger.tz)
    values = {"day": local_day(start, ledger.tz).isoformat(), "started_at": iso_utc(start)}
    if current.running:
        if start > now:
            raise InvalidInput("the timer cannot start in the future")
        return values
    if edit.end:
        end = moment_on(ledger, base_day.isoformat(), edit.end)
    elif edit.duration:
        end = start + timedelta(seconds=parse_duration(edit.duration))
    else:
        end = start + timedelta(seconds=current.seconds)
    if end < start:
        raise InvalidInput(
            "the end is before the start: check --start/--end (an entry cannot cross "
            "midnight; log the part after 24:00 separately)"
        )
    if (
        local_day(end - timedelta(seconds=1), ledger.tz) != local_day(start, ledger.tz)
        and end > start
    ):
        raise InvalidInput(
            "an entry cannot cross midnight: edit it to end by 24:00 and log the rest separately"
        )
    seconds = int((end - start).total_seconds())
    if seconds > DAY:
        raise InvalidInput("an entry lasts at most 24h")
    values.update(ended_at=iso_utc(end), seconds=seconds)
    return values


def delete_entry(ledger: Ledger, entry_id: int) -> Entry:
    current = get_entry(ledger, entry_id)
    with ledger.write() as conn:
        refs = store.entry_refs(conn, entry_id)
        if refs is None:
            raise NotFound(f"no entry with id {entry_id}: see 'psa entries'")
        _locked_check(refs, "deleted")
        store.delete_entry(conn, entry_id, current.to_json())
    return current
