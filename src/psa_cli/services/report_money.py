"""Reports about money in projects: unbilled work, budgets, profitability (docs/reports.md)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from psa_cli.domain import money, pricing, reporting
from psa_cli.domain.errors import InvalidInput
from psa_cli.services.ledger import Ledger
from psa_cli.services.report_value import value_time
from psa_cli.services.reports import Context, ReportRequest, amount, envelope, prepare
from psa_cli.store import report_money as money_store
from psa_cli.store import report_people as people_store
from psa_cli.store import reports as store


def expense_values(
    ctx: Context, scope: store.Scope, periods: store.Periods, *, at_cost: bool = False,
    billable_only: bool = True, warnings: list[str] | None = None,
) -> dict[tuple[int, int], list[Any]]:  # fmt: skip
    """(period, project) -> [amount in the project's currency, count, first day]: invoiced
    prices (amount + markup, each expense rounded on its own), or amounts at cost.
    An expense typed in another currency is priced as typed, as a draft does, and warned
    about; at cost it is left out (no exchange rates) and warned about."""
    out: dict[tuple[int, int], list[Any]] = defaultdict(lambda: [0, 0, None])
    if scope.tags:
        return out  # expenses carry no tags
    for row in money_store.expense_sums(ctx.ledger.conn, scope, periods,
                                        billable_only=billable_only):  # fmt: skip
        p = ctx.projects[row["project_id"]]
        if row["currency"] != p["currency"] and warnings is not None:
            verb = "left out of the cost" if at_cost else f"counted as {p['currency']}"
            warnings.append(
                f"{row['n']} expense(s) of {p['code']} in {row['currency']}, not "
                f"{p['currency']}: {verb}"
            )
            if at_cost:
                continue
        if at_cost or row["markup_pct"] == "0":
            value = row["amount"]
        else:
            value = row["n"] * pricing.expense_price(row["each"], row["markup_pct"])
        cell = out[(row["period"], row["project_id"])]
        cell[0] += value
        cell[1] += row["n"]
        if cell[2] is None or row["first_day"] < cell[2]:
            cell[2] = row["first_day"]
    return out


def _totals_by(rows: list[dict[str, Any]], key: str, fields: list[str]) -> list[dict[str, Any]]:
    """Sum the money/seconds `fields` of rows per `key` (and currency)."""
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        k = (row[key], row["currency"])
        into = acc.setdefault(k, {key: row[key], "currency": row["currency"],
                                  **{f: 0 for f in fields}})  # fmt: skip
        for f in fields:
            into[f] += row[f]
    return list(acc.values())


def _money_fields(item: dict[str, Any], names: list[str]) -> dict[str, Any]:
    cur = item["currency"]
    return {**item, **{n: amount(item[n], cur) for n in names}}


def unbilled(ledger: Ledger, req: ReportRequest) -> dict[str, Any]:
    """Work in progress: billable time and expenses not on an issued invoice, valued as
    a draft would price them today, per client and project."""
    ctx = prepare(ledger, req, default="all")
    scope = store.Scope(ctx.scope.date_from, ctx.scope.date_to, ctx.scope.project_ids,
                        ctx.scope.person_ids, ctx.scope.tags, unbilled=True)  # fmt: skip
    periods = store.Periods([(scope.date_from, scope.date_to)])
    warnings: list[str] = []
    values = value_time(ctx, scope, periods, mode="draft", warnings=warnings)
    expenses = expense_values(ctx, scope, periods, warnings=warnings)
    oldest = {} if scope.tags else people_store.oldest_unbilled(ledger.conn, scope)
    rows = []
    for pid in sorted(
        {k[1] for k in values} | {k[1] for k in expenses},
        key=lambda i: (ctx.projects[i]["client_code"], ctx.projects[i]["code"]),
    ):
        p = ctx.projects[pid]
        v = values.get((0, pid))
        x = expenses.get((0, pid), [0, 0, None])
        seconds = v.seconds if v else 0
        if not seconds and not x[1]:
            continue
        time_value = v.value if v else 0
        valued = p["billing"] in ("hourly", "retainer")
        days = [d for d in (oldest.get(pid) if valued else None,
                            v.first_day if v and valued else None, x[2]) if d]  # fmt: skip
        first = min(days) if days else None
        rows.append({
            "client": p["client_code"], "project": p["code"], "name": p["name"],
            "billing": p["billing"], "currency": p["currency"],
            "seconds": seconds, "billed_seconds": v.billed if v else 0,
            "unvalued_seconds": v.unvalued if v else 0,
            "time_value": time_value, "expenses": x[0], "expense_count": x[1],
            "value": time_value + x[0], "oldest": first,
            "age_days": (ctx.today - date.fromisoformat(first)).days if first else None,
        })  # fmt: skip
    fields = ["seconds", "billed_seconds", "time_value", "expenses", "value"]
    clients = _totals_by(rows, "client", fields)
    for c in clients:
        firsts = [r["oldest"] for r in rows if r["client"] == c["client"] and r["oldest"]]
        c["oldest"] = min(firsts) if firsts else None
        c["age_days"] = (ctx.today - date.fromisoformat(c["oldest"])).days if firsts else None
    names = ["time_value", "expenses", "value"]
    return envelope(
        "unbilled", ctx, as_of=ctx.today.isoformat(),
        rows=[_money_fields(r, names) for r in rows],
        clients=[_money_fields(c, names) for c in clients],
        totals=[_money_fields(t, names) for t in _totals_by(rows, "currency", fields[:1] + names)],
        warnings=warnings,
    )  # fmt: skip


def budget(ledger: Ledger, req: ReportRequest, *, all_projects: bool = False) -> dict[str, Any]:
    """Hours and money used against each project's budget, the % burned, and the day the
    budget runs out at the pace of the last 4 weeks; warnings past 80% and 100%."""
    ctx = prepare(ledger, req, default="all", clamp_to_today=True)
    as_of = min(ctx.end or ctx.today, ctx.today)
    ids = [pid for pid, p in ctx.projects.items()
           if (p["budget_seconds"] is not None or p["budget_minor"] is not None)
           and (all_projects or p["status"] in ("active", "paused"))
           and (ctx.scope.project_ids is None or pid in ctx.scope.project_ids)]  # fmt: skip
    warnings: list[str] = []
    used: dict[int, tuple[int, int]] = {}
    recent: dict[int, tuple[int, int]] = {}
    if ids:
        window_from = (as_of - timedelta(days=reporting.PACE_DAYS - 1)).isoformat()
        for target, lo in ((used, ctx.scope.date_from), (recent, window_from)):
            scope = store.Scope(lo, as_of.isoformat(), ids, ctx.scope.person_ids,
                                ctx.scope.tags)  # fmt: skip
            periods = store.Periods([(scope.date_from, scope.date_to)])
            values = value_time(ctx, scope, periods, mode="hourly", warnings=warnings,
                                billable_only=False)  # fmt: skip
            expenses = expense_values(ctx, scope, periods)
            for pid in ids:
                v = values.get((0, pid))
                seconds = (v.seconds + v.other) if v else 0
                target[pid] = (seconds, (v.value if v else 0) + expenses[(0, pid)][0])
    rows = []
    for pid in sorted(ids, key=lambda i: (ctx.projects[i]["client_code"], ctx.projects[i]["code"])):
        rows.append(_budget_row(ctx.projects[pid], used[pid], recent[pid], as_of))
        if rows[-1]["warning"]:
            warnings.append(f"{rows[-1]['project']}: {rows[-1]['warning']} "
                            f"({rows[-1]['burned_percent']}% of its budget)")  # fmt: skip
    return envelope("budget", ctx, as_of=as_of.isoformat(), pace_days=reporting.PACE_DAYS,
                    rows=rows, warnings=warnings)  # fmt: skip


def _budget_row(
    p: dict[str, Any], used: tuple[int, int], recent: tuple[int, int], as_of: date
) -> dict[str, Any]:
    cur = p["currency"]
    b_s, b_m = p["budget_seconds"], p["budget_minor"]
    pct_s = reporting.percent(used[0], b_s) if b_s is not None else None
    pct_m = reporting.percent(used[1], b_m) if b_m is not None else None
    burned = max((x for x in (pct_s, pct_m) if x is not None), default=None)
    dates = [d for d in (
        reporting.run_out(as_of, used[0], b_s, recent[0]) if b_s is not None else None,
        reporting.run_out(as_of, used[1], b_m, recent[1]) if b_m is not None else None,
    ) if d]  # fmt: skip
    return {
        "client": p["client_code"], "project": p["code"], "name": p["name"],
        "status": p["status"], "billing": p["billing"], "currency": cur,
        "budget_seconds": b_s, "used_seconds": used[0],
        "remaining_seconds": b_s - used[0] if b_s is not None else None,
        "hours_percent": reporting.percent_text(pct_s),
        "budget_amount": amount(b_m, cur), "used_amount": amount(used[1], cur),
        "remaining_amount": amount(b_m - used[1], cur) if b_m is not None else None,
        "amount_percent": reporting.percent_text(pct_m),
        "burned_percent": reporting.percent_text(burned),
        "recent_seconds": recent[0], "recent_amount": amount(recent[1], cur),
        "runs_out": min(dates).isoformat() if dates else None,
        "warning": reporting.budget_warning(burned),
    }  # fmt: skip


def invoiced_by_project(
    ctx: Context, date_from: str | None, date_to: str | None
) -> dict[tuple[int, int | None], int]:
    """(client id, project id or None) -> net invoiced in the range (issue dates): each
    invoice's net, after its discount, spread over its projects in proportion to their
    lines (exactly, `reporting.allocate`); credit notes count negative."""
    by_invoice: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in money_store.invoice_lines(ctx.ledger.conn):
        if (date_from is None or row["issue_date"] >= date_from) and (
            date_to is None or row["issue_date"] <= date_to
        ):
            by_invoice[row["invoice_id"]].append(row)
    out: dict[tuple[int, int | None], int] = defaultdict(int)
    for rows in by_invoice.values():
        per_project: dict[int | None, int] = defaultdict(int)
        for row in rows:
            per_project[row["project_id"]] += row["net"]
        keys = list(per_project)
        sign = -1 if rows[0]["invoice_kind"] == "credit_note" else 1
        for key, share in zip(keys, reporting.allocate(rows[0]["invoice_net"] or 0,
                                                       [per_project[k] for k in keys]),
                              strict=True):  # fmt: skip
            out[(rows[0]["client_id"], key)] += sign * share
    return out


def profitability(
    ledger: Ledger, req: ReportRequest, *, invoiced_only: bool = False
) -> dict[str, Any]:
    """Revenue (invoiced + unbilled value, or invoiced only), cost (hours x each person's
    cost rate + expenses at cost), margin and margin % per project and client."""
    if req.people or req.tags:
        raise InvalidInput("profitability is per project and client: drop --person/--tag")
    ctx = prepare(ledger, req, default="all")
    warnings: list[str] = []
    scope = ctx.scope
    periods = store.Periods([(scope.date_from, scope.date_to)])
    invoiced = invoiced_by_project(ctx, scope.date_from, scope.date_to)
    wip: dict[int, int] = defaultdict(int)
    if not invoiced_only:
        open_scope = store.Scope(scope.date_from, scope.date_to, scope.project_ids, unbilled=True)
        for (_, pid), v in value_time(ctx, open_scope, periods, mode="draft",
                                      warnings=warnings).items():  # fmt: skip
            wip[pid] += v.value
        for (_, pid), x in expense_values(ctx, open_scope, periods, warnings=warnings).items():
            wip[pid] += x[0]
    cost, seconds, uncosted = _labour(ctx, warnings)
    for (_, pid), x in expense_values(ctx, scope, periods, at_cost=True, billable_only=False,
                                      warnings=warnings).items():  # fmt: skip
        cost[pid] += x[0]
    keys: set[tuple[int, int | None]] = {k for k in invoiced if _in_scope(ctx, k)}
    keys |= {(ctx.projects[i]["client_id"], i) for i in set(wip) | set(cost) | set(seconds)}
    rows = []
    for client_id, project_id in keys:
        if project_id is None:
            p, inv, open_value, row_cost, secs, loose = (
                _client_only(ctx, client_id),
                invoiced.get((client_id, None), 0),
                0,
                0,
                0,
                0,
            )
        else:
            p, inv = ctx.projects[project_id], invoiced.get((client_id, project_id), 0)
            open_value, row_cost = wip.get(project_id, 0), cost.get(project_id, 0)
            secs, loose = seconds.get(project_id, 0), uncosted.get(project_id, 0)
        if not (inv or open_value or row_cost or secs):
            continue
        rows.append({
            "client": p["client_code"], "project": p["code"], "name": p["name"],
            "currency": p["currency"], "invoiced": inv, "unbilled": open_value,
            "revenue": inv + open_value, "seconds": secs, "uncosted_seconds": loose,
            "cost": row_cost, "margin": inv + open_value - row_cost,
        })  # fmt: skip
    rows.sort(key=lambda r: (r["client"], r["project"] is None, r["project"] or ""))
    fields = ["invoiced", "unbilled", "revenue", "seconds", "uncosted_seconds", "cost", "margin"]
    clients = _totals_by(rows, "client", fields)
    totals = _totals_by(rows, "currency", [f for f in fields if f != "seconds"])
    names = ["invoiced", "unbilled", "revenue", "cost", "margin"]

    def done(item: dict[str, Any]) -> dict[str, Any]:
        pct = reporting.margin_percent(item["revenue"], item["margin"])
        return {**_money_fields(item, names), "margin_percent": reporting.percent_text(pct)}

    return envelope(
        "profitability", ctx, revenue_basis="invoiced" if invoiced_only else "invoiced+unbilled",
        rows=[done(r) for r in rows], clients=[done(c) for c in clients],
        totals=[done(t) for t in totals], warnings=warnings,
    )  # fmt: skip


def _in_scope(ctx: Context, key: tuple[int, int | None]) -> bool:
    """Lines of a project in the filter; lines without a project when their client is."""
    client_id, pid = key
    if ctx.scope.project_ids is None:
        return True
    if pid is not None:
        return pid in ctx.scope.project_ids
    return ctx.client_ids is not None and client_id in ctx.client_ids


def _client_only(ctx: Context, client_id: int) -> dict[str, Any]:
    """Lines with no project (added by hand) belong to the client alone."""
    c = ctx.clients[client_id]
    return {"client_code": c["code"], "code": None, "name": "(no project)",
            "currency": c["currency"]}  # fmt: skip


def _labour(ctx: Context, warnings: list[str]) -> tuple[dict[int, int], dict[int, int], dict]:
    """Cost of time per project: each person's seconds x their cost rate (rounded half-up
    per person and project); time without a cost rate in the project's currency is
    counted apart and warned about."""
    cost: dict[int, int] = defaultdict(int)
    seconds: dict[int, int] = defaultdict(int)
    uncosted: dict[int, int] = defaultdict(int)
    missing: set[str] = set()
    for pid, person_id, secs in people_store.project_person_time(ctx.ledger.conn, ctx.scope):
        p, person = ctx.projects[pid], ctx.people[person_id]
        seconds[pid] += secs
        rate = person["cost_rate_minor"]
        if rate is None or person["currency"] != p["currency"]:
            uncosted[pid] += secs
            missing.add(person["name"] if rate is None else f"{person['name']} ({p['currency']})")
            continue
        cost[pid] += money.amount_for_seconds(rate, secs)
    if missing:
        warnings.append(
            f"no cost rate for {', '.join(sorted(missing))}: their time costs nothing here "
            "(set one with 'psa person edit NAME --cost-rate R')"
        )
    return cost, seconds, uncosted
