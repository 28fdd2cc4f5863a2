"""`psa tui`: the Textual dashboard and workspace over the same ledger."""

from __future__ import annotations

import typer

from psa_cli.cli.options import STATE


def tui() -> None:
    """Open the full-screen TUI: dashboard, timesheet, clients & projects, invoices, reports.

    Keys 1-5 switch views, ctrl+p opens the command palette (every action), ctrl+t
    toggles the light/dark theme, q quits. Changes made with `psa` in another terminal
    appear within a second."""
    if not __import__("sys").stdout.isatty():
        raise typer.BadParameter("psa tui needs a terminal (stdout is not a tty)")
    from psa_cli.tui.app import run  # textual loads here only (~190 ms), never for other commands

    run(STATE.ledger_path)


def register(app: typer.Typer) -> None:
    app.command("tui")(tui)
