"""`psa audit`: the ledger's change history (what changed, when, old → new)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from psa_cli.cli.options import FormatOpt, ledger, output_format


def audit(
    entity: Annotated[
        str | None,
        typer.Option(
            "--entity",
            "-e",
            help="Only this kind of row: entry, client, project, task, person, expense, "
            "invoice, line, payment, contact (or a table name).",
        ),
    ] = None,
    entity_id: Annotated[
        int | None,
        typer.Option("--id", help="Only this row id (with --entity).", min=1, max=2**63 - 1),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="From this local day on (YYYY-MM-DD, today, monday...)."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="At most this many rows, newest first.")
    ] = 50,
    fmt: FormatOpt = None,
) -> None:
    """Show the audit trail: every create, update (old → new) and delete, newest first."""
    from psa_cli.cli import render
    from psa_cli.services import audit as service

    book = ledger()
    rows = service.history(book, entity=entity, entity_id=entity_id, since=since, limit=limit)
    out = output_format(fmt)
    if out == "json":
        render.emit_json([row.to_json() for row in rows])
        return
    if out == "csv":
        import json

        render.emit_csv(
            [
                {**row.to_json(), "detail": json.dumps(row.detail, sort_keys=True, default=str)}
                for row in rows
            ]
        )
        return
    records: list[dict[str, Any]] = [
        {
            "id": row.id,
            "when": service.local_time(book, row.at),
            "what": row.entity + (f" {row.entity_id}" if row.entity_id is not None else ""),
            "action": row.action,
            "change": row.summary(),
        }
        for row in rows
    ]
    render.table(
        records,
        [
            render.col("#", "id", "right"),
            render.col("When", "when"),
            render.col("What", "what"),
            render.col("Action", "action"),
            render.Col("Change", lambda r: str(r["change"]), wrap=True),
        ],
        out,
        empty="No changes recorded (for these filters).",
    )


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)
