"""Shared state and Annotated parameters for every command.

Kept import-light: typer and typing only. Services are imported inside the
commands so `psa status` never pays for what `psa db check` needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from psa_cli.services.ledger import Ledger

FORMATS = ("table", "json", "csv")


@dataclass
class State:
    """The global options of one run (ledger path, output format) and the ledger once opened."""

    ledger_path: str | None = None
    fmt: str = "table"
    ledger: Ledger | None = None


STATE = State()


def ledger() -> Ledger:
    """The ledger named by --ledger / $PSA_LEDGER / XDG, opened once per process."""
    if STATE.ledger is None:
        from psa_cli.services.ledger import Ledger

        STATE.ledger = Ledger.open(STATE.ledger_path)
    return STATE.ledger


def output_format(local: str | None) -> str:
    fmt = (local or STATE.fmt or "table").lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(f"'{fmt}' is not one of table, json, csv", param_hint="--format")
    return fmt


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
