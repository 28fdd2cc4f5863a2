"""`psa db path|check|backup|restore`."""

from __future__ import annotations

from typing import Annotated

import typer

from psa_cli.cli.options import STATE, FormatOpt, ledger, output_format

app = typer.Typer(no_args_is_help=True)


@app.command()
def path() -> None:
    """Print the ledger file's path (does not create it)."""
    from psa_cli.services.ledger import ledger_path

    typer.echo(str(ledger_path(STATE.ledger_path)))


@app.command()
def check(fmt: FormatOpt = None) -> None:
    """Run SQLite integrity and foreign-key checks and the ledger's own invariants."""
    from psa_cli.cli import render
    from psa_cli.services import maintenance

    report = maintenance.check(ledger())
    out = output_format(fmt)
    if out == "json":
        render.emit_json(
            {
                "path": report.path,
                "schema_version": report.schema_version,
                "ok": report.ok,
                "problems": report.problems,
                "counts": report.counts,
            }
        )
    elif out == "csv":
        render.emit_csv([{"problem": p} for p in report.problems])
    else:
        for problem in report.problems:
            typer.echo(f"problem: {problem}")
        rows = ", ".join(f"{n} {t}" for t, n in report.counts.items() if t != "audit_log" and n)
        status = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        typer.echo(f"{report.path}: schema {report.schema_version}, {status}. {rows or 'empty'}.")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def backup(
    file: Annotated[
        str | None,
        typer.Argument(help="Target file or folder (default: backups/ beside the ledger)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Copy the ledger safely while others may write (SQLite online backup)."""
    from psa_cli.services import maintenance

    target = maintenance.backup(ledger(), file, force=force)
    typer.echo(f"Backed up to {target}")


@app.command()
def restore(
    file: Annotated[str, typer.Argument(help="A ledger backup (from 'psa db backup').")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace the existing ledger (it is saved to backups/)."),
    ] = False,
) -> None:
    """Replace the ledger with a backup that passes every check (stop other psa first).

    The file must pass SQLite's integrity and foreign-key checks, be a psa ledger of a
    schema this psa knows (older ones are migrated), and hold every invariant of
    'psa db check'. The current ledger is copied to backups/ first, then the vetted
    copy is renamed over it (created 0600).
    """
    from psa_cli.services import maintenance

    done = maintenance.restore(ledger(), file, force=force)
    typer.echo(f"Restored {done.path} from {done.source} (schema {done.found_version}).")
    if done.saved_to is not None:
        typer.echo(f"The previous ledger was saved to {done.saved_to}")
