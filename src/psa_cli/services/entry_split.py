"""Cut one time entry in two (the TUI's timesheet 'split'), in one transaction."""

from __future__ import annotations

from datetime import timedelta

from psa_cli.domain.dates import iso_utc, parse_iso_utc
from psa_cli.domain.durations import format_duration, parse_duration
from psa_cli.domain.errors import InvalidInput, NotFound, Refused
from psa_cli.domain.models import Entry
from psa_cli.services.entries import _locked_check, get_entry
from psa_cli.services.ledger import Ledger
from psa_cli.store import entries as store


def split_entry(ledger: Ledger, entry_id: int, first: str) -> tuple[Entry, Entry]:
    """Keep `first` (a duration: 1h30m, 90m, 1:30) on the entry and move the rest to a new
    entry with the same project, task, note, tags, billability and rate. A clocked entry is
    cut at its start + `first`."""
    seconds = parse_duration(first)
    current = get_entry(ledger, entry_id)
    if current.running:
        raise Refused(f"entry {entry_id} is a running timer: stop it before splitting")
    if not 0 < seconds < current.seconds:
        raise InvalidInput(
            f"the first part must be shorter than the entry's "
            f"{format_duration(current.seconds)}: give e.g. {format_duration(current.seconds // 2)}"
        )
    with ledger.write() as conn:
        refs = store.entry_refs(conn, entry_id)  # re-checked under the write lock
        if refs is None:
            raise NotFound(f"entry {entry_id} was deleted meanwhile")
        _locked_check(refs, "split")
        keep: dict[str, object] = {"seconds": seconds}
        rest: dict[str, object] = {
            "person_id": refs["person_id"],
            "project_id": refs["project_id"],
            "task_id": refs["task_id"],
            "note": current.note,
            "billable": int(current.billable),
            "rate_minor": current.rate_minor,
            "day": current.day,
            "seconds": current.seconds - seconds,
        }
        if current.started_at and current.ended_at:
            cut = iso_utc(parse_iso_utc(current.started_at) + timedelta(seconds=seconds))
            keep["ended_at"] = cut
            rest.update(started_at=cut, ended_at=current.ended_at)
        store.update_entry(conn, entry_id, keep)
        new_id = store.insert_entry(conn, rest, current.tags)
    return get_entry(ledger, entry_id), get_entry(ledger, new_id)
