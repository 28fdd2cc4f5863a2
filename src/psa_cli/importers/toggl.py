"""Toggl Track detailed CSV: `User,Email,Client,Project,Task,Description,Billable,Start date,
Start time,End date,End time,Duration,Tags,Amount (USD)`; newer exports reorder the columns
and say `Stop date`/`Stop time`. Times are the exporting user's local wall clock."""

from __future__ import annotations

from pathlib import Path

from psa_cli.importers.csv_source import Header, clocked, read_csv
from psa_cli.importers.fields import parse_bool, split_tags
from psa_cli.importers.records import Parsed, ReadOptions, SourceRow, content_key

ALIASES: dict[str, tuple[str, ...]] = {
    "user": ("member", "username"),
    "email": ("e-mail",),
    "client": (),
    "project": (),
    "task": (),
    "description": ("title",),
    "billable": (),
    "start date": (),
    "start time": (),
    "end date": ("stop date",),
    "end time": ("stop time",),
    "duration": (),
    "tags": ("tag",),
}
REQUIRED = ("project", "start date", "start time")


def _row(h: Header, cells: list[str], opts: ReadOptions) -> SourceRow:
    start, end = clocked(h, cells, opts, ("start date", "start time"),
                         ("end date", "end time"), ("duration",))  # fmt: skip
    person, email = h.get(cells, "user"), h.get(cells, "email")
    project, task, note = h.get(cells, "project"), h.get(cells, "task"), h.get(cells, "description")
    return SourceRow(
        where="",
        key=content_key(email or person, start.isoformat(), end.isoformat(), project, task, note),
        project=project,
        client=h.get(cells, "client"),
        task=task,
        person=person,
        email=email,
        note=note,
        start=start,
        end=end,
        billable=parse_bool(h.get(cells, "billable")),
        tags=split_tags(h.get(cells, "tags")),
    )


def read(path: Path, opts: ReadOptions) -> Parsed:
    return read_csv(path, opts, aliases=ALIASES, required=REQUIRED, tool="Toggl", build=_row)
