"""`psa client add|list|show|edit|archive`."""

from __future__ import annotations

from typing import Annotated

import typer

from psa_cli.cli.options import FormatOpt, ledger, output_format

app = typer.Typer(no_args_is_help=True)
CodeArg = Annotated[str, typer.Argument(help="Client code (or exact name).")]
CodeOpt = Annotated[
    str | None, typer.Option("--code", help="Short code you type (default: from the name).")
]
RateOpt = Annotated[str | None, typer.Option("--rate", help="Default hourly rate, e.g. 120.")]
CurOpt = Annotated[
    str | None, typer.Option("--currency", help="ISO 4217 currency (default: config).")
]
TaxOpt = Annotated[
    str | None, typer.Option("--tax-rate", help="Default tax/VAT rate in percent, e.g. 20.")
]
TermsOpt = Annotated[int | None, typer.Option("--terms", help="Payment terms in days, e.g. 30.")]
EmailOpt = Annotated[str | None, typer.Option("--email", help="Billing e-mail.")]
AddrOpt = Annotated[
    str | None, typer.Option("--address", help="Postal address ('\\n' between lines).")
]
TaxIdOpt = Annotated[str | None, typer.Option("--tax-id", help="Client's VAT / tax id.")]
PostOpt = Annotated[str | None, typer.Option("--postcode", help="Postcode (e-invoices).")]
CityOpt = Annotated[str | None, typer.Option("--city", help="City (e-invoices).")]
CountryOpt = Annotated[str | None, typer.Option("--country", help="ISO country code, e.g. FR, DE.")]
TaxCatOpt = Annotated[
    str | None,
    typer.Option("--tax-category", help="EN 16931 VAT category: S, Z, E, AE, K, G or O."),
]
ReasonOpt = Annotated[
    str | None, typer.Option("--exemption-reason", help="Why VAT is not charged (E, AE, ...).")
]
RoundOpt = Annotated[
    str | None, typer.Option("--rounding", help="Override rounding: none, up/15, nearest/6/30.")
]

FIELDS = [
    ("Code", "code"), ("Name", "name"), ("E-mail", "email"), ("Address", "address"),
    ("Postcode", "postcode"), ("City", "city"), ("Country", "country"),
    ("Tax id", "tax_id"), ("Tax category", "tax_category"), ("Exemption", "exemption_reason"),
    ("Rounding", "rounding"), ("Currency", "currency"), ("Rate", "rate"),
    ("Tax rate %", "tax_rate"),
    ("Terms (days)", "terms_days"), ("Archived", "archived"),
]  # fmt: skip


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="Client name, e.g. 'ACME Corp'.")],
    code: CodeOpt = None,
    rate: RateOpt = None,
    currency: CurOpt = None,
    tax_rate: TaxOpt = None,
    terms: TermsOpt = None,
    email: EmailOpt = None,
    address: AddrOpt = None,
    tax_id: TaxIdOpt = None,
    postcode: PostOpt = None,
    city: CityOpt = None,
    country: CountryOpt = None,
    tax_category: TaxCatOpt = None,
    exemption_reason: ReasonOpt = None,
    rounding: RoundOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Add a client."""
    from psa_cli.cli import render
    from psa_cli.services.clients import ClientFields, add_client

    client = add_client(
        ledger(),
        ClientFields(
            postcode=postcode,
            city=city,
            country=country,
            tax_category=tax_category,
            exemption_reason=exemption_reason,
            rounding=rounding,
            name=name,
            code=code,
            email=email,
            address=address,
            tax_id=tax_id,
            currency=currency,
            rate=rate,
            tax_rate=tax_rate,
            terms=terms,
        ),  # fmt: skip
    )
    if output_format(fmt) == "table":
        render.say(f"Added client {client.code} ({client.name}, {client.currency}).")
    else:
        render.record(client.to_json(), output_format(fmt))


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include archived clients.")] = False,
    fmt: FormatOpt = None,
) -> None:
    """List clients."""
    from psa_cli.cli import render
    from psa_cli.services.clients import list_clients

    rows = [c.to_json() for c in list_clients(ledger(), include_archived=all_)]
    render.table(
        rows,
        [
            render.col("Code", "code"),
            render.col("Name", "name"),
            render.col("Currency", "currency"),
            render.col("Rate", "rate", "right"),
            render.col("Tax %", "tax_rate", "right"),
            render.col("Terms", "terms_days", "right"),
            render.col("E-mail", "email"),
            render.col("Archived", "archived"),
        ],  # fmt: skip
        output_format(fmt),
        empty="No clients yet: add one with 'psa client add NAME'.",
    )


@app.command()
def show(code: CodeArg, fmt: FormatOpt = None) -> None:
    """Show a client with its projects and activity."""
    from psa_cli.cli import render
    from psa_cli.domain.durations import format_clock
    from psa_cli.services.clients import show_client

    detail = show_client(ledger(), code)
    data = detail.client.to_json()
    data["projects"] = [p.to_json() for p in detail.projects]
    data["activity"] = detail.activity
    data["contacts"] = detail.contacts
    data["interactions"] = detail.interactions
    out = output_format(fmt)

    def extra() -> None:
        act = detail.activity
        render.say(
            f"\nProjects: {act['projects']}, {format_clock(act['logged_seconds'])} logged, "
            f"{format_clock(act['unbilled_seconds'])} unbilled, {act['expenses']} expenses"
        )
        if detail.projects:
            render.table(
                data["projects"],
                [
                    render.col("Project", "code"),
                    render.col("Name", "name"),
                    render.col("Billing", "billing"),
                    render.col("Status", "status"),
                    render.Col("Logged", lambda r: format_clock(r["logged_seconds"]), "right"),
                ],  # fmt: skip
                "table",
            )
        if detail.contacts:
            render.table(data["contacts"], [render.col("Contact", "name"),
                         render.col("Role", "role"), render.col("E-mail", "email"),
                         render.col("Phone", "phone")], "table")  # fmt: skip
        if detail.interactions:
            from psa_cli.cli.crm import interaction_columns

            render.say(f"\nLatest interactions ({len(detail.interactions)}):")
            render.table(data["interactions"], interaction_columns(), "table")

    render.record(data, out, title=f"Client {detail.client.code}", fields=FIELDS, extra=extra)


@app.command()
def edit(
    code: CodeArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    new_code: Annotated[str | None, typer.Option("--code", help="New code.")] = None,
    rate: RateOpt = None,
    currency: CurOpt = None,
    tax_rate: TaxOpt = None,
    terms: TermsOpt = None,
    email: EmailOpt = None,
    address: AddrOpt = None,
    tax_id: TaxIdOpt = None,
    postcode: PostOpt = None,
    city: CityOpt = None,
    country: CountryOpt = None,
    tax_category: TaxCatOpt = None,
    exemption_reason: ReasonOpt = None,
    rounding: RoundOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Change a client's details (rate '' clears it)."""
    from psa_cli.cli import render
    from psa_cli.services.clients import ClientFields, edit_client

    client = edit_client(
        ledger(),
        code,
        ClientFields(
            postcode=postcode,
            city=city,
            country=country,
            tax_category=tax_category,
            exemption_reason=exemption_reason,
            rounding=rounding,
            name=name,
            code=new_code,
            email=email,
            address=address,
            tax_id=tax_id,
            currency=currency,
            rate=rate,
            tax_rate=tax_rate,
            terms=terms,
        ),  # fmt: skip
    )
    if output_format(fmt) == "table":
        render.say(f"Updated client {client.code}.")
    render.record(client.to_json(), output_format(fmt), fields=FIELDS)


@app.command()
def archive(
    code: CodeArg,
    restore: Annotated[bool, typer.Option("--restore", help="Un-archive instead.")] = False,
) -> None:
    """Archive a client (hidden from lists; its history stays)."""
    from psa_cli.services.clients import archive_client

    client = archive_client(ledger(), code, restore=restore)
    typer.echo(f"{'Restored' if restore else 'Archived'} client {client.code}.")
