"""Time tracking verbs at the top level, like Watson: start stop status cancel resume log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from psa_cli.cli.options import (
    AtOpt,
    DateOpt,
    FormatOpt,
    PersonOpt,
    TagsOpt,
    TaskOpt,
    ledger,
    output_format,
)

if TYPE_CHECKING:
    from psa_cli.domain.models import Entry
    from psa_cli.services.timer import TimerResult

ProjectArg = Annotated[str, typer.Argument(help="Project code, or CLIENT/PROJECT.")]
NoteArg = Annotated[str, typer.Argument(help="What you are working on.")]
BillableOpt = Annotated[
    bool | None,
    typer.Option("--billable/--non-billable", help="Override the project's billable default."),
]


def _clock(iso: str | None) -> str:
    if not iso:
        return ""
    from psa_cli.domain.dates import parse_iso_utc

    return parse_iso_utc(iso).astimezone(ledger().tz).strftime("%H:%M")


def _describe(entry: Entry) -> str:
    parts = [entry.project_code]
    if entry.task:
        parts.append(f"[{entry.task}]")
    if entry.note:
        parts.append(f'"{entry.note}"')
    if entry.tags:
        parts.append(" ".join(f"+{t}" for t in entry.tags))
    return " ".join(parts)


def _report(result: TimerResult, verb: str, fmt: str | None) -> None:
    from psa_cli.cli import render

    out = output_format(fmt)
    if out == "json":
        render.emit_json(
            {
                "entry": result.entry.to_json() if result.entry else None,
                "stopped": [e.to_json() for e in result.stopped],
                "warnings": result.warnings,
            }
        )
        return
    if out == "csv":
        for warning in result.warnings:
            render.warn(warning)
        rows = ([result.entry] if result.entry else []) + result.stopped
        unique = {e.id: e for e in rows}
        render.emit_csv([e.to_json() for e in unique.values()])
        return
    from psa_cli.domain.durations import format_duration

    for warning in result.warnings:
        render.warn(warning)
    entry = result.entry
    if entry is None:
        return
    if verb == "started":
        render.say(f"Started {_describe(entry)} at {_clock(entry.started_at)} (entry {entry.id})")
    elif verb == "stopped":
        total = sum(e.seconds for e in result.stopped)
        first, last = result.stopped[0], result.stopped[-1]
        render.say(
            f"Stopped {_describe(entry)} after {format_duration(total)} "
            f"({_clock(first.started_at)}–{_clock(last.ended_at)}, entry {entry.id})"
        )
    else:
        pieces = [entry] + result.stopped
        total = sum(e.seconds for e in pieces)
        render.say(
            f"Logged {format_duration(total)} on {_describe(entry)} for {entry.day} "
            f"(entry {', '.join(str(e.id) for e in pieces)})"
        )


def start(
    project: ProjectArg,
    note: Annotated[str, typer.Argument(help="What you are working on.")] = "",
    task: TaskOpt = None,
    tag: TagsOpt = None,
    at: AtOpt = None,
    billable: BillableOpt = None,
    person: PersonOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Start a timer on PROJECT (a running timer is stopped first)."""
    from psa_cli.services import timer

    result = timer.start(
        ledger(), project, note, task=task, tags=tag, at=at, billable=billable, person=person
    )
    _report(result, "started", fmt)


def stop(at: AtOpt = None, person: PersonOpt = None, fmt: FormatOpt = None) -> None:
    """Stop the running timer (at --at instead of now)."""
    from psa_cli.services import timer

    _report(timer.stop(ledger(), at=at, person=person), "stopped", fmt)


def status(person: PersonOpt = None, fmt: FormatOpt = None) -> None:
    """Show the running timer and today's total."""
    from psa_cli.domain.durations import format_duration
    from psa_cli.services import timer

    state = timer.status(ledger(), person=person)
    out = output_format(fmt)
    if out != "table":
        from psa_cli.cli import render

        payload = {
            "running": state.running is not None,
            "entry": state.running.to_json() if state.running else None,
            "elapsed_seconds": state.elapsed_seconds,
            "today": state.today,
            "today_seconds": state.today_seconds,
        }
        render.emit_json(payload) if out == "json" else render.emit_csv(
            [{k: v for k, v in payload.items() if k != "entry"}]
        )
        return
    if state.running is None:
        typer.echo(f"No timer running. Today: {format_duration(state.today_seconds)}.")
        return
    typer.echo(
        f"Running: {_describe(state.running)} for {format_duration(state.elapsed_seconds)} "
        f"(since {_clock(state.running.started_at)}). Today: "
        f"{format_duration(state.today_seconds)}."
    )


def cancel(person: PersonOpt = None) -> None:
    """Discard the running timer without recording it."""
    from psa_cli.services import timer

    entry = timer.cancel(ledger(), person=person)
    typer.echo(f"Cancelled the timer on {_describe(entry)} (started {_clock(entry.started_at)}).")


def resume(at: AtOpt = None, person: PersonOpt = None, fmt: FormatOpt = None) -> None:
    """Restart the last entry's project, task, note and tags."""
    from psa_cli.services import timer

    _report(timer.resume(ledger(), at=at, person=person), "started", fmt)


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
    from psa_cli.services import timer

    result = timer.log(
        ledger(),
        duration,
        project,
        note,
        date=date,
        at=at,
        task=task,
        tags=tag,
        billable=billable,
        person=person,
    )
    _report(result, "logged", fmt)


def register(app: typer.Typer) -> None:
    for command in (start, stop, status, cancel, resume, log):
        app.command(rich_help_panel="Time tracking")(command)
