"""`psa contract add|list|show` and `psa contract milestone add`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from psa_cli.cli.options import FormatOpt, ledger, output_format

app = typer.Typer(no_args_is_help=True)
milestone_app = typer.Typer(no_args_is_help=True)
app.add_typer(milestone_app, name="milestone", help="Milestones of a fixed-fee contract.")

IdArg = Annotated[int, typer.Argument(help="Contract id (see 'psa contract list').")]

FIELDS = [
    ("Id", "id"), ("Client", "client"), ("Project", "project"), ("Type", "type"),
    ("From", "start"), ("To", "end"), ("Active", "active"), ("Amount", "amount"),
    ("Included", "included"), ("Rollover", "rollover"), ("Overage rate", "overage_rate"),
    ("Cap", "cap"), ("Currency", "currency"),
]  # fmt: skip
USAGE = [
    ("Period", "period"), ("Used", "used"), ("Rolled over", "rolled_over"), ("Left", "left"),
    ("Overage", "overage"), ("Total", "total"),
    ("Milestones billed", "milestones_billed"), ("Milestones unbilled", "milestones_unbilled"),
    ("Unscheduled", "unscheduled"), ("Logged", "logged"), ("Invoiced", "billed"),
    ("Left to bill", "left_amount"),
]  # fmt: skip


def _readable(data: dict[str, Any]) -> dict[str, Any]:
    """The contract's fields for a table: durations as h:mm, periods as 'from to'."""
    from psa_cli.domain.durations import format_clock

    out = dict(data)
    if data.get("included_seconds") is not None:
        out["included"] = format_clock(data["included_seconds"]) + " a month"
    use = data.get("consumption") or {}
    if "period_from" in use:
        out["period"] = f"{use['period_from']} to {use['period_to']}"
        out["used"] = format_clock(use["used_seconds"])
        out["rolled_over"] = format_clock(use["rolled_over_seconds"])
        out["left"] = format_clock(use["left_seconds"])
        over = format_clock(use["overage_seconds"])
        out["overage"] = over + (f" = {use['overage_amount']}" if use["overage_amount"] else "")
    else:
        out.update({k: use.get(k) for k in ("total", "milestones_billed",
                    "milestones_unbilled", "unscheduled")})  # fmt: skip
        out["left_amount"] = use.get("left")
        if "logged_seconds" in use:
            out["logged"] = format_clock(use["logged_seconds"])
    out["billed"] = use.get("billed")
    return out


def _print(data: dict[str, Any], fmt: str | None, message: str | None = None) -> None:
    from psa_cli.cli import render

    out = output_format(fmt)
    if out == "csv":  # one flat row: the consumption figures beside the terms
        flat = {k: v for k, v in data.items() if k not in ("consumption", "milestones")}
        flat.update({f"consumption_{k}": v for k, v in (data.get("consumption") or {}).items()})
        render.record(flat, out)
        return
    if out != "table":
        render.record(data, out)
        return
    if message:
        render.say(message)
    readable = _readable(data)

    def extra() -> None:
        render.say("")
        render.record(readable, "table", fields=[f for f in USAGE if readable.get(f[1])])
        if data.get("milestones"):
            render.table(
                data["milestones"],
                [render.col("Milestone", "name"), render.col("Day", "day"),
                 render.col("Amount", "amount", "right"), render.col("Status", "status"),
                 render.col("Invoice", "invoice")],
                "table",
            )  # fmt: skip

    render.record(readable, "table", title=f"Contract {data['id']}", fields=FIELDS, extra=extra)


@app.command()
def add(
    target: Annotated[
        str, typer.Argument(help="Project code, or a client with exactly one open project.")
    ],
    kind: Annotated[str, typer.Option("--type", help="retainer, fixed or tm.")],
    start: Annotated[str | None, typer.Option("--from", help="First day (default: today).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: open end).")] = None,
    amount: Annotated[
        str | None,
        typer.Option("--amount", help="Retainer: monthly amount. Fixed: the total fee."),
    ] = None,
    hours: Annotated[
        str | None, typer.Option("--hours", help="Retainer: hours included each month.")
    ] = None,
    rollover: Annotated[
        bool, typer.Option("--rollover", help="Retainer: unused hours carry to next month.")
    ] = False,
    overage_rate: Annotated[
        str | None,
        typer.Option("--overage-rate", help="Retainer: hourly rate beyond the included hours."),
    ] = None,
    cap: Annotated[
        str | None, typer.Option("--cap", help="Time & materials: not-to-exceed amount.")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Add a retainer, fixed-fee or time & materials contract to a project."""
    from psa_cli.services import contracts

    fields = contracts.ContractFields(kind=kind, start=start, end=end, amount=amount,
                                      hours=hours, rollover=rollover,
                                      overage_rate=overage_rate, cap=cap)  # fmt: skip
    row = contracts.add_contract(ledger(), target, fields)
    data = contracts.show(ledger(), row["id"])
    _print(data, fmt, f"Added {data['type']} contract {data['id']} on {data['project']}.")


@app.command("list")
def list_(
    client: Annotated[str | None, typer.Option("--client", "-c", help="Only this client.")] = None,
    project: Annotated[str | None, typer.Option("--project", help="Only this project.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """List contracts with their dates and terms."""
    from psa_cli.cli import render
    from psa_cli.services import contracts

    rows = contracts.list_contracts(ledger(), client, project)
    render.table(
        rows,
        [render.col("Id", "id", "right"), render.col("Client", "client"),
         render.col("Project", "project"), render.col("Type", "type"),
         render.col("From", "start"), render.col("To", "end"), render.col("Active", "active"),
         render.col("Amount", "amount", "right"), render.col("Cap", "cap", "right"),
         render.col("Currency", "currency")],
        output_format(fmt),
        empty="No contracts: add one with 'psa contract add PROJECT --type retainer|fixed|tm'.",
    )  # fmt: skip


@app.command()
def show(contract_id: IdArg, fmt: FormatOpt = None) -> None:
    """Show a contract: its terms, what is consumed and what is left."""
    from psa_cli.services import contracts

    _print(contracts.show(ledger(), contract_id), fmt)


@app.command()
def end(
    contract_id: IdArg,
    day: Annotated[str, typer.Option("--on", help="Last day of the contract.")],
    fmt: FormatOpt = None,
) -> None:
    """End a contract on a day (or move its end)."""
    from psa_cli.services import contracts

    data = contracts.end_contract(ledger(), contract_id, day)
    _print(data, fmt, f"Contract {contract_id} ends on {data['end']}.")


@app.command()
def remove(contract_id: IdArg, fmt: FormatOpt = None) -> None:
    """Remove a contract nothing was invoiced under, with its milestones."""
    from psa_cli.cli import render
    from psa_cli.services import contracts

    data = contracts.remove_contract(ledger(), contract_id)
    if output_format(fmt) == "table":
        render.say(f"Removed {data['type']} contract {contract_id} of {data['project']}.")
    else:
        render.record(data, output_format(fmt))


@milestone_app.command("add")
def milestone_add(
    contract_id: IdArg,
    name: Annotated[str, typer.Argument(help="Milestone name, e.g. 'Design signed off'.")],
    amount: Annotated[str, typer.Option("--amount", help="Amount billed at this milestone.")],
    day: Annotated[str, typer.Option("--date", "-d", help="Day it falls due.")],
    fmt: FormatOpt = None,
) -> None:
    """Add a milestone to a fixed-fee contract (billed by the first draft on or after its day)."""
    from psa_cli.services import contracts

    data = contracts.add_milestone(ledger(), contract_id, name, amount, day)
    _print(data, fmt, f"Added milestone '{name.strip()}' to contract {contract_id}.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="contract", help="Contracts: retainer, fixed fee, T&M; milestones.")
