"""The hot path: start, stop, status, cancel, resume, log.

Each command opens the ledger, makes one write transaction and returns what
happened, including warnings (an overlap, a timer stopped by a new start).
Imports stay light: no rich, no textual here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from psa_cli.domain.dates import (
    iso_utc,
    local_day,
    parse_date,
    parse_iso_utc,
    parse_moment,
    split_by_local_day,
    to_utc,
)
from psa_cli.domain.durations import DAY, format_duration, parse_duration
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.domain.matching import check_tag, check_text
from psa_cli.domain.models import Entry
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.services.people import ensure_me
from psa_cli.services.week_lock import check_open
from psa_cli.store import entries as store

_FUTURE_SLACK = timedelta(minutes=1)


@dataclass
class TimerResult:
    """What a timer verb did: the entry it started or resumed, and the entries it stopped."""

    entry: Entry | None = None
    stopped: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Status:
    """The running timer (if any), its elapsed seconds, and today's tracked seconds."""

    running: Entry | None
    elapsed_seconds: int
    today_seconds: int
    today: str


def _person_id(ledger: Ledger, person: str | None) -> int:
    return ensure_me(ledger) if person is None else resolve.person(ledger, person).id


def _tags(tags: list[str] | None) -> list[str]:
    return sorted({check_tag(t) for t in tags or []}, key=str.lower)


def _moment(ledger: Ledger, text: str | None, now: datetime) -> datetime:
    if not text:
        return now
    moment = parse_moment(text, now, ledger.tz)
    if moment > now + _FUTURE_SLACK:
        raise InvalidInput(f"--at {text} is in the future: give a time up to now")
    return moment


def _overlap_warnings(
    ledger: Ledger, person_id: int, start: datetime, end: datetime, exclude: set[int]
) -> list[str]:
    hits = store.overlapping(
        ledger.conn, person_id, iso_utc(start), iso_utc(end), iso_utc(start - timedelta(days=1))
    )
    return [
        f"overlaps entry {e.id} ({e.project_code}, {_clock(ledger, e.started_at)}–"
        f"{_clock(ledger, e.ended_at) if e.ended_at else 'running'})"
        for e in hits
        if e.id not in exclude
    ]


def moment_on(ledger: Ledger, day: str, text: str) -> datetime:
    """`09:00` on `day`, unless the text names its own day (`yesterday 9:00`)."""
    if " " in text.strip() and not text.strip().lower().endswith(("am", "pm")):
        return parse_moment(text, ledger.now(), ledger.tz)
    return parse_moment(f"{day} {text}", ledger.now(), ledger.tz)


def _clock(ledger: Ledger, iso: str | None) -> str:
    if iso is None:
        return "?"
    return parse_iso_utc(iso).astimezone(ledger.tz).strftime("%H:%M")


def _stop_running(ledger: Ledger, person_id: int, end: datetime) -> list[Entry]:
    """Close the person's running timer at `end`, cut at local midnights."""
    conn = ledger.conn
    running = store.running_entry(conn, person_id)
    if running is None:
        return []
    assert running.started_at is not None
    start = parse_iso_utc(running.started_at)
    if end < start:
        raise Refused(
            f"the running timer started at {_clock(ledger, running.started_at)}, "
            f"after the stop time {end.astimezone(ledger.tz):%H:%M}: give a later --at"
        )
    pieces = list(split_by_local_day(start, end, ledger.tz)) or [
        (local_day(start, ledger.tz), start, end)
    ]
    for day, _, _ in pieces:
        check_open(conn, person_id, day.isoformat(), "logged")
    ids = []
    for index, (day, piece_start, piece_end) in enumerate(pieces):
        values = {
            "day": day.isoformat(),
            "started_at": iso_utc(piece_start),
            "ended_at": iso_utc(piece_end),
            "seconds": int((piece_end - piece_start).total_seconds()),
        }
        if index == 0:
            store.update_entry(conn, running.id, values)
            ids.append(running.id)
        else:
            refs = store.entry_refs(conn, running.id)
            assert refs is not None
            values.update(
                person_id=person_id,
                project_id=refs["project_id"],
                task_id=refs["task_id"],
                note=running.note,
                billable=int(running.billable),
                rate_minor=running.rate_minor,
            )
            ids.append(store.insert_entry(conn, values, running.tags))
    return [e for e in (store.entry_by_id(conn, i) for i in ids) if e is not None]


def start(
    ledger: Ledger,
    project: str,
    note: str = "",
    *,
    task: str | None = None,
    tags: list[str] | None = None,
    at: str | None = None,
    billable: bool | None = None,
    person: str | None = None,
) -> TimerResult:
    proj = resolve.project(ledger, project)
    task_row = resolve.task(ledger, proj, task) if task else None
    note = check_text(note, "note", 1000)
    tag_list = _tags(tags)
    person_id = _person_id(ledger, person)
    now = ledger.now()
    begin = _moment(ledger, at, now)
    is_billable = proj.billing != "non-billable" if billable is None else billable
    result = TimerResult()
    with ledger.write() as conn:
        check_open(conn, person_id, local_day(begin, ledger.tz).isoformat(), "logged")
        result.stopped = _stop_running(ledger, person_id, begin)
        for piece in result.stopped:
            result.warnings.append(
                f"stopped {piece.project_code} after {format_duration(piece.seconds)}"
            )
        if begin < now:
            result.warnings += _overlap_warnings(ledger, person_id, begin, now, set())
        entry_id = store.insert_entry(
            conn,
            {
                "person_id": person_id,
                "project_id": proj.id,
                "task_id": task_row.id if task_row else None,
                "note": note,
                "day": local_day(begin, ledger.tz).isoformat(),
                "started_at": iso_utc(begin),
                "ended_at": None,
                "seconds": 0,
                "billable": int(is_billable),
            },
            tag_list,
        )
    result.entry = store.entry_by_id(ledger.conn, entry_id)
    return result


def stop(ledger: Ledger, *, at: str | None = None, person: str | None = None) -> TimerResult:
    person_id = _person_id(ledger, person)
    now = ledger.now()
    end = _moment(ledger, at, now)
    result = TimerResult()
    with ledger.write():
        running_id = store.running_id(ledger.conn, person_id)
        if running_id is None:
            raise Refused("no timer is running: start one with 'psa start PROJECT'")
        result.stopped = _stop_running(ledger, person_id, end)
        first = result.stopped[0]
        assert first.started_at is not None
        own = {e.id for e in result.stopped}
        result.warnings += _overlap_warnings(
            ledger, person_id, parse_iso_utc(first.started_at), end, own
        )
    if len(result.stopped) > 1:
        result.warnings.append(f"crossed midnight: split into {len(result.stopped)} entries")
    result.entry = result.stopped[0]
    return result


def status(ledger: Ledger, *, person: str | None = None) -> Status:
    person_id = _person_id(ledger, person)
    now = ledger.now()
    today = local_day(now, ledger.tz).isoformat()
    running = store.running_entry(ledger.conn, person_id)
    elapsed = 0
    if running and running.started_at:
        elapsed = max(0, int((now - parse_iso_utc(running.started_at)).total_seconds()))
    total = store.day_seconds(ledger.conn, person_id, today)
    if running and running.started_at:
        midnight = to_utc(
            datetime.combine(local_day(now, ledger.tz), datetime.min.time()), ledger.tz
        )
        total += int((now - max(midnight, parse_iso_utc(running.started_at))).total_seconds())
    return Status(running, elapsed, total, today)


def cancel(ledger: Ledger, *, person: str | None = None) -> Entry:
    person_id = _person_id(ledger, person)
    with ledger.write() as conn:
        running = store.running_entry(conn, person_id)
        if running is None:
            raise Refused("no timer is running: nothing to cancel")
        store.delete_entry(conn, running.id, running.to_json())
    return running


def resume(ledger: Ledger, *, at: str | None = None, person: str | None = None) -> TimerResult:
    person_id = _person_id(ledger, person)
    last = store.last_entry(ledger.conn, person_id)
    if last is None:
        raise Refused("nothing to resume: start a timer with 'psa start PROJECT'")
    previous = store.entry_by_id(ledger.conn, last["id"])
    assert previous is not None
    if previous.running:
        raise Refused(f"{previous.project_code} is already running: stop it with 'psa stop'")
    return start(
        ledger,
        previous.project_code,
        previous.note,
        task=previous.task,
        tags=previous.tags,
        at=at,
        billable=previous.billable,
        person=person,
    )


def log(
    ledger: Ledger,
    duration: str,
    project: str,
    note: str = "",
    *,
    date: str | None = None,
    at: str | None = None,
    task: str | None = None,
    tags: list[str] | None = None,
    billable: bool | None = None,
    person: str | None = None,
) -> TimerResult:
    """Record time after the fact: a duration on a day, optionally from a clock time."""
    seconds = parse_duration(duration)
    proj = resolve.project(ledger, project)
    task_row = resolve.task(ledger, proj, task) if task else None
    note = check_text(note, "note", 1000)
    tag_list = _tags(tags)
    day = parse_date(date, ledger.today()) if date else ledger.today()
    person_id = _person_id(ledger, person)
    is_billable = proj.billing != "non-billable" if billable is None else billable
    base = {
        "person_id": person_id,
        "project_id": proj.id,
        "task_id": task_row.id if task_row else None,
        "note": note,
        "billable": int(is_billable),
    }
    result = TimerResult()
    with ledger.write() as conn:
        pieces: list[dict[str, object]] = []
        if at:
            begin = moment_on(ledger, day.isoformat(), at)
            end = begin + timedelta(seconds=seconds)
            result.warnings += _overlap_warnings(ledger, person_id, begin, end, set())
            for piece_day, piece_start, piece_end in split_by_local_day(begin, end, ledger.tz):
                pieces.append(
                    {
                        "day": piece_day.isoformat(),
                        "started_at": iso_utc(piece_start),
                        "ended_at": iso_utc(piece_end),
                        "seconds": int((piece_end - piece_start).total_seconds()),
                    }
                )
        else:
            pieces.append({"day": day.isoformat(), "seconds": seconds})
        ids = []
        for piece in pieces:
            check_open(conn, person_id, str(piece["day"]), "logged")
            already = store.day_seconds(conn, person_id, str(piece["day"]))
            total = already + int(str(piece["seconds"]))
            if total > DAY:
                raise Refused(
                    f"{piece['day']} would hold {format_duration(total)} of time (already "
                    f"{format_duration(already)}): a day has 24h; check the date"
                )
            ids.append(store.insert_entry(conn, {**base, **piece}, tag_list))
    logged = [e for e in (store.entry_by_id(ledger.conn, i) for i in ids) if e is not None]
    result.entry = logged[0]
    result.stopped = logged[1:]
    if len(logged) > 1:
        result.warnings.append(f"crossed midnight: split into {len(logged)} entries")
    return result
