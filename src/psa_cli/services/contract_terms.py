"""Contracts as the source of billing terms for the draft engine (`services/invoicing`).

A contract in force on an entry's day replaces its project's billing columns for that
entry, and the engine prices it exactly as before — no second copy of the pricing:

| contract | the entry is billed as | from the contract |
|---|---|---|
| retainer | `retainer` | monthly amount, included hours, rollover, overage rate |
| fixed | `fixed` (time is not billed) | the total; due milestones become draft lines |
| tm | `hourly` | the not-to-exceed cap |

Lines priced under a contract carry its id (`invoice_lines.contract_id`): that is what
`psa contract show` sums, what a cap is checked against and what a rollover looks back
on. Milestone lines carry the milestone (`invoice_lines.milestone_id`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from psa_cli.domain import billing, money
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.domain.models import Client, Project
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import contracts as store
from psa_cli.store import invoices as invoice_store

if TYPE_CHECKING:
    from psa_cli.services.invoicing import DraftLine, DraftRequest


@dataclass
class Terms:
    """The client's contracts in force during a draft's period, by project."""

    by_project: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.by_project)

    def contract_on(self, project_id: int, day: str) -> dict[str, Any] | None:
        for c in self.by_project.get(project_id, ()):
            if c["start_day"] <= day and (c["end_day"] is None or day <= c["end_day"]):
                return c
        return None

    def apply(self, row: dict[str, Any]) -> None:
        """Overlay the terms of the contract in force on the row's day (if any)."""
        c = self.contract_on(row["project_id"], row["day"])
        row["contract_id"] = c["id"] if c else None
        if c is None:
            return
        if c["kind"] == "retainer":
            row.update(billing="retainer", retainer_minor=c["amount_minor"],
                       retainer_seconds=c["included_seconds"], rollover=c["rollover"])  # fmt: skip
            if c["overage_rate_minor"] is not None:
                row["project_rate"] = c["overage_rate_minor"]
        elif c["kind"] == "fixed":
            row.update(billing="fixed", fee_minor=c["amount_minor"])
        else:
            row.update(billing="hourly", cap_minor=c["cap_minor"])


def load(ledger: Ledger, client_id: int, start: str | None, end: str | None) -> Terms:
    terms = Terms()
    for c in store.for_client(ledger.conn, client_id, start, end):
        terms.by_project.setdefault(c["project_id"], []).append(c)
    return terms


def retainer_history(ledger: Ledger, row: dict[str, Any], month_from: str) -> list[int]:
    """Earlier billed months of the same retainer: the contract's, else the project's."""
    if row.get("contract_id"):
        return store.retainer_history(ledger.conn, row["contract_id"], month_from)
    return invoice_store.retainer_history(ledger.conn, row["project_id"], month_from)


def milestone_lines(
    ledger: Ledger, client: Client, project_ids: list[int], due_by: str
) -> list[DraftLine]:
    """A line for each milestone of the client's fixed contracts due by `due_by` and not
    billed yet (not on a draft or issued invoice, or credited since)."""
    from psa_cli.services.invoicing import DraftLine

    out = []
    for c in store.for_client(ledger.conn, client.id, None, due_by):
        if c["kind"] != "fixed" or (project_ids and c["project_id"] not in project_ids):
            continue
        for m in store.milestones(ledger.conn, c["id"]):
            if m["day"] > due_by or m["invoice_id"] is not None:
                continue
            out.append(
                DraftLine(
                    "fixed",
                    f"{c['project_name']}: {m['name']}",
                    Decimal(1),
                    "C62",
                    m["amount_minor"],
                    c["project_id"],
                    m["day"],
                    m["day"],
                    contract_id=c["id"],
                    milestone_id=m["id"],
                )  # fmt: skip
            )
    return out


def _months(first: str, last: str) -> list[tuple[str, str]]:
    """(first day, last day) of each calendar month from `first`'s to `last`'s."""
    out = []
    year, mon = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{mon:02d}" <= last[:7]:
        nxt = date(year + mon // 12, mon % 12 + 1, 1)
        out.append((f"{year:04d}-{mon:02d}-01", (nxt - timedelta(days=1)).isoformat()))
        year, mon = nxt.year, nxt.month
    return out


def idle_retainer_lines(
    ledger: Ledger,
    client: Client,
    project_ids: list[int],
    start: str | None,
    due_by: str,
    drafted: set[tuple[int, str]],
) -> list[DraftLine]:
    """A retainer is owed every month of its contract, worked or not: one line for each
    month from the contract's start (or the draft's `--from`) to `due_by` that has no
    retainer line yet, neither in this draft (`drafted`: project, YYYY-MM) nor on a draft
    or issued invoice that no issued credit note credits."""
    from psa_cli.services.invoicing import DraftLine

    out = []
    for c in store.for_client(ledger.conn, client.id, start, due_by):
        if c["kind"] != "retainer" or (project_ids and c["project_id"] not in project_ids):
            continue
        first = max(c["start_day"], start or c["start_day"])
        last = min(c["end_day"] or due_by, due_by)
        billed = store.retainer_months(ledger.conn, c["id"])
        for month_from, month_to in _months(first, last):
            month = month_from[:7]
            if (c["project_id"], month) in drafted or month_from in billed:
                continue
            out.append(DraftLine("retainer", f"{c['project_name']} — retainer {month}",
                                 Decimal(1), "C62", c["amount_minor"], c["project_id"],
                                 month_from, month_to, contract_id=c["id"]))  # fmt: skip
    return out


def check_caps(
    ledger: Ledger, client: Client, lines: list[DraftLine], allow: bool, warnings: list[str]
) -> None:
    """Refuse (or, with --allow-over-cap, warn about) a draft that takes a not-to-exceed
    cap past its amount: a T&M contract's cap for the time billed under it, else the
    project's cap (`--cap`) for its time billed outside any contract."""
    nets: dict[tuple[str, int], int] = {}
    for line in lines:
        if line.kind == "time" and line.project_id is not None:
            key = ("contract", line.contract_id) if line.contract_id else (
                "project", line.project_id)  # fmt: skip
            nets[key] = nets.get(key, 0) + billing.line_net(line.quantity, line.unit_price_minor)
    for (what, ident), net in nets.items():
        if what == "contract":
            c = store.contract(ledger.conn, ident)
            assert c is not None
            cap, billed = c["cap_minor"], store.billed(ledger.conn, ident)
            name = f"{c['project_code']} (contract {ident})"
        else:
            project = resolve.project_by_id(ledger, ident)
            cap, name = project.cap_minor, project.code
            billed = invoice_store.billed_on_project(ledger.conn, ident) if cap else 0
        if cap is None or billed + net <= cap:
            continue
        text = (
            f"{name}: {money.format_money(billed + net, client.currency)} would pass "
            f"its not-to-exceed cap of {money.format_money(cap, client.currency)}"
        )
        if not allow:
            raise Refused(f"{text}: bill less (--to, --project) or add --allow-over-cap")
        warnings.append(text)


def fixed_fee_line(
    ledger: Ledger, client: Client, projects: list[Project], req: DraftRequest
) -> DraftLine:
    """A milestone typed on `psa invoice create --project P --percent|--amount` for a
    fixed-fee project (its `--fee`), outside any contract."""
    from psa_cli.services.invoicing import DraftLine

    fixed = [p for p in projects if p.billing == "fixed"]
    if len(fixed) != 1:
        raise InvalidInput("a milestone needs exactly one fixed-fee --project")
    project = fixed[0]
    if req.amount and req.percent:
        raise InvalidInput("give --amount or --percent, not both")
    if req.percent:
        if project.fee_minor is None:
            raise Refused(f"project {project.code} has no fee: set it with --fee on project edit")
        pct = money.parse_percent(req.percent, maximum=Decimal(100))
        price = billing.percent_of(project.fee_minor, pct)
        label = req.milestone or f"{money.percent_str(pct)}% of the fixed fee"
    elif req.amount:
        price = money.parse_money(req.amount, client.currency)
        label = req.milestone or "Milestone"
    else:
        raise InvalidInput("a milestone needs --amount A or --percent P")
    if project.fee_minor is not None:
        billed = invoice_store.billed_on_project(ledger.conn, project.id)
        if billed + price > project.fee_minor:
            raise Refused(
                f"{project.code}: {money.format_money(billed + price, client.currency)} would "
                "exceed "
                f"the fixed fee of {money.format_money(project.fee_minor, client.currency)}"
            )
    return DraftLine("fixed", f"{project.name}: {label}", Decimal(1), "C62", price, project.id)
