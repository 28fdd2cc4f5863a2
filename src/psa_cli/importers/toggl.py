"""Toggl Track detailed CSV: `User,Email,Client,Project,Task,Description,Billable,Start date,
Start time,End date,End time,Duration,Tags,Amount (USD)`; newer exports reorder the columns
and say `Stop date`/`Stop time`. Times are the exporting user's local wall clock."""

from __future__ import annotations

from pathlib import Path

from psa_cli.importers.csv_source import Header, read_csv, tracker_row
from psa_cli.importers.records import Parsed, ReadOptions, SourceRow

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
    return tracker_row(h, cells, opts, ("duration",))


def read(path: Path, opts: ReadOptions) -> Parsed:
    return read_csv(path, opts, aliases=ALIASES, required=REQUIRED, tool="Toggl", build=_row)
