"""`psa export beancount|hledger`: the books as an accounting journal (docs/journals.md)."""

from __future__ import annotations

from typing import Annotated

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
