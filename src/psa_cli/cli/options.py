"""Annotated parameters shared by the Typer commands, and the run's state (`cli.state`).

Kept import-light: typer and typing only. Services are imported inside the
commands so `psa status` never pays for what `psa db check` needs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from psa_cli.cli.state import FORMATS, STATE, State, ledger, output_format

__all__ = ["FORMATS", "STATE", "State", "ledger", "output_format"]

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", help="Output format: table, json or csv (overrides the global one)."
    ),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", help="First day (YYYY-MM-DD, today, monday...).")
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day, inclusive.")]
PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="today, yesterday, week, last-week, month, last-month, year or all.",
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", "-d", help="Day: YYYY-MM-DD, today, yesterday, monday, 'last friday'."),
]
TaskOpt = Annotated[str | None, typer.Option("--task", "-t", help="Task name within the project.")]
TagsOpt = Annotated[list[str] | None, typer.Option("--tag", help="Tag (repeat for several).")]
PersonOpt = Annotated[str | None, typer.Option("--person", help="Whose time (default: you).")]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", help="Clock time instead of now: 09:15, 5pm, 'yesterday 17:30'."),
]
