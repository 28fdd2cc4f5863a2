"""Revenue by month (invoiced, collected, recognised) and receivables aging
(docs/reports.md, "Revenue recognition" and "Aging")."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from psa_cli.domain import reporting
from psa_cli.domain.errors import InvalidInput
from psa_cli.services.ledger import Ledger
from psa_cli.services.reports import Context, ReportRequest, amount, envelope, prepare
from psa_cli.store import report_money as money_store
from psa_cli.store import reports as store

RECOGNISED = ("time", "retainer", "fixed", "expenses", "other")


def _only_clients_and_projects(req: ReportRequest, name: str) -> None:
    if req.people or req.tags:
        raise InvalidInput(f"the {name} report is about invoices: drop --person/--tag")


def revenue(ledger: Ledger, req: ReportRequest) -> dict[str, Any]:
    """Per month and currency: invoiced (net of credit notes), collected (payments) and
    recognised revenue (time & materials when worked, fixed fees when invoiced,
    retainers per month they cover, billable expenses when incurred)."""
    from psa_cli.services.report_money import invoiced_by_project

    _only_clients_and_projects(req, "revenue")
    ctx = prepare(ledger, req, default="year")
    if ctx.start is None or ctx.end is None:
        raise InvalidInput("the revenue report needs a closed range: give both --from and --to")
    periods, spans = ctx.periods("month")
    months = [lo.isoformat()[:7] for lo, _ in spans]
    warnings: list[str] = []
    cells: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(period: int, currency: str, field: str, value: int) -> None:
        cells[(period, currency)][field] += value

    for i, (lo, hi) in enumerate(spans):
        for (client_id, pid), net in invoiced_by_project(ctx, lo.isoformat(),
                                                         hi.isoformat()).items():  # fmt: skip
            if _wanted(ctx, client_id, pid):
                add(i, _currency(ctx, client_id), "invoiced", net)
    if ctx.scope.project_ids is None or ctx.client_ids is not None:
        for day, currency, client_id, paid in money_store.payments(
            ledger.conn, ctx.scope.date_from, ctx.scope.date_to
        ):
            if ctx.client_ids is None or client_id in ctx.client_ids:
                add(_month(months, day), currency, "collected", paid)
    else:
        warnings.append("collected is per invoice: it is not split by --project")
    _recognise(ctx, periods, add, warnings)
    rows = []
    for (period, currency), c in sorted(cells.items()):
        parts = {f"recognised_{k}": amount(c[k], currency) for k in RECOGNISED}
        rows.append(
            {
                "month": months[period],
                "currency": currency,
                "invoiced": amount(c["invoiced"], currency),
                "collected": amount(c["collected"], currency),
                "recognised": amount(sum(c[k] for k in RECOGNISED), currency),
                **parts,
            }
        )
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (_, currency), c in cells.items():
        for k, v in c.items():
            totals[currency][k] += v
    return envelope(
        "revenue", ctx, months=months, rows=rows,
        totals=[{"currency": cur, "invoiced": amount(t["invoiced"], cur),
                 "collected": amount(t["collected"], cur),
                 "recognised": amount(sum(t[k] for k in RECOGNISED), cur),
                 **{f"recognised_{k}": amount(t[k], cur) for k in RECOGNISED}}
                for cur, t in sorted(totals.items())],
        warnings=warnings,
    )  # fmt: skip


def _currency(ctx: Context, client_id: int) -> str:
    return str(ctx.clients[client_id]["currency"])


def _wanted(ctx: Context, client_id: int, pid: int | None) -> bool:
    if ctx.scope.project_ids is None:
        return True
    if pid is not None:
        return pid in ctx.scope.project_ids
    return ctx.client_ids is not None and client_id in ctx.client_ids


def _month(months: list[str], day: str) -> int:
    return months.index(day[:7])


def _recognise(ctx: Context, periods: store.Periods, add: Any, warnings: list[str]) -> None:
    from psa_cli.services.report_money import expense_values
    from psa_cli.services.report_value import value_time

    scope = ctx.scope
    months = [(lo or "")[:7] for lo, _ in periods.spans]
    ids = scope.project_ids if scope.project_ids is not None else list(ctx.projects)
    hourly = [i for i in ids if ctx.projects[i]["billing"] == "hourly"]
    retainers = [i for i in ids if ctx.projects[i]["billing"] == "retainer"]
    # time & materials: every billable hour of hourly projects, in the month worked
    if hourly:
        work = store.Scope(scope.date_from, scope.date_to, hourly)
        for (period, pid), v in value_time(ctx, work, periods, mode="draft",
                                           warnings=warnings).items():  # fmt: skip
            add(period, ctx.projects[pid]["currency"], "time", v.value)
    # retainers: invoiced months by the period their lines cover, the rest as a draft would
    if retainers:
        open_work = store.Scope(scope.date_from, scope.date_to, retainers, unbilled=True)
        for (period, pid), v in value_time(ctx, open_work, periods, mode="draft",
                                           warnings=warnings).items():  # fmt: skip
            add(period, ctx.projects[pid]["currency"], "retainer", v.value)
    for row in money_store.invoice_lines(ctx.ledger.conn):
        pid = row["project_id"]
        if not _wanted(ctx, row["client_id"], pid):
            continue
        sign = -1 if row["invoice_kind"] == "credit_note" else 1
        billing_model = ctx.projects[pid]["billing"] if pid is not None else None
        if billing_model == "retainer" and row["line_kind"] in ("retainer", "time"):
            field, day = "retainer", row["period_from"] or row["issue_date"]
        elif row["line_kind"] == "fixed":
            field, day = "fixed", row["issue_date"]
        elif row["line_kind"] == "manual":
            field, day = "other", row["issue_date"]
        else:
            continue  # time of hourly projects and expenses are recognised from the work
        if day and day[:7] in months and scope.date_from <= day <= (scope.date_to or day):
            add(months.index(day[:7]), row["currency"], field, sign * row["net"])
    billable = store.Scope(scope.date_from, scope.date_to, scope.project_ids)
    for (period, pid), x in expense_values(ctx, billable, periods, warnings=warnings).items():
        add(period, ctx.projects[pid]["currency"], "expenses", x[0])


def aging(ledger: Ledger, req: ReportRequest) -> dict[str, Any]:
    """Receivables per client in buckets of days overdue: current, 1-30, 31-60, 61-90,
    90+, as of the end of the period (default today)."""
    _only_clients_and_projects(req, "aging")
    if req.projects:
        raise InvalidInput("aging is per client and invoice: use --client, not --project")
    ctx = prepare(ledger, req, default="all", clamp_to_today=True)
    as_of = min(ctx.end or ctx.today, ctx.today)
    invoices: list[dict[str, Any]] = []
    clients: dict[tuple[str, str], dict[str, Any]] = {}
    for inv in money_store.receivables(ledger.conn, as_of.isoformat()):
        if ctx.client_ids is not None and inv["client_id"] not in ctx.client_ids:
            continue
        due = inv["total_minor"] - inv["paid_minor"] - inv["credited_minor"]
        if due <= 0:
            continue
        overdue = (as_of - date.fromisoformat(inv["due_date"])).days
        bucket = reporting.aging_bucket(overdue)
        cur = inv["currency"]
        invoices.append({
            "number": inv["number"], "client": inv["client_code"], "currency": cur,
            "issue_date": inv["issue_date"], "due_date": inv["due_date"],
            "days_overdue": max(overdue, 0), "bucket": bucket,
            "total": amount(inv["total_minor"], cur), "paid": amount(inv["paid_minor"], cur),
            "credited": amount(inv["credited_minor"], cur), "due": amount(due, cur),
        })  # fmt: skip
        row = clients.setdefault((inv["client_code"], cur), {
            "client": inv["client_code"], "name": inv["client_name"], "currency": cur,
            **dict.fromkeys(reporting.AGING_BUCKETS, 0), "total": 0, "invoices": 0})  # fmt: skip
        row[bucket] += due
        row["total"] += due
        row["invoices"] += 1
    totals: dict[str, dict[str, Any]] = {}
    for row in clients.values():
        t = totals.setdefault(row["currency"], {"currency": row["currency"],
                              **dict.fromkeys(reporting.AGING_BUCKETS, 0), "total": 0,
                              "invoices": 0})  # fmt: skip
        for k in (*reporting.AGING_BUCKETS, "total", "invoices"):
            t[k] += row[k]
    money_keys = (*reporting.AGING_BUCKETS, "total")

    def fmt(item: dict[str, Any]) -> dict[str, Any]:
        return {**item, **{k: amount(item[k], item["currency"]) for k in money_keys}}

    return envelope(
        "aging", ctx, as_of=as_of.isoformat(), buckets=list(reporting.AGING_BUCKETS),
        rows=[fmt(r) for r in clients.values()], invoices=invoices,
        totals=[fmt(t) for _, t in sorted(totals.items())],
    )  # fmt: skip
