"""The value of work at the rates the invoice would use (docs/reports.md, "Valuing time").

Time is summed in SQL per (period, project, task, rate source); here each sum becomes the
line a draft would make: billed hours to 4 decimals x rate, rounded half-up once per
line (`domain.pricing`), with the draft's rounding rules. Two modes:

- `draft`: what `psa invoice create` would charge: hourly projects bill time, retainers
  bill their monthly amount plus overage, fixed-fee and non-billable projects no time.
- `hourly`: every billable hour at its hourly rate, whatever the billing model (budgets).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from psa_cli.domain import billing, pricing
from psa_cli.domain.durations import format_duration
from psa_cli.services.reports import Context
from psa_cli.store import reports as store


@dataclass
class Valued:
    """Billable time of one project in one period, and what it is worth."""

    seconds: int = 0  # as logged
    billed: int = 0  # after the draft's rounding
    value: int = 0  # minor units of the project's currency
    unvalued: int = 0  # seconds no rate applies to
    other: int = 0  # non-billable seconds (only with billable_only=False)
    first_day: str | None = None


Values = dict[tuple[int, int], Valued]  # (period, project id) -> value


def person_groups(ctx: Context, project_ids: list[int]) -> dict[int, list[list[int]]]:
    """Projects whose rate may come from the person (no project or client rate), with
    the people who have a rate in that currency, grouped by rate."""
    out: dict[int, list[list[int]]] = {}
    for pid in project_ids:
        p = ctx.projects[pid]
        if p["rate_minor"] is not None or p["client_rate"] is not None:
            continue
        by_rate: dict[int, list[int]] = defaultdict(list)
        for person in ctx.people.values():
            if person["rate_minor"] is not None and person["currency"] == p["currency"]:
                by_rate[person["rate_minor"]].append(person["id"])
        if by_rate:
            out[pid] = [sorted(ids) for _, ids in sorted(by_rate.items())]
    return out


def rated_tasks(ctx: Context) -> set[int]:
    """Tasks with their own rate: their time is summed apart from their project's."""
    return {t for t, task in ctx.tasks.items() if task["rate_minor"] is not None}


def rate_of(ctx: Context, fact: store.Fact) -> tuple[str, int] | None:
    p = ctx.projects[fact.project_id]
    task = ctx.tasks.get(fact.task_id) if fact.task_id is not None else None
    person = ctx.people.get(fact.person) if fact.person is not None else None
    return pricing.entry_rate(
        pricing.RateLevels(
            entry=fact.rate,
            task=task["rate_minor"] if task else None,
            project=p["rate_minor"],
            client=p["client_rate"],
            person=person["rate_minor"] if person else None,
            person_currency=person["currency"] if person else None,
            client_currency=p["currency"],
            default=ctx.default_rate(p["currency"]),
            default_currency=ctx.ledger.config.currency,
        )
    )


def scope_projects(ctx: Context, scope: store.Scope) -> list[int]:
    ids = scope.project_ids if scope.project_ids is not None else list(ctx.projects)
    return sorted(ids)


def value_time(
    ctx: Context,
    scope: store.Scope,
    periods: store.Periods,
    *,
    mode: str,
    warnings: list[str],
    billable_only: bool = True,
) -> Values:
    """Billable time in `scope` per (period, project), valued as `mode` says (and the
    non-billable seconds too, in `other`, unless `billable_only`)."""
    ids = scope_projects(ctx, scope)
    retainers = [i for i in ids if mode == "draft" and ctx.projects[i]["billing"] == "retainer"]
    others = [i for i in ids if i not in retainers]
    out: Values = defaultdict(Valued)
    if others:
        sub = _narrow(scope, others)
        facts = store.project_facts(ctx.ledger.conn, sub, periods, billable_only=billable_only,
                                    billed_sql=ctx.billed_sql(), rated_tasks=rated_tasks(ctx),
                                    person_groups=person_groups(ctx, others))  # fmt: skip
        _value_lines(ctx, facts, mode, out, warnings)
    if retainers:
        _value_retainers(ctx, _narrow(scope, retainers), periods, out, warnings)
    return out


def _narrow(scope: store.Scope, project_ids: list[int]) -> store.Scope:
    return store.Scope(scope.date_from, scope.date_to, project_ids, scope.person_ids,
                       scope.tags, scope.unbilled)  # fmt: skip


def _value_lines(
    ctx: Context, facts: list[store.Fact], mode: str, out: Values, warnings: list[str]
) -> None:
    lines: dict[tuple[int, int, int | None, int], list[int]] = defaultdict(lambda: [0, 0])
    missing: dict[int, int] = defaultdict(int)
    for f in facts:
        cell = out[(f.period, f.project_id)]
        if not f.billable:
            cell.other += f.seconds
            continue
        cell.seconds += f.seconds
        cell.billed += f.billed
        if f.first_day and (cell.first_day is None or f.first_day < cell.first_day):
            cell.first_day = f.first_day
        billing_model = ctx.projects[f.project_id]["billing"]
        if mode == "draft" and billing_model in ("fixed", "non-billable"):
            continue  # a draft bills fixed fees by milestone and never non-billable time
        found = rate_of(ctx, f)
        if found is None:
            cell.unvalued += f.seconds
            missing[f.project_id] += f.seconds
            continue
        # one line per project and rate, tasks with a rate apart (docs/reports.md)
        task = f.task_id if found[0] == "task" else None
        line = lines[(f.period, f.project_id, task, found[1])]
        line[0] += f.seconds
        line[1] += f.billed
    for (period, pid, _task, rate), (raw, billed) in lines.items():
        if ctx.line_scope:
            billed = ctx.rounding(pid).apply(raw)
        out[(period, pid)].value += pricing.time_net(billed, rate)
    for pid, seconds in missing.items():
        p = ctx.projects[pid]
        warnings.append(
            f"no hourly rate in {p['currency']} for {p['code']}: {format_duration(seconds)} "
            f"not valued (set one with 'psa project edit {p['code']} --rate R')"
        )


def _value_retainers(
    ctx: Context, scope: store.Scope, periods: store.Periods, out: Values, warnings: list[str]
) -> None:
    """Each calendar month with billable time bills the retainer amount, plus the time
    beyond the included hours (and any hours rolled over) at the project's rate."""
    from psa_cli.domain.periods import buckets

    lo, hi = store.day_bounds(ctx.ledger.conn)
    first = scope.date_from or lo
    last = scope.date_to or hi
    if first is None or last is None:
        return
    months = buckets(date.fromisoformat(first), date.fromisoformat(last), "month")
    monthly = store.Periods([(a.isoformat(), b.isoformat()) for a, b in months], "month")
    facts = store.project_facts(ctx.ledger.conn, scope, monthly, billable_only=True,
                                billed_sql=ctx.billed_sql())  # fmt: skip
    used: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for f in facts:
        if f.billable:
            used[(f.period, f.project_id)][0] += f.seconds
            used[(f.period, f.project_id)][1] += f.billed
    for (m, pid), (seconds, billed) in sorted(used.items()):
        p = ctx.projects[pid]
        period = _period_of(periods, months[m][0].isoformat())
        cell = out[(period, pid)]
        cell.seconds += seconds
        cell.billed += billed
        if billed == 0:
            continue
        if p["retainer_minor"] is None:
            cell.unvalued += seconds
            warnings.append(
                f"{p['code']} is a retainer without an amount: set it with "
                f"'psa project edit {p['code']} --retainer-amount A --retainer-hours H'"
            )
            continue
        included = p["retainer_seconds"] or 0
        if p["rollover"] and included:
            from psa_cli.store.invoices import retainer_history

            history = retainer_history(ctx.ledger.conn, pid, months[m][0].isoformat())
            included += billing.rollover_balance(included, history)
        fake = store.Fact(0, pid, None, True, None, None, 0, 0)
        found = rate_of(ctx, fake)
        fee, over = pricing.retainer_month(
            p["retainer_minor"], included, billed, found[1] if found else None
        )
        cell.value += fee + over


def _period_of(periods: store.Periods, day: str) -> int:
    """Index of the period holding `day` (the periods are consecutive)."""
    for i, (lo, hi) in enumerate(periods.spans):
        if (lo is None or lo <= day) and (hi is None or day <= hi):
            return i
    return 0 if day < (periods.spans[0][0] or "") else len(periods.spans) - 1
