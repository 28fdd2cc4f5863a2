"""`psa allocate`, `psa allocation list|edit|remove`, `psa schedule` and
`psa report capacity`: resource planning."""

from __future__ import annotations

import shutil
import sys
from typing import Annotated, Any

import typer

from psa_cli.cli.options import FormatOpt, FromOpt, ToOpt, ledger, output_format

allocation_app = typer.Typer(no_args_is_help=True)

HoursOpt = Annotated[
    str | None,
    typer.Option("--hours-per-week", "-H", help="Hours a week on the project, e.g. 20 or 7.5."),
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="A note on the allocation.")]
IdArg = Annotated[int, typer.Argument(help="Allocation id (see 'psa allocation list').")]
WeeksOpt = Annotated[int, typer.Option("--weeks", "-w", help="How many weeks to show.")]
WeekFromOpt = Annotated[
    str | None,
    typer.Option("--from", help="A day in the first week, or 2026-W48 (default: this week)."),
]


def _columns() -> list[Any]:
    from psa_cli.cli import render

    return [
        render.col("ID", "id", "right"),
        render.col("Person", "person"),
        render.col("Project", "project"),
        render.Col("h/week", lambda r: r["hours_per_week"], "right"),
        render.col("From", "from"),
        render.col("To", "to"),
        render.col("Note", "note"),
    ]


def _show(allocation: dict[str, Any], verb: str, warnings: list[str], fmt: str | None) -> None:
    from psa_cli.cli import render
    from psa_cli.services.allocations import to_json

    data = to_json(allocation)
    out = output_format(fmt)
    for warning in warnings:
        render.warn(warning)
    if out == "table":
        render.say(
            f"{verb} allocation {data['id']}: {data['person']} on {data['project']}, "
            f"{data['hours_per_week']}h a week from {data['from']} to {data['to']}."
        )
    else:
        render.record(data, out)


def allocate(
    person: Annotated[str, typer.Argument(help="Person's name.")],
    project: Annotated[str, typer.Argument(help="Project code, or CLIENT/PROJECT.")],
    hours_per_week: HoursOpt = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day (default: today).")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, inclusive.")] = None,
    note: NoteOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Book a person on a project for some hours a week over a date range."""
    from psa_cli.domain.errors import InvalidInput
    from psa_cli.services.allocations import allocate as run

    if hours_per_week is None:
        raise InvalidInput("give --hours-per-week, e.g. --hours-per-week 20")
    if date_to is None:
        raise InvalidInput("give the last day with --to, e.g. --to 2027-01-31")
    result = run(ledger(), person, project, hours_per_week=hours_per_week,
                 date_from=date_from, date_to=date_to, note=note or "")  # fmt: skip
    _show(result.allocation, "Added", result.warnings, fmt)


@allocation_app.command("list")
def list_(
    person: Annotated[str | None, typer.Option("--person", help="Only this person's.")] = None,
    project: Annotated[str | None, typer.Option("--project", help="Only this project's.")] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """List allocations (those overlapping --from/--to when given)."""
    from psa_cli.cli import render
    from psa_cli.services.allocations import list_allocations, to_json

    rows = list_allocations(ledger(), person=person, project=project, date_from=date_from,
                            date_to=date_to)  # fmt: skip
    render.table(
        [to_json(r) for r in rows],
        _columns(),
        output_format(fmt),
        empty="No allocations: add one with 'psa allocate PERSON PROJECT --hours-per-week H "
        "--from D --to D'.",
    )


@allocation_app.command("edit")
def edit(
    allocation_id: IdArg,
    person: Annotated[str | None, typer.Option("--person", help="Move it to this person.")] = None,
    project: Annotated[
        str | None, typer.Option("--project", help="Move it to this project.")
    ] = None,
    hours_per_week: HoursOpt = None,
    date_from: Annotated[str | None, typer.Option("--from", help="New first day.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="New last day.")] = None,
    note: NoteOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Change an allocation: hours a week, dates, person, project or note."""
    from psa_cli.services.allocations import AllocationEdit
    from psa_cli.services.allocations import edit as run

    result = run(ledger(), allocation_id, AllocationEdit(
        person=person, project=project, hours_per_week=hours_per_week, date_from=date_from,
        date_to=date_to, note=note,
    ))  # fmt: skip
    _show(result.allocation, "Updated", result.warnings, fmt)


@allocation_app.command("remove")
def remove(allocation_id: IdArg, fmt: FormatOpt = None) -> None:
    """Remove an allocation (time already logged is not touched)."""
    from psa_cli.services.allocations import remove as run

    _show(run(ledger(), allocation_id), "Removed", [], fmt)


def _clock(seconds: int) -> str:
    from psa_cli.domain.durations import format_clock

    return format_clock(seconds)


def capacity(
    weeks: WeeksOpt = 8,
    date_from: WeekFromOpt = None,
    person: Annotated[str | None, typer.Option("--person", help="Only this person.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """Capacity, allocated, logged and free time per person and week; over-booking flagged."""
    from psa_cli.cli import render
    from psa_cli.services.capacity import capacity_report

    rows = capacity_report(ledger(), weeks_count=weeks, date_from=date_from, person=person)
    out = output_format(fmt)
    if out == "csv":  # flat: the per-project split stays in JSON
        rows = [{k: v for k, v in r.items() if k != "projects"} for r in rows]
    over = sum(1 for r in rows if r["over_booked"])
    render.table(
        rows,
        [
            render.col("Person", "person"),
            render.col("Week", "week"),
            render.col("Monday", "week_start"),
            render.Col("Capacity", lambda r: _clock(r["capacity_seconds"]), "right"),
            render.Col("Allocated", lambda r: _clock(r["allocated_seconds"]), "right"),
            render.Col("Logged", lambda r: _clock(r["logged_seconds"]), "right"),
            render.Col("Free", lambda r: _clock(r["free_seconds"]), "right"),
            render.Col("Booked", lambda r: f"{r['allocated_percent'] or '-'} %", "right"),
            render.Col("", lambda r: "OVER-BOOKED" if r["over_booked"] else ""),
        ],
        out,
        title="Capacity",
        empty="No people to show.",
        caption=f"{over} over-booked person-week{'s' if over != 1 else ''}" if over else None,
    )


def schedule(
    weeks: WeeksOpt = 12,
    date_from: WeekFromOpt = None,
    ascii_only: Annotated[
        bool, typer.Option("--ascii", help="Plain ASCII even on a terminal.")
    ] = False,
    fmt: FormatOpt = None,
) -> None:
    """A Gantt chart of projects (span, milestones) and allocations, week by week."""
    from psa_cli.cli import render
    from psa_cli.formats import gantt
    from psa_cli.services.schedule import schedule as build

    data = build(ledger(), weeks_count=weeks, date_from=date_from)
    out = output_format(fmt)
    if out == "json":
        render.emit_json(data)
        return
    if out == "csv":
        labels = [w["week"] for w in data["weeks"]]
        records = []
        for row in data["rows"]:
            record = {k: row[k] for k in ("kind", "project", "person", "allocation",
                                          "hours_per_week", "from", "to")}  # fmt: skip
            record["milestones"] = [f"{m['day']} {m['label']}" for m in row["milestones"]]
            record.update(zip(labels, gantt.week_cells(row, labels), strict=True))
            records.append(record)
        render.emit_csv(records)
        return
    tty = sys.stdout.isatty()
    width = min(100, max(60, shutil.get_terminal_size((100, 24)).columns)) if tty else 100
    typer.echo(gantt.render(data, width=width, ascii_only=ascii_only or not tty), nl=False)


def register(app: typer.Typer, reports_app: typer.Typer) -> None:
    app.command("allocate", rich_help_panel="Planning")(allocate)
    app.add_typer(allocation_app, name="allocation", help="Allocations: list, edit, remove.",
                  rich_help_panel="Planning")  # fmt: skip
    app.command("schedule", rich_help_panel="Planning")(schedule)
    if not any(c.name == "capacity" for c in reports_app.registered_commands):
        reports_app.command("capacity")(capacity)
