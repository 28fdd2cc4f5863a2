"""`psa invoice ...`: draft, inspect, edit, issue, pay, void, credit, export."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from psa_cli.cli.options import FormatOpt, FromOpt, PeriodOpt, ToOpt, ledger, output_format

app = typer.Typer(no_args_is_help=True)
line_app = typer.Typer(no_args_is_help=True)
NArg = Annotated[str, typer.Argument(help="Invoice id, or its number once issued.")]
PosArg = Annotated[
    int, typer.Argument(help="Line position (see 'psa invoice show').", min=1, max=2**63 - 1)
]


def _print(doc: dict[str, Any], fmt: str | None, warnings: list[str] | None = None) -> None:
    from psa_cli.cli import render

    for warning in warnings or []:
        render.warn(warning)
    out = output_format(fmt)
    if out == "json":
        render.emit_json(doc)
        return
    if out == "csv":
        render.emit_csv([{**ln, "invoice": doc["number"] or doc["id"], "currency": doc["currency"]}
                         for ln in doc["lines"]])  # fmt: skip
        return
    _print_table(doc)


# A table of 100k lines takes Rich over a minute to draw: people get the first ones.
_MAX_ROWS = 200


def _print_table(doc: dict[str, Any]) -> None:
    from psa_cli.cli import render

    cur = doc["currency"]
    title = "Credit note" if doc["kind"] == "credit_note" else "Invoice"
    label = doc["number"] or (f"draft {doc['id']}" if doc["id"] else "preview (not saved)")
    render.say(f"{title} {label} — {doc['buyer']['name']} ({doc['buyer']['code']}) — "
               f"{doc['status']}")  # fmt: skip
    dates = f"Issued {doc['issue_date']}, due {doc['due_date']}"
    if doc["status"] in ("draft", "preview"):
        dates = f"If issued today: {doc['issue_date']}, due {doc['due_date']}"
    if doc["period"]:
        dates += f"; period {doc['period']['from'] or '…'} to {doc['period']['to'] or '…'}"
    if doc["credited_invoice"]:
        dates += f"; credits {doc['credited_invoice']['number']}"
    render.say(dates)
    shown = doc["lines"][:_MAX_ROWS]
    render.table(
        shown,
        [
            render.col("#", "position", "right"),
            render.col("Description", "description"),
            render.Col(
                "Qty",
                lambda r: f"{r['quantity']} {'h' if r['unit'] == 'HUR' else ''}".strip(),
                "right",
            ),
            render.col("Unit price", "unit_price", "right"),
            render.col("Net", "net", "right"),
            render.Col("Tax", lambda r: f"{r['tax_category']} {r['tax_rate']}%", "right"),
        ],  # fmt: skip
        "table",
    )
    if len(shown) < len(doc["lines"]):
        label = doc["number"] or doc["id"]
        render.say(
            f"… and {len(doc['lines']) - len(shown)} more lines: "
            f"psa invoice show {label} --format csv"
        )
    t = doc["totals"]
    for allowance in doc["allowances"]:
        render.say(f"  {allowance['reason']} on {allowance['tax_category']} "
                   f"{allowance['tax_rate']}%: -{allowance['amount']} {cur}")  # fmt: skip
    for group in doc["tax_breakdown"]:
        reason = f" ({group['exemption_reason']})" if group["exemption_reason"] else ""
        render.say(f"  Tax {group['category']} {group['rate']}% on {group['taxable']}: "
                   f"{group['tax']} {cur}{reason}")  # fmt: skip
    render.say(f"  Net {t['net']}  Tax {t['tax']}  Total {t['gross']} {cur}"
               + (f"  Paid {t['paid']}" if t["paid"] != "0.00" and t["paid"] != "0" else "")
               + (f"  Credited {t['credited']}" if doc["kind"] == "invoice"
                  and t["credited"].strip("0.") else "")
               + (f"  Due {t['due']} {cur}" if doc["kind"] == "invoice" else ""))  # fmt: skip


@app.command()
def create(
    client: Annotated[str, typer.Argument(help="Client code.")],
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    period: PeriodOpt = None,
    project: Annotated[
        list[str] | None, typer.Option("--project", help="Only these projects (repeatable).")
    ] = None,
    group_by: Annotated[
        str, typer.Option("--group-by", help="One line per entry, task, project or day.")
    ] = "task",
    no_expenses: Annotated[bool, typer.Option("--no-expenses", help="Leave expenses out.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the draft without saving it.")
    ] = False,
    allow_over_cap: Annotated[
        bool, typer.Option("--allow-over-cap", help="Bill past a project's not-to-exceed cap.")
    ] = False,
    milestone: Annotated[
        str | None, typer.Option("--milestone", help="Fixed fee: milestone label.")
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="Fixed fee: amount to bill.")
    ] = None,
    percent: Annotated[
        str | None, typer.Option("--percent", help="Fixed fee: percent of the fee.")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Draft an invoice from the client's unbilled time and expenses."""
    from psa_cli.services import invoices
    from psa_cli.services.invoicing import DraftRequest

    req = DraftRequest(client=client, date_from=date_from, date_to=date_to, period=period,
                       projects=project or [], group_by=group_by, expenses=not no_expenses,
                       allow_over_cap=allow_over_cap, milestone=milestone, amount=amount,
                       percent=percent)  # fmt: skip
    result = invoices.preview(ledger(), req) if dry_run else invoices.create(ledger(), req)
    _print(result.document, fmt, result.warnings)
    if output_format(fmt) == "table" and not dry_run:
        typer.echo(f"Issue it with: psa invoice issue {result.document['id']}")


@app.command("list")
def list_(
    status: Annotated[
        str | None, typer.Option("--status", help="draft, issued, paid, overdue or void.")
    ] = None,
    client: Annotated[
        str | None, typer.Option("--client", "-c", help="Only this client's.")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """List invoices and credit notes with what is still due."""
    from psa_cli.cli import render
    from psa_cli.services import invoices

    rows = invoices.list_invoices(ledger(), status=status, client=client)
    render.table(
        rows,
        [
            render.col("ID", "id", "right"),
            render.col("Number", "number"),
            render.col("Kind", "kind"),
            render.col("Client", "client"),
            render.col("Status", "status"),
            render.col("Issued", "issue_date"),
            render.col("Due date", "due_date"),
            render.col("Total", "total", "right"),
            render.col("Paid", "paid", "right"),
            render.col("Due", "due", "right"),
            render.col("Currency", "currency"),
        ],  # fmt: skip
        output_format(fmt),
        empty="No invoices: draft one with 'psa invoice create CLIENT'.",
    )


@app.command()
def show(number: NArg, fmt: FormatOpt = None) -> None:
    """Show an invoice: lines, tax breakdown, totals, payments."""
    from psa_cli.services import invoices

    _print(invoices.show(ledger(), number), fmt)


@app.command()
def edit(
    number: NArg,
    notes: Annotated[
        str | None, typer.Option("--notes", help="Notes printed on the invoice.")
    ] = None,
    po: Annotated[
        str | None, typer.Option("--po", help="Buyer's purchase order reference.")
    ] = None,
    discount: Annotated[str | None, typer.Option("--discount", help="Discount in percent.")] = None,
    due: Annotated[str | None, typer.Option("--due", help="Due date (default: terms).")] = None,
    fmt: FormatOpt = None,
) -> None:
    """Change a draft's notes, PO reference, discount or due date."""
    from psa_cli.services import invoices

    change = invoices.InvoiceEdit(notes=notes, po_reference=po, discount=discount, due_date=due)
    _print(invoices.edit(ledger(), number, change), fmt)


@app.command()
def delete(number: NArg) -> None:
    """Delete a draft; its entries and expenses become unbilled again."""
    from psa_cli.services import invoices

    doc = invoices.delete(ledger(), number)
    typer.echo(f"Deleted draft {doc['id']} ({doc['totals']['gross']} {doc['currency']}).")


@app.command()
def issue(
    number: NArg,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="Issue date (default today).")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Issue a draft: assign its number, freeze its lines, lock its entries."""
    from psa_cli.cli import render
    from psa_cli.services import invoices
    from psa_cli.services.invoice_export import missing_for_einvoice

    gaps = [g for g in missing_for_einvoice(ledger(), number) if not g.startswith("number:")]
    doc = invoices.issue(ledger(), number, on=date)
    if gaps:  # said only once issued: a refused command prints its one error line alone
        render.warn(f"not e-invoice ready ({len(gaps)} missing, e.g. {gaps[0]}); "
                    f"'psa invoice check {doc['number']}' lists them")  # fmt: skip
    if output_format(fmt) == "table":
        typer.echo(f"Issued {doc['number']}: {doc['totals']['gross']} {doc['currency']}, "
                   f"due {doc['due_date']}.")  # fmt: skip
    else:
        _print(doc, fmt)


@app.command()
def pay(
    number: NArg,
    amount: Annotated[str, typer.Argument(help="Amount received.")],
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="Payment date (default today).")
    ] = None,
    method: Annotated[str, typer.Option("--method", help="transfer, card, cash, ...")] = "transfer",
    reference: Annotated[str, typer.Option("--reference", help="Bank reference.")] = "",
    fmt: FormatOpt = None,
) -> None:
    """Record a (partial) payment; overpayment is refused."""
    from psa_cli.services import invoices

    doc = invoices.pay(ledger(), number, amount, on=date, method=method, reference=reference)
    if output_format(fmt) == "table":
        typer.echo(f"Recorded payment on {doc['number']}: {doc['totals']['due']} "
                   f"{doc['currency']} still due ({doc['status']}).")  # fmt: skip
    else:
        _print(doc, fmt)


@app.command()
def void(number: NArg, fmt: FormatOpt = None) -> None:
    """Void an issued invoice: its number stays used, its entries are released."""
    from psa_cli.services import invoices

    doc = invoices.void(ledger(), number)
    if output_format(fmt) == "table":
        typer.echo(f"Voided {doc['number']}; its time and expenses are unbilled again.")
    else:
        _print(doc, fmt)


@app.command()
def credit(
    number: NArg,
    lines: Annotated[
        str | None,
        typer.Option("--lines", help="Line positions to credit, e.g. 1,3 (default all)."),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Issue a credit note for an invoice (all lines, or --lines)."""
    from psa_cli.domain.errors import InvalidInput
    from psa_cli.services import invoices

    positions = None
    if lines:
        try:
            positions = sorted({int(p) for p in lines.split(",") if p.strip()})
        except ValueError:
            raise InvalidInput(f"invalid --lines '{lines}': give positions like 1,3") from None
    doc = invoices.credit(ledger(), number, positions)
    if output_format(fmt) == "table":
        typer.echo(f"Issued credit note {doc['number']} for {doc['credited_invoice']['number']}: "
                   f"{doc['totals']['gross']} {doc['currency']}.")  # fmt: skip
    else:
        _print(doc, fmt)


def _line_change(**kw: Any) -> Any:
    from psa_cli.services.invoice_lines import LineChange

    return LineChange(**kw)


DescOpt = Annotated[str | None, typer.Option("--description", "-m", help="Line text.")]
QtyOpt = Annotated[str | None, typer.Option("--quantity", "-q", help="Quantity, e.g. 2.5.")]
PriceOpt = Annotated[str | None, typer.Option("--price", help="Unit price.")]
UnitOpt = Annotated[str | None, typer.Option("--unit", help="hour, unit or day.")]
RateOpt = Annotated[str | None, typer.Option("--tax-rate", help="Tax rate in percent.")]
CatOpt = Annotated[str | None, typer.Option("--tax-category", help="S, Z, E, AE, K, G or O.")]
WhyOpt = Annotated[str | None, typer.Option("--exemption-reason", help="Why no VAT.")]


@line_app.command("add")
def line_add(number: NArg, description: Annotated[str, typer.Argument(help="Line text.")],
             quantity: QtyOpt = None, price: PriceOpt = None, unit: UnitOpt = None,
             tax_rate: RateOpt = None, tax_category: CatOpt = None,
             exemption_reason: WhyOpt = None, fmt: FormatOpt = None) -> None:  # fmt: skip
    """Add a manual line to a draft."""
    from psa_cli.services import invoice_lines

    change = _line_change(description=description, quantity=quantity, unit_price=price, unit=unit,
                          tax_rate=tax_rate, tax_category=tax_category,
                          exemption_reason=exemption_reason)  # fmt: skip
    _print(invoice_lines.add_line(ledger(), number, change), fmt)


@line_app.command("edit")
def line_edit(number: NArg, position: PosArg, description: DescOpt = None,
              quantity: QtyOpt = None, price: PriceOpt = None, unit: UnitOpt = None,
              tax_rate: RateOpt = None, tax_category: CatOpt = None,
              exemption_reason: WhyOpt = None, fmt: FormatOpt = None) -> None:  # fmt: skip
    """Change a draft line (text, quantity, price, tax)."""
    from psa_cli.services import invoice_lines

    change = _line_change(description=description, quantity=quantity, unit_price=price, unit=unit,
                          tax_rate=tax_rate, tax_category=tax_category,
                          exemption_reason=exemption_reason)  # fmt: skip
    _print(invoice_lines.edit_line(ledger(), number, position, change), fmt)


@line_app.command("remove")
def line_remove(number: NArg, position: PosArg, fmt: FormatOpt = None) -> None:
    """Remove a draft line; what it billed becomes unbilled again."""
    from psa_cli.services import invoice_lines

    _print(invoice_lines.remove_line(ledger(), number, position), fmt)


app.add_typer(line_app, name="line", help="Draft lines: add, edit, remove.")


@app.command()
def export(
    number: NArg,
    to: Annotated[
        str, typer.Option("--to", "-t", help="json, csv, md, html, pdf, facturx, cii, ubl or all.")
    ] = "pdf",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="File (or folder for --to all).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Validate e-invoices against EN 16931 before writing.")
    ] = False,
) -> None:
    """Export an invoice: JSON/CSV/Markdown to stdout, or files (PDF, Factur-X, UBL, ...)."""
    import sys

    from psa_cli.services.invoice_export import export as run

    for item in run(ledger(), number, to.lower(), output, force=force, check=check):
        if item.path is None:
            sys.stdout.write(item.content.decode())
            if not item.content.endswith(b"\n"):
                sys.stdout.write("\n")
        else:
            typer.echo(f"Wrote {item.fmt}: {item.path}")


@app.command()
def check(number: NArg, fmt: FormatOpt = None) -> None:
    """List what an invoice lacks to be a valid EN 16931 e-invoice (exit 1 if anything)."""
    from psa_cli.cli import render
    from psa_cli.services.invoice_export import missing_for_einvoice

    gaps = missing_for_einvoice(ledger(), number)
    out = output_format(fmt)
    if out == "json":
        render.emit_json({"ok": not gaps, "missing": gaps})
    elif out == "csv":
        render.emit_csv([{"missing": g} for g in gaps])
    elif gaps:
        for gap in gaps:
            typer.echo(f"missing: {gap}")
    else:
        typer.echo("Ready for Factur-X and UBL: nothing missing.")
    if gaps:
        raise typer.Exit(1)
