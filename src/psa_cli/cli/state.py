"""What one run of `psa` shares between its commands, without importing Typer: the global
options, the ledger once opened, the output format, and the one `echo` every command
prints through.

The hot commands (`cli.quick`) run on this module alone; `cli.options` re-exports it for
the Typer commands.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def close_ledger() -> None:
    if STATE.ledger is not None:
        STATE.ledger.close()
        STATE.ledger = None


def output_format(local: str | None) -> str:
    """The format a command prints in: its own --format, else the global one."""
    fmt = (local or STATE.fmt or "table").lower()
    if fmt not in FORMATS:
        import typer  # only on this error path: Typer words the usage error

        raise typer.BadParameter(f"'{fmt}' is not one of table, json, csv", param_hint="--format")
    return fmt


def echo(message: str, *, err: bool = False) -> None:
    """A line on stdout (or stderr), flushed: what `typer.echo` prints for a str.

    Typer's echo also strips ANSI escapes when the stream is not a terminal and writes
    UTF-8 to a stream whose encoding cannot hold the text; those rare cases go to it, so
    the hot commands, which do not import Typer, print exactly the same bytes."""
    stream = sys.stderr if err else sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if "\x1b" in message or encoding != "utf8":
        import typer

        typer.echo(message, err=err)
        return
    stream.write(message + "\n")
    stream.flush()
