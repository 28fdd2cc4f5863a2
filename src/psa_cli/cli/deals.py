"""`psa deal add|list|show|move|won|lost` and `psa report pipeline`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from psa_cli.cli.options import FormatOpt, ledger, output_format

app = typer.Typer(no_args_is_help=True)

IdArg = Annotated[int, typer.Argument(help="Deal id (see 'psa deal list').")]
ProbOpt = Annotated[
    str | None,
    typer.Option("--probability", help="Chance to win in percent (default: the stage's)."),
]

FIELDS = [
    ("Id", "id"), ("Client", "client"), ("Title", "title"), ("Stage", "stage"),
    ("Value", "value"), ("Probability %", "probability"), ("Weighted", "weighted"),
    ("Currency", "currency"), ("Close date", "close_date"), ("Closed on", "closed_on"),
    ("Lost because", "lost_reason"), ("Project", "project"),
]  # fmt: skip


def _show(row: dict[str, Any], fmt: str | None, message: str | None = None) -> None:
    from psa_cli.cli import render
    from psa_cli.services import deals

    out = output_format(fmt)
    if out == "table" and message:
        render.say(message)
    render.record(deals.to_json(row), out, fields=FIELDS)


@app.command()
def add(
    client: Annotated[str, typer.Argument(help="Client code (or exact name).")],
    title: Annotated[str, typer.Argument(help="What is being sold, e.g. 'Shop redesign'.")],
    value: Annotated[str, typer.Option("--value", help="Value in the client's currency.")],
    stage: Annotated[
        str, typer.Option("--stage", help="lead, qualified, proposal or negotiation.")
    ] = "lead",
    probability: ProbOpt = None,
    close_date: Annotated[
        str | None, typer.Option("--close-date", help="Expected close day (YYYY-MM-DD, ...).")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Add a deal to the pipeline."""
    from psa_cli.services import deals

    row = deals.add_deal(ledger(), client, title, value, stage=stage,
                         probability=probability, close_date=close_date)  # fmt: skip
    _show(row, fmt, f"Added deal {row['id']} ({row['stage']}, {row['probability']}%).")


@app.command("list")
def list_(
    stage: Annotated[
        str | None, typer.Option("--stage", help="Only this stage (or 'open').")
    ] = None,
    client: Annotated[str | None, typer.Option("--client", "-c", help="Only this client.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """List deals by stage, then expected close date."""
    from psa_cli.cli import render
    from psa_cli.services import deals

    rows = [deals.to_json(r) for r in deals.list_deals(ledger(), stage, client)]
    render.table(
        rows,
        [
            render.col("Id", "id", "right"),
            render.col("Client", "client"),
            render.col("Title", "title"),
            render.col("Stage", "stage"),
            render.col("Value", "value", "right"),
            render.col("%", "probability", "right"),
            render.col("Weighted", "weighted", "right"),
            render.col("Currency", "currency"),
            render.col("Close", "close_date"),
            render.col("Project", "project"),
        ],  # fmt: skip
        output_format(fmt),
        empty="No deals: add one with 'psa deal add CLIENT TITLE --value AMOUNT'.",
    )


@app.command()
def show(deal_id: IdArg, fmt: FormatOpt = None) -> None:
    """Show one deal."""
    from psa_cli.services import deals

    _show(deals.find(ledger(), deal_id), fmt)


@app.command()
def edit(
    deal_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    value: Annotated[
        str | None, typer.Option("--value", help="New value in the client's currency.")
    ] = None,
    probability: ProbOpt = None,
    close_date: Annotated[
        str | None, typer.Option("--close-date", help="Expected close day ('' clears it).")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Change a deal's title, value, probability or expected close day."""
    from psa_cli.services import deals

    row = deals.edit(ledger(), deal_id, title=title, value=value, probability=probability,
                     close_date=close_date)  # fmt: skip
    _show(row, fmt, f"Updated deal {deal_id}.")


@app.command()
def move(
    deal_id: IdArg,
    stage: Annotated[str, typer.Argument(help="lead, qualified, proposal or negotiation.")],
    probability: ProbOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Move a deal to another open stage (its probability follows the stage)."""
    from psa_cli.services import deals

    row = deals.move(ledger(), deal_id, stage, probability)
    _show(row, fmt, f"Deal {deal_id} is now {row['stage']} ({row['probability']}%).")


@app.command()
def won(
    deal_id: IdArg,
    create_project: Annotated[
        bool, typer.Option("--create-project", help="Create the project under the client.")
    ] = False,
    code: Annotated[str | None, typer.Option("--code", help="Code of the created project.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """Close a deal as won, optionally creating its project."""
    from psa_cli.services import deals

    row = deals.won(ledger(), deal_id, create_project=create_project, code=code)
    extra = f"; created project {row['project_code']}" if create_project else ""
    _show(row, fmt, f"Deal {deal_id} won{extra}.")


@app.command()
def lost(
    deal_id: IdArg,
    reason: Annotated[str, typer.Option("--reason", help="Why it was lost.")],
    fmt: FormatOpt = None,
) -> None:
    """Close a deal as lost, with the reason."""
    from psa_cli.services import deals

    row = deals.lost(ledger(), deal_id, reason)
    _show(row, fmt, f"Deal {deal_id} lost.")


def pipeline(
    months: Annotated[
        int, typer.Option("--months", help="Months of expected closes to show, from this one.")
    ] = 6,
    fmt: FormatOpt = None,
) -> None:
    """Weighted forecast of open deals by close month and stage, and the win rate."""
    from psa_cli.cli import render
    from psa_cli.services import pipeline as service

    report = service.pipeline(ledger(), months)
    out = output_format(fmt)
    if out == "json":
        render.emit_json(report)
        return
    if out == "csv":
        render.emit_csv(service.csv_rows(report))
        return
    stages = ["lead", "qualified", "proposal", "negotiation"]
    for total, rate in zip(report["totals"], report["win_rate"], strict=True):
        cur = total["currency"]
        rows = [r for r in report["rows"] if r["currency"] == cur]
        columns = [render.col("Month", "month")]
        columns += [render.col(s.capitalize(), s, "right") for s in stages]
        columns += [render.col("Weighted", "weighted", "right"),
                    render.col("Value", "value", "right"),
                    render.col("Deals", "deals", "right")]  # fmt: skip
        footer = ["Total", *[total[s] for s in stages], total["weighted"], total["value"],
                  str(total["deals"])]  # fmt: skip
        render.table(
            rows,
            columns,
            "table",
            footer=footer,
            title=f"Pipeline {report['from']} to {report['to']} ({cur}, weighted)",
        )
        by_count = f"{rate['by_count']}%" if rate["by_count"] is not None else "n/a"
        by_value = f"{rate['by_value']}%" if rate["by_value"] is not None else "n/a"
        render.say(
            f"Win rate ({cur}): {by_count} by count ({rate['won']} won, {rate['lost']} lost), "
            f"{by_value} by value ({rate['won_value']} won, {rate['lost_value']} lost)"
        )


def register(app_root: typer.Typer, report_app: typer.Typer) -> None:
    app_root.add_typer(app, name="deal", help="Sales pipeline: add, move, won, lost.")
    if not any(c.name == "pipeline" for c in report_app.registered_commands):
        report_app.command("pipeline")(pipeline)
