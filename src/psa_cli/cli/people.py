"""`psa person add|list|edit`."""

from __future__ import annotations

from typing import Annotated

import typer

from psa_cli.cli.options import FormatOpt, ledger, output_format

app = typer.Typer(no_args_is_help=True)
CapOpt = Annotated[str | None, typer.Option("--capacity", help="Weekly capacity, e.g. 40h or 32.")]
CostOpt = Annotated[str | None, typer.Option("--cost-rate", help="Internal cost per hour.")]
RateOpt = Annotated[str | None, typer.Option("--rate", help="Billing rate per hour.")]
EmailOpt = Annotated[str | None, typer.Option("--email", help="E-mail address.")]
DefaultOpt = Annotated[bool, typer.Option("--default", help="Make this person the default (you).")]


def _columns() -> list[object]:
    from psa_cli.cli import render
    from psa_cli.domain.durations import format_duration

    return [
        render.col("Name", "name"),
        render.Col("Capacity/week", lambda r: format_duration(r["capacity_seconds"]), "right"),
        render.col("Rate", "rate", "right"),
        render.col("Cost rate", "cost_rate", "right"),
        render.col("Currency", "currency"),
        render.col("E-mail", "email"),
        render.Col("Default", lambda r: "yes" if r["is_default"] else ""),
        render.col("Archived", "archived"),
    ]


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="Person's name.")],
    capacity: CapOpt = None,
    cost_rate: CostOpt = None,
    rate: RateOpt = None,
    email: EmailOpt = None,
    default: DefaultOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Add a person."""
    from psa_cli.cli import render
    from psa_cli.services.people import PersonFields, add_person

    person = add_person(
        ledger(),
        PersonFields(name=name, email=email, capacity=capacity, cost_rate=cost_rate, rate=rate),
        make_default=default,
    )
    if output_format(fmt) == "table":
        render.say(f"Added {person.name}.")
    else:
        render.record(person.to_json(), output_format(fmt))


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include archived people.")] = False,
    fmt: FormatOpt = None,
) -> None:
    """List people."""
    from psa_cli.cli import render
    from psa_cli.services.people import list_people

    rows = [p.to_json() for p in list_people(ledger(), include_archived=all_)]
    render.table(rows, _columns(), output_format(fmt))  # type: ignore[arg-type]


@app.command()
def edit(
    name: Annotated[str, typer.Argument(help="Person's current name.")],
    new_name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    capacity: CapOpt = None,
    cost_rate: CostOpt = None,
    rate: RateOpt = None,
    email: EmailOpt = None,
    default: DefaultOpt = False,
    archived: Annotated[
        bool | None, typer.Option("--archive/--restore", help="Archive or restore.")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Change a person's details."""
    from psa_cli.cli import render
    from psa_cli.services.people import PersonFields, edit_person

    person = edit_person(
        ledger(),
        name,
        PersonFields(name=new_name, email=email, capacity=capacity, cost_rate=cost_rate, rate=rate),
        make_default=default,
        archived=archived,
    )
    if output_format(fmt) == "table":
        render.say(f"Updated {person.name}.")
    render.record(person.to_json(), output_format(fmt))
