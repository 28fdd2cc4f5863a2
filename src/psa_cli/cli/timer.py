"""Time tracking verbs at the top level, like Watson: start stop status cancel resume log.

Their Typer declarations (arguments, options, help); what they do is `cli.timer_verbs`,
which `cli.quick` also calls without Typer for the common command lines.
"""

from __future__ import annotations

from typing import Annotated

import typer

from psa_cli.cli import timer_verbs as verbs
from psa_cli.cli.options import AtOpt, DateOpt, FormatOpt, PersonOpt, TagsOpt, TaskOpt

ProjectArg = Annotated[str, typer.Argument(help="Project code, or CLIENT/PROJECT.")]
NoteArg = Annotated[str, typer.Argument(help="What you are working on.")]
BillableOpt = Annotated[
    bool | None,
    typer.Option("--billable/--non-billable", help="Override the project's billable default."),
]


def start(
    project: ProjectArg,
    note: NoteArg = "",
    task: TaskOpt = None,
    tag: TagsOpt = None,
    at: AtOpt = None,
    billable: BillableOpt = None,
    person: PersonOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Start a timer on PROJECT (a running timer is stopped first)."""
    verbs.start(project, note, task, tag, at, billable, person, fmt)


def stop(at: AtOpt = None, person: PersonOpt = None, fmt: FormatOpt = None) -> None:
    """Stop the running timer (at --at instead of now)."""
    verbs.stop(at, person, fmt)


def status(person: PersonOpt = None, fmt: FormatOpt = None) -> None:
    """Show the running timer and today's total."""
    verbs.status(person, fmt)


def cancel(person: PersonOpt = None) -> None:
    """Discard the running timer without recording it."""
    verbs.cancel(person)


def resume(at: AtOpt = None, person: PersonOpt = None, fmt: FormatOpt = None) -> None:
    """Restart the last entry's project, task, note and tags."""
    verbs.resume(at, person, fmt)


def log(
    duration: Annotated[str, typer.Argument(help="How long: 1h30m, 1.5h, 90m or 1:30.")],
    project: ProjectArg,
    note: Annotated[str, typer.Argument(help="What you did.")] = "",
    date: DateOpt = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Start clock time, e.g. 09:00 (optional).")
    ] = None,
    task: TaskOpt = None,
    tag: TagsOpt = None,
    billable: BillableOpt = None,
    person: PersonOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Log time after the fact: psa log 1h30m acme-web "fixed login"."""
    verbs.log(duration, project, note, date, at, task, tag, billable, person, fmt)


def register(app: typer.Typer) -> None:
    for command in (start, stop, status, cancel, resume, log):
        app.command(rich_help_panel="Time tracking")(command)
