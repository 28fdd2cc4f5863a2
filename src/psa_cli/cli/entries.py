"""`psa entries` (the list with filters) and `psa entry show|edit|delete ID`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from psa_cli.cli.options import (
    DateOpt,
    FormatOpt,
    FromOpt,
    PeriodOpt,
    ToOpt,
    ledger,
    output_format,
)

entry_app = typer.Typer(no_args_is_help=True)
IdArg = Annotated[int, typer.Argument(help="Entry id (see 'psa entries').", min=1, max=2**63 - 1)]


# Rows a table shows without --limit: rich needs seconds for tens of thousands of rows
# and a person reads the newest ones; JSON and CSV always give everything.
TABLE_ROWS = 1000


def _columns() -> list[Any]:
    from psa_cli.cli import render
    from psa_cli.domain.durations import format_clock

    tz = ledger().tz

    def clock(key: str) -> Any:
        def cell(row: dict[str, Any]) -> str:
            from psa_cli.domain.dates import parse_iso_utc

            if row.get(key):
                return parse_iso_utc(row[key]).astimezone(tz).strftime("%H:%M")
            return "…" if key == "ended_at" and row.get("running") else ""

        return cell

    return [
        render.col("ID", "id", "right"),
        render.col("Day", "day"),
        render.Col("Start", clock("started_at")),
        render.Col("End", clock("ended_at")),
        render.Col("Time", lambda r: format_clock(r["seconds"]), "right"),
        render.col("Project", "project"),
        render.col("Task", "task"),
        render.col("Note", "note"),
        render.Col("Tags", lambda r: " ".join(f"+{t}" for t in r["tags"])),
        render.Col("Bill", lambda r: "" if r["billable"] else "no"),
        render.col("Person", "person"),
        render.col("Invoice", "invoice"),
    ]


def entries(
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    period: PeriodOpt = None,
    client: Annotated[
        list[str] | None, typer.Option("--client", "-c", help="Client code (repeatable).")
    ] = None,
    project: Annotated[
        list[str] | None, typer.Option("--project", help="Project code (repeatable).")
    ] = None,
    task: Annotated[
        list[str] | None, typer.Option("--task", "-t", help="Task name (with --project).")
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", help="Only entries with this tag (repeatable: all of them)."),
    ] = None,
    person: Annotated[
        list[str] | None, typer.Option("--person", help="Person (repeatable).")
    ] = None,
    billable: Annotated[
        bool | None,
        typer.Option("--billable/--non-billable", help="Only billable or only non-billable time."),
    ] = None,
    unbilled: Annotated[
        bool, typer.Option("--unbilled", help="Only billable time not on an issued invoice.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Show at most N entries.")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """List time entries, filtered by period, client, project, task, tag, person, billing."""
    from psa_cli.cli import render
    from psa_cli.domain.durations import format_clock
    from psa_cli.services import entries as service

    out = output_format(fmt)
    wanted = service.EntryFilter(
        date_from=date_from,
        date_to=date_to,
        period=period,
        clients=client or [],
        projects=project or [],
        tasks=task or [],
        tags=tag or [],
        people=person or [],
        billable=billable,
        unbilled=unbilled,
        limit=limit,
    )
    if out in ("json", "csv"):  # streamed: constant memory at any size
        from psa_cli.cli import stream
        from psa_cli.formats import entry_json, json_text

        if out == "json":
            json_text.json_items(entry_json.texts(service.stream_entry_rows(ledger(), wanted)))
        else:
            stream.csv_rows(e.to_json() for e in service.stream_entries(ledger(), wanted))
        return
    if wanted.limit is None:  # a table is read by people: the newest TABLE_ROWS at most
        wanted.limit = TABLE_ROWS
    result = service.list_entries(ledger(), wanted)
    records = [e.to_json() for e in result.entries]
    totals = result.totals
    footer = ["", "Total", "", "", format_clock(sum(r["seconds"] for r in records))]
    render.table(records, _columns() if out == "table" else [], out, footer=footer,
                 empty="No entries match.")  # fmt: skip
    if out == "table" and records:
        shown = f"showing {len(records)} of " if len(records) < totals["entries"] else ""
        render.say(
            f"{shown}{totals['entries']} entr{'y' if totals['entries'] == 1 else 'ies'}, "
            f"{format_clock(totals['seconds'])} total, "
            f"{format_clock(totals['billable_seconds'])} billable"
            + (" (--limit N or -f csv for more)" if shown and limit is None else "")
        )


def show(entry_id: IdArg, fmt: FormatOpt = None) -> None:
    """Show one entry."""
    from psa_cli.cli import render
    from psa_cli.services import entries as service

    entry = service.get_entry(ledger(), entry_id)
    render.record(entry.to_json(), output_format(fmt), title=f"Entry {entry.id}")


def edit(
    entry_id: IdArg,
    project: Annotated[str | None, typer.Option("--project", help="Move to this project.")] = None,
    task: Annotated[
        str | None, typer.Option("--task", "-t", help="Task name ('' to clear).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", "-m", help="New note.")] = None,
    date: DateOpt = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Start clock time, e.g. 09:00.")
    ] = None,
    end: Annotated[str | None, typer.Option("--end", help="End clock time, e.g. 10:30.")] = None,
    duration: Annotated[
        str | None, typer.Option("--duration", help="New duration, e.g. 1h30m.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Replace the tags (repeatable).")
    ] = None,
    add_tag: Annotated[list[str] | None, typer.Option("--add-tag", help="Add a tag.")] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", help="Remove a tag.")
    ] = None,
    billable: Annotated[
        bool | None, typer.Option("--billable/--non-billable", help="Billable or not.")
    ] = None,
    rate: Annotated[
        str | None, typer.Option("--rate", help="Hourly rate override ('' to clear).")
    ] = None,
    person: Annotated[str | None, typer.Option("--person", help="Whose time it is.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """Change an entry (refused when it is billed on an issued invoice)."""
    from psa_cli.cli import render
    from psa_cli.services import entries as service

    entry = service.edit_entry(
        ledger(),
        entry_id,
        service.EntryEdit(
            project=project,
            task=task,
            note=note,
            date=date,
            start=start,
            end=end,
            duration=duration,
            tags=tag,
            add_tags=add_tag or [],
            remove_tags=remove_tag or [],
            billable=billable,
            rate=rate,
            person=person,
        ),  # fmt: skip
    )
    out = output_format(fmt)
    if out == "table":
        render.say(f"Updated entry {entry.id}.")
    render.record(entry.to_json(), out, title=f"Entry {entry.id}")


def delete(
    entry_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an entry (refused when it is billed on an issued invoice)."""
    from psa_cli.cli import render
    from psa_cli.services import entries as service

    entry = service.get_entry(ledger(), entry_id)
    if not yes and _interactive():
        typer.confirm(f"Delete entry {entry.id} ({entry.project_code}, {entry.day})?", abort=True)
    service.delete_entry(ledger(), entry_id)
    render.say(f"Deleted entry {entry.id} ({entry.project_code}, {entry.day}).")


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty()


entry_app.command("show")(show)
entry_app.command("edit")(edit)
entry_app.command("delete")(delete)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Time tracking")(entries)
    app.add_typer(entry_app, name="entry", help="One entry: show, edit, delete.",
                  rich_help_panel="Time tracking")  # fmt: skip
