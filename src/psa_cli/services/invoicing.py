"""Drafting invoices: collect unbilled work, price it, group it into lines.

Everything happens in one write transaction, so two drafts made at once can
never take the same entry (an entry is collected only while `invoice_id` is
NULL, and attaching it checks that again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from psa_cli.domain import billing, money, pricing
from psa_cli.domain.durations import format_duration
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.domain.models import Client, Project
from psa_cli.domain.periods import resolve_range
from psa_cli.services import contract_terms, resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import draft_groups
from psa_cli.store import invoices as store

GROUPS = ("entry", "task", "project", "day")


@dataclass
class DraftRequest:
    client: str
    date_from: str | None = None
    date_to: str | None = None
    period: str | None = None
    projects: list[str] = field(default_factory=list)
    group_by: str = "task"
    expenses: bool = True
    allow_over_cap: bool = False
    milestone: str | None = None
    amount: str | None = None
    percent: str | None = None


@dataclass
class DraftLine:
    kind: str
    description: str
    quantity: Decimal
    unit: str
    unit_price_minor: int
    project_id: int | None
    period_from: str | None = None
    period_to: str | None = None
    entry_ids: list[int] = field(default_factory=list)
    expense_ids: list[int] = field(default_factory=list)
    contract_id: int | None = None  # priced under this contract (services/contract_terms)
    milestone_id: int | None = None


@dataclass
class Draft:
    client: Client
    currency: str
    period_from: str | None
    period_to: str | None
    lines: list[DraftLine]
    warnings: list[str]


def client_tax(ledger: Ledger, client: Client) -> tuple[str, Decimal, str | None]:
    """The client's default tax treatment for new lines."""
    rate = Decimal(client.tax_rate or str(ledger.config.get("invoice.tax_rate")))
    category = client.tax_category or ("S" if rate > 0 else "Z")
    return billing.check_tax(category, rate if category == "S" else Decimal(0),
                             client.exemption_reason)  # fmt: skip


def _rounding(ledger: Ledger, project_rounding: str | None, client: Client) -> billing.Rounding:
    text = project_rounding or client.rounding
    if text:
        return billing.parse_rounding(text)
    cfg = ledger.config
    return billing.Rounding(
        str(cfg.get("rounding.mode")),
        int(cfg.get("rounding.minutes")),
        int(cfg.get("rounding.minimum_minutes")),
    )


def _rate(ledger: Ledger, row: dict[str, Any], client: Client) -> tuple[str, int]:
    found = pricing.entry_rate(
        pricing.RateLevels(
            entry=row["entry_rate"],
            task=row["task_rate"],
            project=row["project_rate"],
            client=client.rate_minor,
            person=row["person_rate"],
            person_currency=row["person_currency"],
            client_currency=client.currency,
            default=money.to_minor(ledger.config.rate, client.currency),
            default_currency=ledger.config.currency,
        )
    )
    if found is None:
        raise Refused(
            f"no hourly rate in {client.currency} for entry {row['id']} ({row['project_code']}): "
            f"set one with 'psa client edit {client.code} --rate R' or on the project"
        )
    return found


def _month_bounds(month: str) -> tuple[str, str]:
    year, mon = int(month[:4]), int(month[5:7])
    nxt = date(year + mon // 12, mon % 12 + 1, 1)
    return f"{month}-01", date.fromordinal(nxt.toordinal() - 1).isoformat()


def collect(ledger: Ledger, req: DraftRequest) -> Draft:
    """Price the client's unbilled work into draft lines (call inside a transaction)."""
    if req.group_by not in GROUPS:
        raise InvalidInput(f"invalid --group-by '{req.group_by}': use {', '.join(GROUPS)}")
    conn = ledger.conn
    client = resolve.client(ledger, req.client)
    start, end = resolve_range(
        ledger.today(), req.date_from, req.date_to, req.period, ledger.config.week_start
    )
    period_from = start.isoformat() if start else None
    period_to = end.isoformat() if end else None
    projects: list[Project] = []
    for code in req.projects:
        project = resolve.project(ledger, code, allow_archived=True)
        if project.client_id != client.id:
            raise Refused(
                f"project {project.code} belongs to {project.client_code}, not {client.code}"
            )
        projects.append(project)
    ids = [p.id for p in projects]
    warnings: list[str] = []
    lines: list[DraftLine] = []
    scope = str(ledger.config.get("rounding.scope"))
    terms = contract_terms.load(ledger, client.id, period_from, period_to)

    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    retainers: dict[tuple[int, str, int], dict[str, Any]] = {}
    roundings: dict[str | None, billing.Rounding] = {}
    rates: dict[tuple[Any, ...], tuple[str, int]] = {}
    group_by = req.group_by
    for row in _unbilled_rows(ledger, client, req, period_from, period_to, ids, scope,
                              per_entry=terms.active):  # fmt: skip
        if terms.active:
            terms.apply(row)  # a contract's terms replace the project's for its dates
        if row["billing"] in ("non-billable", "fixed"):
            continue  # fixed fees bill milestones, not hours; non-billable never bills
        # Rounding and rate depend on a handful of distinct settings, not on the entry:
        # resolve each combination once (100k entries: ~0.45 s of config reads saved).
        rounding = roundings.get(row["project_rounding"])
        if rounding is None:
            rounding = _rounding(ledger, row["project_rounding"], client)
            roundings[row["project_rounding"]] = rounding
        billed = row.get("billed")  # summed in SQL for grouped drafts
        if billed is None:
            billed = rounding.apply(row["seconds"]) if scope == "entry" else row["seconds"]
        if billed == 0:
            continue  # a timer stopped at once bills nothing and stays unbilled
        if row["billing"] == "retainer":
            bucket = retainers.setdefault(
                (row["project_id"], row["day"][:7], row.get("contract_id") or 0),
                {"rows": [], "seconds": 0, "rounding": rounding},
            )
            bucket["rows"].append(row)
            bucket["seconds"] += billed
            continue
        rate_key = (row["entry_rate"], row["task_rate"], row["project_rate"],
                    row["person_rate"], row["person_currency"])  # fmt: skip
        found = rates.get(rate_key)
        if found is None:
            found = rates[rate_key] = _rate(ledger, row, client)
        source, rate = found
        key: tuple[Any, ...]
        if group_by == "task":
            key = (row["project_id"], row["task"] or "", rate)
        elif group_by == "entry":
            key = (row["id"],)
        elif group_by == "project":
            key = (row["project_id"], rate)
        else:
            key = (row["day"], row["project_id"], rate)
        key = (*key, row.get("contract_id"))
        group = groups.setdefault(
            key, {"rows": [], "seconds": 0, "rate": rate, "rounding": rounding, "source": source}
        )
        group["rows"].append(row)
        group["seconds"] += billed

    for group in groups.values():
        rows = group["rows"]
        seconds = group["seconds"]
        if scope == "line":
            seconds = group["rounding"].apply(seconds)
        if seconds == 0:
            continue
        lines.append(
            DraftLine(
                "time",
                _describe(req.group_by, rows),
                billing.hours(seconds),
                "HUR",
                group["rate"],
                rows[0]["project_id"],
                min(r["day"] for r in rows),
                max(r.get("day_to", r["day"]) for r in rows),
                entry_ids=_entry_ids(rows),
                contract_id=rows[0].get("contract_id"),
            )
        )

    due_by = period_to or ledger.today().isoformat()
    lines.extend(contract_terms.idle_retainer_lines(ledger, client, ids, period_from, due_by,
                                                    {(k[0], k[1]) for k in retainers}))  # fmt: skip
    for (project_id, month, _), bucket in sorted(retainers.items()):
        lines.extend(_retainer_lines(ledger, client, project_id, month, bucket, warnings))
    lines.extend(contract_terms.milestone_lines(ledger, client, ids, due_by))

    if req.amount or req.percent or req.milestone:
        lines.append(contract_terms.fixed_fee_line(ledger, client, projects, req))

    if req.expenses:
        for x in store.unbilled_expenses(conn, client.id, period_from, period_to, ids):
            pct = Decimal(x["markup_pct"])
            price = pricing.expense_price(x["amount_minor"], x["markup_pct"])
            label = f"{x['day']} {x['category']}: {x['description']}"
            if pct:
                label += f" (+{money.percent_str(pct)}%)"
            lines.append(
                DraftLine(
                    "expense",
                    label,
                    Decimal(1),
                    "C62",
                    price,
                    x["project_id"],
                    x["day"],
                    x["day"],
                    expense_ids=[x["id"]],
                )  # fmt: skip
            )

    if not lines:
        span = f" from {period_from or 'the start'} to {period_to or 'today'}"
        raise Refused(
            f"nothing to invoice for {client.code}{span}: no unbilled billable time or expenses"
        )
    contract_terms.check_caps(ledger, client, lines, req.allow_over_cap, warnings)
    # An open-ended request still gets a closed period: the span of what it bills.
    days = [d for line in lines for d in (line.period_from, line.period_to) if d]
    period_from = period_from or (min(days) if days else None)
    period_to = period_to or (max(days) if days else None)
    return Draft(client, client.currency, period_from, period_to, lines, warnings)


def _unbilled_rows(
    ledger: Ledger,
    client: Client,
    req: DraftRequest,
    period_from: str | None,
    period_to: str | None,
    project_ids: list[int],
    scope: str,
    *,
    per_entry: bool = False,
) -> list[dict[str, Any]]:
    """One row per entry for `--group-by entry|day`; for task and project, rows summed in
    SQL per (project, task, entry rate, person, month of a retainer), each with its billed
    seconds (rounded entry by entry when the rounding scope is `entry`) and the ids it
    covers. 100k entries by task: collect ~0.9 s -> ~0.35 s (docs/performance.md). Days
    stay per entry: (day, person, task) groups are nearly as many as entries."""
    conn = ledger.conn
    approved = ledger.config.get("invoice.approved_only") == "true"  # issue 5: approvals
    if per_entry or req.group_by in ("entry", "day"):  # contracts overlay entry by entry
        return store.unbilled_entries(
            conn, client.id, period_from, period_to, project_ids, approved
        )
    roundings: draft_groups.Roundings = {}
    if scope == "entry":
        for project_id, text in draft_groups.client_project_roundings(conn, client.id).items():
            r = _rounding(ledger, text, client)
            roundings[project_id] = (r.mode, r.minutes, r.minimum_minutes)
    return draft_groups.unbilled_groups(
        conn, client.id, period_from, period_to, project_ids,
        roundings=roundings, approved_only=approved,
    )  # fmt: skip


def _entry_ids(rows: list[dict[str, Any]]) -> list[int]:
    return [i for r in rows for i in r["ids"]] if rows and "ids" in rows[0] else [
        r["id"] for r in rows]  # fmt: skip


def _describe(group_by: str, rows: list[dict[str, Any]]) -> str:
    first = rows[0]
    n = sum(r.get("count", 1) for r in rows)
    count = f"{n} entr{'y' if n == 1 else 'ies'}"
    if group_by == "entry":
        note = first["note"] or (first["task"] or "work")
        return f"{first['day']} {first['project_name']}: {note}"
    if group_by == "day":
        return f"{first['day']} {first['project_name']} ({count})"
    # the line's period (first to last day) is printed beside it by every renderer
    if group_by == "project":
        return f"{first['project_name']} ({count})"
    task = first["task"] or "General"
    return f"{first['project_name']} — {task} ({count})"


def _retainer_lines(
    ledger: Ledger,
    client: Client,
    project_id: int,
    month: str,
    bucket: dict[str, Any],
    warnings: list[str],
) -> list[DraftLine]:
    rows = bucket["rows"]
    first = rows[0]
    if first["retainer_minor"] is None:
        raise Refused(
            f"project {first['project_code']} is a retainer without an amount: "
            f"set it with 'psa project edit {first['project_code']} --retainer-amount A "
            "--retainer-hours H'"
        )
    month_from, month_to = _month_bounds(month)
    ids = _entry_ids(rows)
    out = [
        DraftLine(
            "retainer",
            f"{first['project_name']} — retainer {month}",
            Decimal(1),
            "C62",
            first["retainer_minor"],
            project_id,
            month_from,
            month_to,
            entry_ids=ids,
            contract_id=first.get("contract_id"),
        )  # fmt: skip
    ]
    included = first["retainer_seconds"] or 0
    if first["rollover"] and included:
        history = contract_terms.retainer_history(ledger, first, month_from)
        carried = billing.rollover_balance(included, history)
        if carried:
            warnings.append(
                f"{first['project_code']} {month}: {format_duration(carried)} rolled over"
            )
        included += carried
    over = bucket["seconds"] - included
    if over > 0:
        source, rate = _rate(ledger, {**first, "entry_rate": None, "task_rate": None}, client)
        out.append(
            DraftLine(
                "time",
                f"{first['project_name']} — overage {month} "
                f"({format_duration(over)} over {format_duration(included)})",  # fmt: skip
                billing.hours(over),
                "HUR",
                rate,
                project_id,
                month_from,
                month_to,
                contract_id=first.get("contract_id"),
            )
        )
        warnings.append(
            f"{first['project_code']} {month}: {format_duration(over)} over the retainer"
        )
    return out
