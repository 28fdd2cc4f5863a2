"""`psa init` and `psa config get|set|unset|list|path`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from psa_cli.cli.options import FormatOpt, ledger, output_format

config_app = typer.Typer(no_args_is_help=True)

_INIT_KEYS = [
    ("name", "business.name", "Business name"),
    ("address", "business.address", "Address (\\n between lines)"),
    ("email", "business.email", "Billing e-mail"),
    ("country", "business.country", "Country (ISO code, e.g. FR)"),
    ("tax_id", "business.tax_id", "VAT / tax id"),
    ("iban", "business.iban", "IBAN"),
    ("currency", "business.currency", "Default currency"),
    ("rate", "business.rate", "Default hourly rate"),
]


def init(
    name: Annotated[str | None, typer.Option("--name", help="Business name.")] = None,
    address: Annotated[str | None, typer.Option("--address", help="Postal address.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Billing e-mail.")] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Country, ISO code such as FR (e-invoices).")
    ] = None,
    tax_id: Annotated[str | None, typer.Option("--tax-id", help="VAT / tax id.")] = None,
    iban: Annotated[str | None, typer.Option("--iban", help="IBAN for payments.")] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Default currency, e.g. EUR.")
    ] = None,
    rate: Annotated[str | None, typer.Option("--rate", help="Default hourly rate.")] = None,
    me: Annotated[
        str | None, typer.Option("--me", help="Your name as a person (default 'me').")
    ] = None,
) -> None:
    """Create the ledger and write your business details to the config."""
    from psa_cli.services import setup

    given = {"name": name, "address": address, "email": email, "tax_id": tax_id,
             "country": country, "iban": iban, "currency": currency, "rate": rate}  # fmt: skip
    led = ledger()
    details = {key: value for opt, key, _ in _INIT_KEYS if (value := given[opt]) is not None}
    if "business.address" in details:
        details["business.address"] = details["business.address"].replace("\\n", "\n")
    if not details and sys.stdin.isatty() and sys.stdout.isatty():
        for _, key, label in _INIT_KEYS:
            current = led.config.get(key)
            answer = typer.prompt(label, default=str(current) if current else "", show_default=True)
            if answer != "":
                details[key] = answer
    result = setup.init(led, details, me=me)
    typer.echo(f"{'Created' if result.created_ledger else 'Using'} ledger {result.ledger_path}")
    typer.echo(
        f"Config {'written to' if details or result.created_ledger else 'at'} {result.config_path}"
    )
    typer.echo("Next: psa client add NAME, psa project add CLIENT NAME, psa start PROJECT")


@config_app.command()
def get(key: Annotated[str, typer.Argument(help="Key such as business.name.")]) -> None:
    """Print one setting's value."""
    from psa_cli.services.config import load

    typer.echo(str(load().get(key)))


@config_app.command("set")
def set_(
    key: Annotated[str, typer.Argument(help="Key such as rounding.mode.")],
    value: Annotated[str, typer.Argument(help="New value.")],
) -> None:
    """Set a setting (validated before it is written)."""
    from psa_cli.services.config import set_value

    name, stored = set_value(key, value)
    typer.echo(f"{name} = {stored}")


@config_app.command()
def unset(key: Annotated[str, typer.Argument(help="Key to reset to its default.")]) -> None:
    """Remove a setting from the file (its default applies again)."""
    from psa_cli.services.config import unset_value

    typer.echo(f"{unset_value(key)} reset to its default")


@config_app.command("list")
def list_(fmt: FormatOpt = None) -> None:
    """List every setting with its value and meaning."""
    from psa_cli.cli import render
    from psa_cli.domain.settings import SETTINGS
    from psa_cli.services.config import load

    config = load()
    rows = [
        {
            "key": key,
            "value": value,
            "default": SETTINGS[key].default,
            "set": key in config.values,
            "help": SETTINGS[key].help,
        }  # fmt: skip
        for key, value in config.effective().items()
    ]
    out = output_format(fmt)
    if out == "json":
        render.emit_json({r["key"]: r["value"] for r in rows})
        return
    render.table(
        rows,
        [
            render.col("Key", "key"),
            render.col("Value", "value"),
            render.Col("", lambda r: "" if r["set"] else "(default)"),
            render.col("Meaning", "help"),
        ],  # fmt: skip
        out,
    )


@config_app.command()
def path() -> None:
    """Print the config file's path."""
    from psa_cli.services.config import config_path

    typer.echo(str(config_path()))


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Setup")(init)
