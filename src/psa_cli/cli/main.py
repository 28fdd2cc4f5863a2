"""The `psa` command: the root Typer app, global options, one sub-app per noun.

Errors: every `PsaError` and usage error becomes one line on stderr
(`psa: <problem>: <fix>`) with exit 1 (refused) or 2 (usage); never a traceback
unless PSA_DEBUG=1.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from psa_cli import __version__
from psa_cli.cli import timer
from psa_cli.cli.failures import fail, handle, refuse_undecodable
from psa_cli.cli.state import FORMATS, STATE, close_ledger


class PsaGroup(TyperGroup):
    """Root group: turns expected failures into one clear line and an exit code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        refuse_undecodable(sys.argv[1:] if args is None else args)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except Exception as exc:
            if (
                type(exc).__name__ != "Abort"
                and hasattr(exc, "format_message")
                and hasattr(exc, "exit_code")
            ):  # typer/click usage errors (missing argument, bad option, ...)
                if not exc.format_message().strip():  # `psa` alone: the help was shown
                    sys.exit(int(exc.exit_code))
                ctx = getattr(exc, "ctx", None)
                where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
                fail(f"{exc.format_message()}{where}", int(exc.exit_code))
            handle(exc)
        except KeyboardInterrupt as exc:
            handle(exc)
        finally:
            close_ledger()
        if standalone_mode:
            sys.exit(rv if isinstance(rv, int) else 0)
        return rv


def _version(value: bool) -> None:
    if value:
        typer.echo(f"psa {__version__}")
        raise typer.Exit()


def root(
    ledger: Annotated[
        str | None,
        typer.Option("--ledger", "-L", help="Ledger file (default: $PSA_LEDGER or XDG data dir)."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="Output format for lists and reports: table, json, csv."
        ),
    ] = "table",
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Track time and expenses, bill clients, see your numbers."""
    if fmt.lower() not in FORMATS:
        raise typer.BadParameter(f"'{fmt}' is not one of table, json, csv", param_hint="--format")
    STATE.ledger_path = ledger
    STATE.fmt = fmt.lower()
    STATE.ledger = None


def build(*, full: bool = True) -> typer.Typer:
    """The command tree. `full=False` holds only the time-tracking verbs: Typer builds
    every command of an app on each run (~1 ms each), so the hot commands get a small app
    with exactly the same options instead of paying for invoices, exports and the rest."""
    new = typer.Typer(
        cls=PsaGroup,
        name="psa",
        help="psa — time, expenses, clients and invoices from your terminal.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    new.callback()(root)
    timer.register(new)
    if not full:
        return new
    from psa_cli.cli import (
        clients,
        db,
        entries,
        expenses,
        export,
        invoices,
        people,
        projects,
        reports,
        settings,
    )

    entries.register(new)
    new.add_typer(clients.app, name="client", help="Clients: add, list, show, edit, archive.")
    new.add_typer(projects.app, name="project", help="Projects: add, list, show, edit, archive.")
    new.add_typer(projects.task_app, name="task", help="Tasks within a project.")
    new.add_typer(people.app, name="person", help="People whose time you track (you included).")
    new.add_typer(expenses.app, name="expense", help="Expenses: add, list, edit, delete.")
    new.add_typer(
        invoices.app,
        name="invoice",
        help="Invoices: create, show, issue, pay, void, credit, export.",
    )
    new.add_typer(
        export.app,
        name="export",
        help="Entries as JSON/CSV, the whole ledger (json --all), journals: beancount, hledger.",
    )
    from psa_cli.cli import imports

    imports.register(new)
    new.add_typer(
        reports.app,
        name="report",
        help="Reports: timesheet, unbilled, budget, utilization, profitability, aging, revenue, "
        "capacity.",
    )
    new.add_typer(settings.config_app, name="config", help="Read and write the TOML configuration.")
    settings.register(new)
    new.add_typer(db.app, name="db", help="The ledger file: path, check, backup, restore.")
    from psa_cli.cli import audit

    audit.register(new)
    from psa_cli.cli import crm, deals

    crm.register(new)
    deals.register(new, reports.app)
    from psa_cli.cli import contracts

    contracts.register(new)
    from psa_cli.cli import resources, timesheets

    resources.register(new, reports.app)
    new.add_typer(timesheets.app, name="timesheet",
                  help="Weekly approval: submit, approve, reject, reopen, status.")  # fmt: skip
    from psa_cli.cli import tui

    tui.register(new)
    return new


_FULL: typer.Typer | None = None


def __getattr__(name: str) -> typer.Typer:
    """`app` (the full tree) is built on first use, so the hot path never imports the
    invoice, export and catalog command modules."""
    global _FULL
    if name != "app":
        raise AttributeError(name)
    if _FULL is None:
        _FULL = build()
    return _FULL


HOT = frozenset({"start", "stop", "status", "cancel", "resume", "log"})
_VALUED = frozenset({"--ledger", "-L", "--format", "-f"})


def command_words(argv: list[str]) -> tuple[str | None, str | None]:
    """The sub-command named in argv (skipping the global options and their values) and
    the word right after it (a group's sub-command), or None for either."""
    skip = False
    for at, token in enumerate(argv):
        if skip:
            skip = False
            continue
        if token in _VALUED:
            skip = True
            continue
        if token.startswith("-"):
            if token in ("--help", "-h") or token.startswith("--install"):
                return None, None
            continue
        rest = argv[at + 1 : at + 2]
        return token, (rest[0] if rest and not rest[0].startswith("-") else None)
    return None, None


def _named(infos: list[Any], word: str) -> list[Any]:
    from typer.main import get_command_name

    return [
        i
        for i in infos
        if (i.name or (i.callback and get_command_name(i.callback.__name__))) == word
    ]


def only(app: typer.Typer, word: str | None, sub: str | None = None) -> typer.Typer:
    """`app` cut down to the one top-level command or group `word` names and, in a group,
    to its one command `sub` names (each unchanged when it names none: the full tree then
    reports the unknown command with its suggestions).

    Click needs every command of the tree converted before it dispatches (~120 ms for the
    full tree against ~25 ms for `report` alone and ~3 ms for `report timesheet`,
    docs/performance.md), so a process that runs one command converts only that one: same
    options, help and errors. The group's own Typer is copied, not changed: `build()`
    shares the sub-apps between trees."""
    if word is None:
        return app
    groups = [g for g in app.registered_groups if g.name == word]
    commands = _named(app.registered_commands, word)
    if groups or commands:
        app.registered_groups = groups
        app.registered_commands = commands
    if groups and sub is not None and groups[0].typer_instance is not None:
        import copy

        group = groups[0].typer_instance
        inner = _named(group.registered_commands, sub)
        nested = [g for g in group.registered_groups if g.name == sub]
        if inner or nested:
            cut = copy.copy(group)
            cut.registered_commands, cut.registered_groups = inner, nested
            info = copy.copy(groups[0])
            info.typer_instance = cut
            app.registered_groups = [info]
    return app


def main() -> None:
    argv = sys.argv[1:]
    word, sub = command_words(argv)
    if word is None and "--version" in argv and not {"-h", "--help"} & set(argv):
        word = "status"  # --version is the root's eager option: the small tree has it
    if word not in HOT:
        only(build(), word, sub)()
        return
    # The hot path: a small tree, and no interpreter teardown once the output is out
    # (os._exit skips ~15 ms of module cleanup; the ledger is already closed).
    try:
        only(build(full=False), word)()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
