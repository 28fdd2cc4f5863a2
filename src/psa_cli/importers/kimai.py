"""Kimai timesheet CSV export: `Date,From,To,Duration,Rate,User,Customer,Project,Activity,
Description,Exported,Tags,...` (English or German headers). `From`/`To` are local clock
times on `Date` (a `To` earlier than `From` is the next day) or full date-times; without
them `Duration` (HH:MM[:SS] or decimal hours) is logged on the day. The activity is the task."""

from __future__ import annotations

from pathlib import Path

from psa_cli.importers.csv_source import Header, clocked, read_csv
from psa_cli.importers.fields import parse_bool, parse_day, parse_hours, split_tags
from psa_cli.importers.records import Parsed, ReadOptions, RowError, SourceRow, content_key

ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("datum",),
    "from": ("begin", "start", "von", "beginn"),
    "to": ("end", "bis", "ende"),
    "duration": ("dauer",),
    "user": ("username", "benutzer", "name"),
    "customer": ("client", "kunde"),
    "project": ("projekt",),
    "activity": ("tätigkeit", "aktivität", "task"),
    "description": ("beschreibung",),
    "billable": ("abrechenbar",),
    "tags": ("schlagworte", "tag"),
}
REQUIRED = ("date", "project")


def _row(h: Header, cells: list[str], opts: ReadOptions) -> SourceRow:
    person, project = h.get(cells, "user"), h.get(cells, "project")
    task, note = h.get(cells, "activity"), h.get(cells, "description")
    row = SourceRow(
        where="", key="", project=project, client=h.get(cells, "customer"), task=task,
        person=person, note=note, billable=parse_bool(h.get(cells, "billable")),
        tags=split_tags(h.get(cells, "tags")),
    )  # fmt: skip
    if h.get(cells, "from"):
        row.start, row.end = clocked(h, cells, opts, ("date", "from"), ("", "to"), ("duration",))
        when = f"{row.start.isoformat()}/{row.end.isoformat()}"
    else:
        duration = h.get(cells, "duration")
        if not duration:
            raise RowError("no 'From' time and no 'Duration': give one of them")
        row.day = parse_day(h.get(cells, "date"), day_first=opts.day_first)
        row.seconds = parse_hours(duration)
        when = f"{row.day.isoformat()}/{row.seconds}"
    row.key = content_key(person, when, row.client, project, task, note)
    return row


def read(path: Path, opts: ReadOptions) -> Parsed:
    return read_csv(path, opts, aliases=ALIASES, required=REQUIRED, tool="Kimai", build=_row)
