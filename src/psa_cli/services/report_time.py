"""Reports about time: the timesheet grid and utilisation (docs/reports.md)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from psa_cli.domain import reporting
from psa_cli.domain.errors import InvalidInput
from psa_cli.domain.periods import working_days
from psa_cli.services.ledger import Ledger
from psa_cli.services.reports import Context, ReportRequest, envelope, prepare
from psa_cli.store import report_people as people_store
from psa_cli.store import reports as store

DIMENSIONS = ("project", "client", "task", "person", "tag")
UNTAGGED = "(untagged)"


def _labels(spans: list[tuple[date, date]], every: str) -> list[dict[str, str]]:
    out = []
    for lo, hi in spans:
        label = lo.isoformat()[:7] if every == "month" else lo.isoformat()
        out.append({"label": label, "from": lo.isoformat(), "to": hi.isoformat()})
    return out


def _every(ctx: Context, every: str, allowed: tuple[str, ...]) -> str:
    """`auto`: days up to a month, weeks up to half a year, then months (the first of
    those `allowed`)."""
    if every not in allowed:
        raise InvalidInput(f"invalid --every '{every}': use {', '.join(allowed)}")
    if every == "auto":
        from psa_cli.domain.periods import auto_every

        assert ctx.start is not None and ctx.end is not None
        every = auto_every(ctx.start, ctx.end)
        return every if every in allowed else allowed[1]
    return every


def _need_range(ctx: Context, name: str) -> None:
    if ctx.start is None or ctx.end is None:
        raise InvalidInput(f"the {name} needs a closed range: give both --from and --to")


def timesheet(
    ledger: Ledger, req: ReportRequest, *, by: str = "project", every: str = "auto"
) -> dict[str, Any]:
    """Time per day (week, month) x project, client, task, person or tag, billable apart."""
    if by not in DIMENSIONS:
        raise InvalidInput(f"invalid --by '{by}': use {', '.join(DIMENSIONS)}")
    ctx = prepare(ledger, req, default="week")
    _need_range(ctx, "timesheet")
    every = _every(ctx, every, ("auto", "day", "week", "month"))
    periods, spans = ctx.periods(every)
    n = len(spans)
    cells: dict[tuple[str, ...], list[list[int]]] = defaultdict(lambda: [[0] * n, [0] * n])
    names: dict[tuple[str, ...], str] = {}
    totals = [[0] * n, [0] * n]  # billable, other
    key: tuple[str, ...]
    conn = ledger.conn
    if by == "person":
        ids = ctx.scope.person_ids or list(ctx.people)
        for period, pid, billable, other in people_store.person_time(conn, ctx.scope, periods, ids):
            key = (ctx.people[pid]["name"],)
            names[key] = ctx.people[pid]["name"]
            _add(cells[key], totals, period, billable, other)
    elif by == "task":
        for period, pid, tid, billable, seconds in store.task_time(conn, ctx.scope, periods):
            p = ctx.projects[pid]
            task = ctx.tasks[tid]["name"] if tid is not None else "(no task)"
            key, names[key] = (p["code"], task), task
            _add(cells[key], totals, period, *((seconds, 0) if billable else (0, seconds)))
    else:
        for f in store.project_facts(conn, ctx.scope, periods, billable_only=False):
            b, o = (f.seconds, 0) if f.billable else (0, f.seconds)
            if by == "tag":
                totals[0][f.period] += b
                totals[1][f.period] += o
                continue
            p = ctx.projects[f.project_id]
            if by == "project":
                key, names[key] = (p["code"],), p["name"]
            else:
                key, names[key] = (p["client_code"],), p["client_name"]
            _add(cells[key], totals, f.period, b, o)
        if by == "tag":
            _tag_rows(conn, ctx, periods, cells, names, totals)
    rows = []
    for key in sorted(cells, key=lambda k: (k[0] == UNTAGGED, [s.lower() for s in k])):
        row: dict[str, Any] = {"key": key[0], "name": names[key]}
        if by == "task":
            row = {"project": key[0], "task": key[1]}
        rows.append({**row, **_series(*cells[key])})
    return envelope(
        "timesheet", ctx, by=by, every=every, periods=_labels(spans, every), rows=rows,
        totals=_series(*totals),
    )  # fmt: skip


def _add(cell: list[list[int]], totals: list[list[int]], period: int, b: int, o: int) -> None:
    cell[0][period] += b
    cell[1][period] += o
    totals[0][period] += b
    totals[1][period] += o


def _series(billable: list[int], other: list[int]) -> dict[str, Any]:
    seconds = [b + o for b, o in zip(billable, other, strict=True)]
    return {
        "seconds": seconds,
        "billable_seconds": billable,
        "total_seconds": sum(seconds),
        "billable_total_seconds": sum(billable),
        "non_billable_total_seconds": sum(other),
    }


def _tag_rows(
    conn: Any,
    ctx: Context,
    periods: store.Periods,
    cells: dict[tuple[str, ...], list[list[int]]],
    names: dict[tuple[str, ...], str],
    totals: list[list[int]],
) -> None:
    """One row per tag (an entry with two tags counts in both), and the untagged time."""
    untagged = [list(totals[0]), list(totals[1])]
    for period, tag, billable, other in people_store.tag_time(conn, ctx.scope, periods):
        if tag is None:  # the time of entries with any tag: not untagged
            untagged[0][period] -= billable
            untagged[1][period] -= other
            continue
        key = (tag,)
        names[key] = tag
        cells[key][0][period] += billable
        cells[key][1][period] += other
    if any(untagged[0]) or any(untagged[1]):
        cells[(UNTAGGED,)] = untagged
        names[(UNTAGGED,)] = "entries without a tag"


def utilization(ledger: Ledger, req: ReportRequest, *, every: str = "auto") -> dict[str, Any]:
    """Capacity, logged and billable time per person and week (or month), against the
    target from `time.utilization_target`."""
    ctx = prepare(ledger, req, default="month")
    _need_range(ctx, "utilization report")
    assert ctx.start is not None and ctx.end is not None
    every = _every(ctx, every, ("auto", "week", "month"))
    periods, spans = ctx.periods(every)
    target = Decimal(str(ledger.config.get("time.utilization_target")))
    wanted = list(ctx.scope.person_ids) or sorted(ctx.people)
    ids = [p for p in wanted if ctx.scope.person_ids or not ctx.people[p]["archived"]]
    logged: dict[tuple[int, int], tuple[int, int]] = {}
    for period, pid, billable, other in people_store.person_time(ledger.conn, ctx.scope, periods,
                                                         wanted):  # fmt: skip
        logged[(period, pid)] = (billable, other)
        if pid not in ids:
            ids.append(pid)  # archived people who logged time in the period
    rows = []
    labels = _labels(spans, every)
    workdays = [working_days(lo, hi) for lo, hi in spans]
    percent = reporting.percent_text
    sums = [0, 0, 0]
    for pid in sorted(ids, key=lambda i: ctx.people[i]["name"].lower()):
        person = ctx.people[pid]
        cap = [person["capacity_seconds"] * w // 5 for w in workdays]  # reporting.capacity
        bill = [logged.get((i, pid), (0, 0))[0] for i in range(len(spans))]
        rest = [logged.get((i, pid), (0, 0))[1] for i in range(len(spans))]
        total = _utilisation(sum(cap), sum(bill), sum(rest), target)
        sums = [sums[0] + sum(cap), sums[1] + sum(bill), sums[2] + sum(rest)]
        rows.append({
            "person": person["name"],
            "capacity_seconds": cap,
            "logged_seconds": [b + o for b, o in zip(bill, rest, strict=True)],
            "billable_seconds": bill,
            "utilization_percent": [percent(reporting.percent(b, c))
                                    for b, c in zip(bill, cap, strict=True)],
            "billable_percent": [percent(reporting.percent(b, b + o))
                                 for b, o in zip(bill, rest, strict=True)],
            "total": total,
        })  # fmt: skip
    return envelope(
        "utilization", ctx, every=every, target_percent=reporting.percent_text(target),
        periods=labels, rows=rows, totals=_utilisation(sums[0], sums[1], sums[2], target),
    )  # fmt: skip


def _utilisation(capacity: int, billable: int, other: int, target: Decimal) -> dict[str, Any]:
    logged = billable + other
    used = reporting.percent(billable, capacity)
    if capacity == 0:
        status = "no capacity"
    else:
        assert used is not None
        status = "on target" if used >= target else "below target"
    return {
        "capacity_seconds": capacity,
        "logged_seconds": logged,
        "billable_seconds": billable,
        "non_billable_seconds": other,
        "utilization_percent": reporting.percent_text(used),
        "billable_percent": reporting.percent_text(reporting.percent(billable, logged)),
        "status": status,
    }
