"""`psa tui`: the Textual dashboard and workspace over the same ledger."""

from __future__ import annotations

import sys

import typer

from psa_cli.cli.options import STATE
from psa_cli.domain.errors import InvalidInput


def tui() -> None:
    """Open the full-screen TUI: dashboard, timesheet, clients & projects, invoices, reports.

    Keys 1-5 switch views; ctrl+p lists every action; ctrl+t toggles light/dark; q quits.
    """
    if not sys.stdout.isatty():
        raise InvalidInput("psa tui needs a terminal: run it in an interactive shell, not a pipe")
    from psa_cli.tui import prefetch  # no textual: the dashboard's queries start at once

    pending = prefetch.start(STATE.ledger_path)
    from psa_cli.tui.app import run  # textual loads here only (~0.3 s), never for other commands

    run(STATE.ledger_path, pending)


def register(app: typer.Typer) -> None:
    app.command("tui")(tui)
