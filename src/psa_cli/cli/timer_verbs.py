"""What the time-tracking verbs do and print — start stop status cancel resume log —
without Typer: `cli.timer` declares them to Typer with these very parameters, and
`cli.quick` calls them directly for the common command lines (docs/architecture.md,
"The hot path").

Each verb checks its output format before it calls the service, so a bad `--format`
changes nothing in the ledger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psa_cli.cli.state import echo, ledger, output_format

if TYPE_CHECKING:
    from psa_cli.domain.models import Entry
    from psa_cli.services.timer import TimerResult


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


def _report(result: TimerResult, verb: str, out: str) -> None:
    from psa_cli.cli import render

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
    project: str,
    note: str = "",
    task: str | None = None,
    tag: list[str] | None = None,
    at: str | None = None,
    billable: bool | None = None,
    person: str | None = None,
    fmt: str | None = None,
) -> None:
    from psa_cli.services import timer

    out = output_format(fmt)
    result = timer.start(
        ledger(), project, note, task=task, tags=tag, at=at, billable=billable, person=person
    )
    _report(result, "started", out)


def stop(at: str | None = None, person: str | None = None, fmt: str | None = None) -> None:
    from psa_cli.services import timer

    out = output_format(fmt)
    _report(timer.stop(ledger(), at=at, person=person), "stopped", out)


def status(person: str | None = None, fmt: str | None = None) -> None:
    from psa_cli.domain.durations import format_duration
    from psa_cli.services import timer

    out = output_format(fmt)
    state = timer.status(ledger(), person=person)
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
        echo(f"No timer running. Today: {format_duration(state.today_seconds)}.")
        return
    echo(
        f"Running: {_describe(state.running)} for {format_duration(state.elapsed_seconds)} "
        f"(since {_clock(state.running.started_at)}). Today: "
        f"{format_duration(state.today_seconds)}."
    )


def cancel(person: str | None = None) -> None:
    from psa_cli.services import timer

    entry = timer.cancel(ledger(), person=person)
    echo(f"Cancelled the timer on {_describe(entry)} (started {_clock(entry.started_at)}).")


def resume(at: str | None = None, person: str | None = None, fmt: str | None = None) -> None:
    from psa_cli.services import timer

    out = output_format(fmt)
    _report(timer.resume(ledger(), at=at, person=person), "started", out)


def log(
    duration: str,
    project: str,
    note: str = "",
    date: str | None = None,
    at: str | None = None,
    task: str | None = None,
    tag: list[str] | None = None,
    billable: bool | None = None,
    person: str | None = None,
    fmt: str | None = None,
) -> None:
    from psa_cli.services import timer

    out = output_format(fmt)
    result = timer.log(ledger(), duration, project, note, date=date, at=at, task=task, tags=tag,
                       billable=billable, person=person)  # fmt: skip
    _report(result, "logged", out)
