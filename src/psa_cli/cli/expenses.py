"""`psa expense add|list|show|edit|delete`."""

from __future__ import annotations

from typing import Annotated

import typer

from psa_cli.cli.options import DateOpt, FormatOpt, FromOpt, PeriodOpt, ToOpt, ledger, output_format

app = typer.Typer(no_args_is_help=True)
IdArg = Annotated[
    int, typer.Argument(help="Expense id (see 'psa expense list').", min=1, max=2**63 - 1)
]
CatOpt = Annotated[str | None, typer.Option("--category", help="e.g. travel, software, hardware.")]
CurOpt = Annotated[
    str | None, typer.Option("--currency", help="Must match the project's currency.")
]
MarkupOpt = Annotated[str | None, typer.Option("--markup", help="Markup in percent billed on top.")]
ReceiptOpt = Annotated[str | None, typer.Option("--receipt", help="Receipt file to keep (copied).")]
BillOpt = Annotated[
    bool | None, typer.Option("--billable/--non-billable", help="Re-bill to the client?")
]


@app.command()
def add(
    amount: Annotated[str, typer.Argument(help="Amount, e.g. 49.90.")],
    project: Annotated[str, typer.Argument(help="Project code, or CLIENT/PROJECT.")],
    description: Annotated[str, typer.Argument(help="What it was.")],
    date: DateOpt = None,
    category: CatOpt = None,
    currency: CurOpt = None,
    billable: BillOpt = None,
    markup: MarkupOpt = None,
    receipt: ReceiptOpt = None,
    person: Annotated[str | None, typer.Option("--person", help="Who spent it.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """Record an expense on a project."""
    from psa_cli.cli import render
    from psa_cli.domain.money import format_money
    from psa_cli.services.expenses import ExpenseFields, add_expense

    expense = add_expense(
        ledger(),
        ExpenseFields(
            amount=amount,
            project=project,
            description=description,
            date=date,
            category=category,
            currency=currency,
            billable=billable,
            markup=markup,
            receipt=receipt,
            person=person,
        ),  # fmt: skip
    )
    if output_format(fmt) == "table":
        render.say(
            f"Added expense {expense.id}: {format_money(expense.amount_minor, expense.currency)} "
            f"on {expense.project_code} ({expense.day})"
            + (f", receipt kept at {expense.receipt_path}" if expense.receipt_path else "")
        )
    else:
        render.record(expense.to_json(), output_format(fmt))


@app.command("list")
def list_(
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    period: PeriodOpt = None,
    client: Annotated[str | None, typer.Option("--client", "-c", help="Client code.")] = None,
    project: Annotated[str | None, typer.Option("--project", help="Project code.")] = None,
    category: CatOpt = None,
    billable: BillOpt = None,
    unbilled: Annotated[
        bool, typer.Option("--unbilled", help="Only billable, not yet invoiced.")
    ] = False,
    fmt: FormatOpt = None,
) -> None:
    """List expenses."""
    from psa_cli.cli import render
    from psa_cli.domain.money import format_money
    from psa_cli.services.expenses import list_expenses

    items = list_expenses(
        ledger(), date_from=date_from, date_to=date_to, period=period, client=client,
        project=project, category=category, billable=billable, unbilled=unbilled,
    )  # fmt: skip
    totals: dict[str, int] = {}
    for x in items:
        totals[x.currency] = totals.get(x.currency, 0) + x.amount_minor
    footer_total = ", ".join(format_money(v, k) for k, v in sorted(totals.items()))
    out = output_format(fmt)
    render.table(
        [
            {**x.to_json(), "amount_minor": x.amount_minor} if out == "table" else x.to_json()
            for x in items
        ],
        [
            render.col("ID", "id", "right"),
            render.col("Day", "day"),
            render.col("Project", "project"),
            render.col("Description", "description"),
            render.col("Category", "category"),
            render.Col("Amount", lambda r: format_money(r["amount_minor"], r["currency"]), "right"),
            render.Col(
                "Markup",
                lambda r: f"{r['markup_percent']}%" if r["markup_percent"] != "0" else "",
                "right",
            ),
            render.Col("Bill", lambda r: "" if r["billable"] else "no"),
            render.col("Invoice", "invoice"),
            render.Col("Receipt", lambda r: "yes" if r["receipt"] else ""),
        ],  # fmt: skip
        out,
        footer=[
            "",
            "",
            "",
            f"{len(items)} expense{'' if len(items) == 1 else 's'}",
            "",
            footer_total,
        ],
        empty="No expenses match.",
    )


@app.command()
def show(expense_id: IdArg, fmt: FormatOpt = None) -> None:
    """Show one expense."""
    from psa_cli.cli import render
    from psa_cli.services.expenses import get_expense

    expense = get_expense(ledger(), expense_id)
    render.record(expense.to_json(), output_format(fmt), title=f"Expense {expense.id}")


@app.command()
def edit(
    expense_id: IdArg,
    amount: Annotated[str | None, typer.Option("--amount", help="New amount.")] = None,
    project: Annotated[str | None, typer.Option("--project", help="Move to this project.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", "-m", help="New description.")
    ] = None,
    date: DateOpt = None,
    category: CatOpt = None,
    currency: CurOpt = None,
    billable: BillOpt = None,
    markup: MarkupOpt = None,
    receipt: ReceiptOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Change an expense (refused when it is billed on an issued invoice)."""
    from psa_cli.cli import render
    from psa_cli.services.expenses import ExpenseFields, edit_expense

    expense = edit_expense(
        ledger(),
        expense_id,
        ExpenseFields(
            amount=amount,
            project=project,
            description=description,
            date=date,
            category=category,
            currency=currency,
            billable=billable,
            markup=markup,
            receipt=receipt,
        ),  # fmt: skip
    )
    if output_format(fmt) == "table":
        render.say(f"Updated expense {expense.id}.")
    render.record(expense.to_json(), output_format(fmt))


@app.command()
def delete(
    expense_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an expense (refused when it is billed on an issued invoice)."""
    import sys

    from psa_cli.services.expenses import delete_expense, get_expense

    expense = get_expense(ledger(), expense_id)
    if not yes and sys.stdin.isatty():
        typer.confirm(f"Delete expense {expense.id} ({expense.description})?", abort=True)
    delete_expense(ledger(), expense_id)
    typer.echo(f"Deleted expense {expense.id}.")
