"""`psa import SOURCE FILE`: time from Toggl, Clockify, Harvest, Kimai, Watson, Timewarrior,
or a whole-ledger document of psa itself (`psa export json --all`)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from psa_cli.cli.options import FormatOpt, ledger, output_format

SOURCES = ("toggl", "clockify", "harvest", "kimai", "watson", "timewarrior", "psa")
SHOWN_PROBLEMS = 10


class _Bar:
    """A rich progress bar on stderr, drawn only on a terminal (the service reports
    progress only for files big enough to need one)."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
        if phase not in self._tasks:
            self._tasks[phase] = self._progress.add_task(phase, total=total)
        self._progress.update(self._tasks[phase], completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def _opt(*names: str, help: str) -> Any:  # noqa: A002 - typer's own keyword
    return typer.Option(*names, help=help)


SourceArg = Annotated[
    str,
    typer.Argument(
        help="toggl, clockify, harvest, kimai, watson, timewarrior or psa.",
        show_default=False,
        metavar="SOURCE",
    ),
]
FileArg = Annotated[
    str,
    typer.Argument(
        help="The export file (Timewarrior: also its data folder).",
        show_default=False,
        metavar="FILE",
    ),
]
DryRunOpt = Annotated[bool, _opt("--dry-run", help="Show what would be imported; write nothing.")]
SkipOpt = Annotated[
    bool,
    _opt(
        "--skip-invalid",
        help="Import the valid rows and report the "
        "others (default: a bad row refuses the whole file).",
    ),
]
CreateOpt = Annotated[
    bool, _opt("--create-missing", help="Create unknown clients, projects, tasks and people.")
]
MapOpt = Annotated[
    list[str] | None,
    _opt(
        "--map-project", help="OLD=NEW: the source's project OLD is psa project NEW (repeatable)."
    ),
]
ClientOpt = Annotated[
    str | None, _opt("--client", help="Client of rows that name none (used for new projects).")
]
PersonDefaultOpt = Annotated[
    str | None, _opt("--person", help="Person of rows that name none (default: you).")
]
ProjectOpt = Annotated[
    str | None,
    _opt("--project", help="Project of rows that name none (Timewarrior: of every interval)."),
]
BillableOpt = Annotated[
    bool | None,
    _opt(
        "--billable/--non-billable",
        help="For rows that carry no billable flag (default: the project's).",
    ),
]
DayFirstOpt = Annotated[
    bool, _opt("--day-first", help="Read 02/11/2026 as 2 November (default: month first).")
]


def import_(
    source: SourceArg,
    file: FileArg,
    dry_run: DryRunOpt = False,
    skip_invalid: SkipOpt = False,
    create_missing: CreateOpt = False,
    map_project: MapOpt = None,
    client: ClientOpt = None,
    person: PersonDefaultOpt = None,
    project: ProjectOpt = None,
    billable: BillableOpt = None,
    day_first: DayFirstOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Import time entries from another tool's export, once: re-importing adds nothing.

    All or nothing in one transaction: a bad row is reported as 'line N: reason' and nothing
    is written, unless --skip-invalid. Names are matched by code or name; --create-missing
    adds the unknown ones. 'psa import psa FILE' loads a 'psa export json --all' document
    into an empty ledger.
    """
    out = output_format(fmt)
    name = source.lower()
    if name not in SOURCES:
        raise typer.BadParameter(f"'{source}' is not one of {', '.join(SOURCES)}",
                                 param_hint="SOURCE")  # fmt: skip
    if name == "psa":
        _restore(file, dry_run, out)
        return
    from psa_cli.services import importing

    bar = _Bar()
    try:
        result = importing.import_file(
            ledger(),
            importing.ImportOptions(
                source=name, path=file, dry_run=dry_run, skip_invalid=skip_invalid,
                create_missing=create_missing, map_project=map_project or [], client=client,
                person=person, project=project, billable=billable, day_first=day_first,
            ),
            progress=bar,
        )  # fmt: skip
    finally:
        bar.close()
    _report(result, out)


def _report(result: Any, out: str) -> None:
    from psa_cli.cli import render
    from psa_cli.domain.durations import format_clock

    for problem in result.invalid[:SHOWN_PROBLEMS]:
        render.warn(f"skipped {problem}")
    if len(result.invalid) > SHOWN_PROBLEMS:
        render.warn(f"... and {len(result.invalid) - SHOWN_PROBLEMS} more rows skipped")
    for warning in result.warnings[:SHOWN_PROBLEMS]:
        render.warn(warning)
    if out != "table":
        render.record(result.to_json(), out)
        return
    verb = "Would import" if result.dry_run else "Imported"
    entries = f" as {result.entries} entries" if result.entries != result.imported else ""
    render.say(
        f"{verb} {result.imported} of {result.records} records from {result.source}{entries}; "
        f"{result.already} already imported, {len(result.invalid)} invalid."
    )
    if result.created:
        render.say(
            ("Would create: " if result.dry_run else "Created: ") + ", ".join(result.created)
        )
    for code, seconds in sorted(result.seconds_by_project.items()):
        render.say(f"  {code}  {format_clock(seconds)}")
    if result.dry_run:
        render.say("Dry run: nothing was written.")


def _restore(file: str, dry_run: bool, out: str) -> None:
    from psa_cli.cli import render
    from psa_cli.services import ledger_document

    result = ledger_document.restore(ledger(), file, dry_run=dry_run)
    if out != "table":
        render.record(result.to_json(), out)
        return
    total = sum(result.rows.values())
    verb = "Would restore" if dry_run else "Restored"
    held = ", ".join(f"{n} {t}" for t, n in result.rows.items() if n)
    render.say(f"{verb} {total} rows from {file}" + (f": {held}" if held else "") + ".")


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
