"""`psa timesheet submit|approve|reject|reopen|status`: weekly approval of time."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from psa_cli.cli.options import FormatOpt, ledger, output_format

app = typer.Typer(no_args_is_help=True)

WeekOpt = Annotated[
    str | None,
    typer.Option("--week", "-w", help="ISO week: 2026-W48, W48, this, last, or a day in it."),
]
PersonArg = Annotated[str, typer.Argument(help="Whose week (a person's name).")]


def _say(row: dict[str, Any], fmt: str | None, text: str) -> None:
    from psa_cli.cli import render

    out = output_format(fmt)
    if out == "table":
        render.say(text)
    else:
        render.record(row, out)


def _hours(row: dict[str, Any]) -> str:
    from psa_cli.domain.durations import format_clock

    return format_clock(row["logged_seconds"])


@app.command()
def submit(
    week: WeekOpt = None,
    person: Annotated[
        str | None, typer.Option("--person", help="Whose week (default: you).")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Submit a week of time for approval (default: this week, your own)."""
    from psa_cli.services.timesheets import submit as run

    row = run(ledger(), week=week, person=person)
    n = row["entries"]
    _say(row, fmt, f"Submitted {row['person']}'s {row['week']} ({_hours(row)} in {n} "
                   f"entr{'y' if n == 1 else 'ies'}) for approval.")  # fmt: skip


@app.command()
def approve(person: PersonArg, week: WeekOpt = None, fmt: FormatOpt = None) -> None:
    """Approve a submitted week: its entries are locked like billed ones."""
    from psa_cli.services.timesheets import approve as run

    row = run(ledger(), person, week=week)
    _say(row, fmt, f"Approved {row['person']}'s {row['week']} ({_hours(row)}): its entries "
                   "are locked.")  # fmt: skip


@app.command()
def reject(
    person: PersonArg,
    week: WeekOpt = None,
    reason: Annotated[str, typer.Option("--reason", help="Why, for the person to fix.")] = "",
    fmt: FormatOpt = None,
) -> None:
    """Send a submitted week back with a reason; it can be fixed and submitted again."""
    from psa_cli.services.timesheets import reject as run

    row = run(ledger(), person, week=week, reason=reason)
    _say(row, fmt, f"Rejected {row['person']}'s {row['week']}: {row['reason']}")


@app.command()
def reopen(person: PersonArg, week: WeekOpt = None, fmt: FormatOpt = None) -> None:
    """Reopen a submitted, approved or rejected week: its entries can change again."""
    from psa_cli.services.timesheets import reopen as run

    row = run(ledger(), person, week=week)
    _say(row, fmt, f"Reopened {row['person']}'s {row['week']}: its entries can be edited.")


@app.command()
def status(
    week: WeekOpt = None,
    person: Annotated[str | None, typer.Option("--person", help="Only this person.")] = None,
    state: Annotated[
        str | None,
        typer.Option(
            "--state", help="Only weeks in this state: open, submitted, approved, rejected."
        ),
    ] = None,  # fmt: skip
    all_weeks: Annotated[
        bool, typer.Option("--all", "-a", help="Every week on record instead of one week.")
    ] = False,
    fmt: FormatOpt = None,
) -> None:
    """Person-weeks and their approval state (default: everyone, this week)."""
    from psa_cli.cli import render
    from psa_cli.services.timesheets import status as run

    rows = run(ledger(), week=week, person=person, state=state, all_weeks=all_weeks)
    render.table(
        rows,
        [
            render.col("Person", "person"),
            render.col("Week", "week"),
            render.col("State", "state"),
            render.Col("Logged", _hours, "right"),
            render.col("Entries", "entries", "right"),
            render.col("Reason", "reason"),
            render.col("Decided", "decided_at"),
        ],
        output_format(fmt),
        empty="No timesheets match.",
    )
