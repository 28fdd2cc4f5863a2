"""Harvest detailed time CSV: `Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,
Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,...`. No clock
times: each row becomes a duration on its day. Older exports have `Department` and no
`Hours Rounded`; `Hours` (not the rounded figure) is what was worked."""

from __future__ import annotations

from pathlib import Path

from psa_cli.importers.csv_source import Header, read_csv
from psa_cli.importers.fields import parse_bool, parse_day, parse_hours
from psa_cli.importers.records import Parsed, ReadOptions, RowError, SourceRow, content_key

ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("spent date", "day"),
    "client": (),
    "project": (),
    "project code": (),
    "task": (),
    "notes": ("note",),
    "hours": (),
    "billable?": ("billable",),
    "first name": (),
    "last name": (),
}
REQUIRED = ("date", "project", "hours")


def _row(h: Header, cells: list[str], opts: ReadOptions) -> SourceRow:
    day = parse_day(h.get(cells, "date"), day_first=opts.day_first)
    hours = h.get(cells, "hours")
    if not hours:
        raise RowError("the 'Hours' column is empty: give the hours worked, e.g. 1.5")
    seconds = parse_hours(hours)
    person = " ".join(p for p in (h.get(cells, "first name"), h.get(cells, "last name")) if p)
    project, task, note = h.get(cells, "project"), h.get(cells, "task"), h.get(cells, "notes")
    client = h.get(cells, "client")
    return SourceRow(
        where="",
        key=content_key(person, day.isoformat(), client, project, task, note, seconds),
        project=project,
        client=client,
        task=task,
        person=person,
        note=note,
        day=day,
        seconds=seconds,
        billable=parse_bool(h.get(cells, "billable?")),
    )


def read(path: Path, opts: ReadOptions) -> Parsed:
    return read_csv(path, opts, aliases=ALIASES, required=REQUIRED, tool="Harvest", build=_row)
