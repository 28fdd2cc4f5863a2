"""`psa export json|csv` (time entries, or with `--all` the whole ledger) and
`psa export beancount|hledger`: the books as an accounting journal (docs/journals.md)."""

from __future__ import annotations

from typing import Annotated, Any, TextIO

import typer

from psa_cli.cli.options import FromOpt, PeriodOpt, ToOpt, ledger

app = typer.Typer(no_args_is_help=True)

OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", help="Write to this file (created 0600) instead of stdout; '-' = stdout."
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overwrite the --output file if it exists.")
]


def _export(fmt: str, output: str | None, force: bool, date_from: str | None,
            date_to: str | None, period: str | None) -> None:  # fmt: skip
    # the service (and the invoice code it reads through) loads only when exporting
    from psa_cli.services import journals

    result = journals.export(ledger(), fmt, date_from=date_from, date_to=date_to, period=period,
                             output=output, force=force)  # fmt: skip
    if result.path is None:
        typer.echo(result.text, nl=False)
    else:
        typer.echo(f"Wrote {result.transactions} transactions to {result.path}")


@app.command()
def beancount(
    output: OutputOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    period: PeriodOpt = None,
    force: ForceOpt = False,
) -> None:
    """Issued invoices, credit notes, payments and expenses as a beancount 3 file.

    Dates filter by transaction date; check the result with bean-check.
    """
    _export("beancount", output, force, date_from, date_to, period)


@app.command()
def hledger(
    output: OutputOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    period: PeriodOpt = None,
    force: ForceOpt = False,
) -> None:
    """Issued invoices, credit notes, payments and expenses as an hledger journal.

    Also read by ledger. Dates filter by transaction date; check with 'hledger check -s'.
    """
    _export("hledger", output, force, date_from, date_to, period)


AllOpt = Annotated[
    bool,
    typer.Option("--all", help="The whole ledger (every table, ids and uids kept), not entries."),
]


def _entries_out(fmt: str, output: str | None, force: bool, date_from: str | None,
                 date_to: str | None, period: str | None) -> None:  # fmt: skip
    import sys

    from psa_cli.cli import stream
    from psa_cli.formats import json_text
    from psa_cli.services import exporting

    path = exporting.output_path(ledger(), output, force)
    wanted: dict[str, Any] = {"date_from": date_from, "date_to": date_to, "period": period}
    written = 0

    def fill(out: TextIO) -> None:  # record by record: constant memory at any size
        nonlocal written
        if fmt == "json":
            written = json_text.json_items(exporting.entry_json_texts(ledger(), **wanted), out)
        else:
            written = stream.csv_rows(exporting.entry_records(ledger(), **wanted), out)

    if path is None:
        fill(sys.stdout)
        return
    exporting.write_text(path, fill, force)
    typer.echo(f"Wrote {written} entr{'y' if written == 1 else 'ies'} to {path}")


@app.command("json")
def json_(
    output: OutputOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    period: PeriodOpt = None,
    whole: AllOpt = False,
    force: ForceOpt = False,
) -> None:
    """Time entries as a JSON array (the records 'psa entries --format json' prints).

    With --all: the whole ledger as one versioned document, which 'psa import psa FILE'
    loads into an empty ledger (docs/formats.md).
    """
    if not whole:
        _entries_out("json", output, force, date_from, date_to, period)
        return
    from psa_cli.domain.errors import InvalidInput
    from psa_cli.services import exporting, ledger_document

    if date_from or date_to or period:
        raise InvalidInput("--all exports the whole ledger: drop --from/--to/--period")
    path = exporting.output_path(ledger(), output, force)
    if path is None:
        import sys

        ledger_document.write(ledger(), sys.stdout)
        return
    counts: tuple[int, int] = (0, 0)

    def fill(out: TextIO) -> None:  # row by row: constant memory at any size
        nonlocal counts
        counts = ledger_document.write(ledger(), out)

    exporting.write_text(path, fill, force)
    rows, tables = counts
    typer.echo(f"Wrote the whole ledger ({rows} rows in {tables} tables) to {path}")


@app.command("csv")
def csv_(
    output: OutputOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    period: PeriodOpt = None,
    force: ForceOpt = False,
) -> None:
    """Time entries as CSV, one row per entry (cells that look like formulas are quoted)."""
    _entries_out("csv", output, force, date_from, date_to, period)
