"""Contracts: retainer, fixed fee, time & materials; their milestones and consumption.

A contract belongs to one project (named directly, or through a client that has exactly
one open project) for a span of days; contracts of one project never overlap, so each
day of work has at most one set of terms. How the draft engine bills from them is in
`services/contract_terms`; this module adds them and says what is consumed and left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from psa_cli.domain import billing, money
from psa_cli.domain.crm import CONTRACT_KINDS, check_kind
from psa_cli.domain.dates import parse_date
from psa_cli.domain.durations import parse_duration
from psa_cli.domain.errors import InvalidInput, NotFound, Refused
from psa_cli.domain.matching import check_text
from psa_cli.domain.models import Project
from psa_cli.domain.money import format_amount
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import contracts as store
from psa_cli.store import projects as project_store

_HOURS_MAX = 10_000 * 3600


@dataclass
class ContractFields:
    kind: str
    start: str | None = None
    end: str | None = None
    amount: str | None = None
    hours: str | None = None
    rollover: bool = False
    overage_rate: str | None = None
    cap: str | None = None


def _target(ledger: Ledger, text: str) -> Project:
    """A project code, or a client with exactly one open project."""
    try:
        return resolve.project(ledger, text)
    except NotFound:
        pass
    client = resolve.client(ledger, text)  # raises a NotFound naming the client
    open_ = [p for p in project_store.projects_of_client(ledger.conn, client.id)
             if p.status in ("active", "paused")]  # fmt: skip
    if len(open_) != 1:
        codes = ", ".join(p.code for p in open_) or "none"
        raise Refused(
            f"client {client.code} has {len(open_)} open projects ({codes}): name the "
            "project the contract covers"
            + ("" if open_ else f", or add one with 'psa project add {client.code} NAME'")
        )
    return open_[0]


def _hours(raw: str) -> int:
    text = raw if raw[-1:].isalpha() or ":" in raw else f"{raw}h"
    return parse_duration(text, max_seconds=_HOURS_MAX, allow_zero=True)


def _values(ledger: Ledger, project: Project, f: ContractFields) -> dict[str, Any]:
    kind = check_kind(f.kind, CONTRACT_KINDS, "contract type")
    cur = project.currency
    today = ledger.today()
    start = parse_date(f.start, today) if f.start else today
    end = parse_date(f.end, today) if f.end else None
    if end is not None and end < start:
        raise InvalidInput(f"the contract ends ({end}) before it starts ({start}): check --to")
    allowed = {"retainer": {"amount", "hours", "rollover", "overage_rate"},
               "fixed": {"amount"}, "tm": {"cap"}}[kind]  # fmt: skip
    given = {k for k in ("amount", "hours", "overage_rate", "cap") if getattr(f, k) is not None}
    given |= {"rollover"} if f.rollover else set()
    extra = sorted(given - allowed)
    if extra:
        names = ", ".join("--" + k.replace("_", "-") for k in extra)
        raise InvalidInput(f"{names} does not apply to a {kind} contract")
    needed = {"retainer": ("amount", "hours"), "fixed": ("amount",), "tm": ("cap",)}[kind]
    missing = [k for k in needed if getattr(f, k) is None]
    if missing:
        raise InvalidInput(
            f"a {kind} contract needs " + " and ".join(f"--{k} " + k.upper()[0] for k in missing)
        )
    return {
        "client_id": project.client_id,
        "project_id": project.id,
        "kind": kind,
        "currency": cur,
        "start_day": start.isoformat(),
        "end_day": end.isoformat() if end else None,
        "amount_minor": money.parse_money(f.amount, cur, what="amount") if f.amount else None,
        "included_seconds": _hours(f.hours) if f.hours else None,
        "rollover": int(f.rollover),
        "overage_rate_minor": money.parse_rate(f.overage_rate, cur) if f.overage_rate else None,
        "cap_minor": money.parse_money(f.cap, cur, what="cap") if f.cap else None,
    }


def find(ledger: Ledger, contract_id: int) -> dict[str, Any]:
    found = store.contract(ledger.conn, contract_id)
    if found is None:
        raise NotFound(f"no contract {contract_id}: see 'psa contract list'")
    return found


def add_contract(ledger: Ledger, target: str, fields: ContractFields) -> dict[str, Any]:
    project = _target(ledger, target)
    if project.billing == "non-billable":
        raise Refused(f"project {project.code} is non-billable: change it with "
                      f"'psa project edit {project.code} --billing hourly' first")  # fmt: skip
    values = _values(ledger, project, fields)
    with ledger.write() as conn:
        clash = store.overlapping(conn, project.id, values["start_day"], values["end_day"])
        if clash:
            raise Refused(
                f"{project.code} already has contract {clash['id']} from {clash['start_day']}"
                f" to {clash['end_day'] or 'open end'}: contracts of a project may not overlap"
            )
        contract_id = store.insert_contract(conn, values)
    return find(ledger, contract_id)


def add_milestone(
    ledger: Ledger, contract_id: int, name: str, amount: str, day: str
) -> dict[str, Any]:
    c = find(ledger, contract_id)
    if c["kind"] != "fixed":
        raise Refused(f"contract {contract_id} is {c['kind']}: milestones belong to fixed-fee "
                      "contracts")  # fmt: skip
    values = {
        "contract_id": contract_id,
        "name": check_text(name, "milestone name", 200, required=True),
        "amount_minor": money.parse_money(amount, c["currency"], what="milestone amount"),
        "day": parse_date(day, ledger.today()).isoformat(),
    }
    if values["amount_minor"] == 0:
        raise InvalidInput("a milestone amount must be above 0")
    if values["day"] < c["start_day"] or (c["end_day"] and values["day"] > c["end_day"]):
        raise InvalidInput(f"{values['day']} is outside contract {contract_id} "
                           f"({c['start_day']} to {c['end_day'] or 'open end'})")  # fmt: skip
    with ledger.write() as conn:
        planned = sum(m["amount_minor"] for m in store.milestones(conn, contract_id))
        if planned + values["amount_minor"] > c["amount_minor"]:
            left = money.format_money(c["amount_minor"] - planned, c["currency"])
            raise Refused(f"contract {contract_id} has {left} of its fixed fee left to plan: "
                          "lower the amount")  # fmt: skip
        store.insert_milestone(conn, values)
    return show(ledger, contract_id)


def end_contract(ledger: Ledger, contract_id: int, day: str) -> dict[str, Any]:
    """Set (or move) the last day of a contract. Work and milestones already invoiced
    under it after that day, or another contract of the project, refuse it."""
    c = find(ledger, contract_id)
    end = parse_date(day, ledger.today()).isoformat()
    if end < c["start_day"]:
        raise InvalidInput(f"contract {contract_id} starts on {c['start_day']}: end it on or "
                           "after that day, or remove it with 'psa contract remove'")  # fmt: skip
    with ledger.write() as conn:
        invoiced = store.lines_after(conn, contract_id, end)
        if invoiced:
            raise Refused(f"contract {contract_id} billed work after {end} on "
                          f"{', '.join(invoiced)}: void or delete that first")  # fmt: skip
        late = [m["name"] for m in store.milestones(conn, contract_id) if m["day"] > end]
        if late:
            raise Refused(f"milestone '{late[0]}' of contract {contract_id} falls after {end}: "
                          "end the contract later")  # fmt: skip
        clash = store.overlapping(conn, c["project_id"], c["start_day"], end, contract_id)
        if clash:
            raise Refused(f"{c['project_code']} has contract {clash['id']} from "
                          f"{clash['start_day']}: end this one before it")  # fmt: skip
        store.update_contract(conn, contract_id, {"end_day": end})
    return show(ledger, contract_id)


def remove_contract(ledger: Ledger, contract_id: int) -> dict[str, Any]:
    """Delete a contract nothing was ever invoiced under (drafts and void invoices count)."""
    c = find(ledger, contract_id)
    with ledger.write() as conn:
        if store.line_count(conn, contract_id):
            raise Refused(f"contract {contract_id} has invoice lines: end it instead with "
                          f"'psa contract end {contract_id} --on DATE'")  # fmt: skip
        store.delete_contract(conn, c)
    return to_json(c, ledger.today())


def list_contracts(
    ledger: Ledger, client: str | None = None, project: str | None = None
) -> list[dict[str, Any]]:
    client_id = resolve.client(ledger, client).id if client else None
    project_id = resolve.project(ledger, project, allow_archived=True).id if project else None
    return [to_json(c, ledger.today()) for c in
            store.list_contracts(ledger.conn, client_id, project_id)]  # fmt: skip


def show(ledger: Ledger, contract_id: int) -> dict[str, Any]:
    c = find(ledger, contract_id)
    data = to_json(c, ledger.today())
    data["consumption"] = consumption(ledger, c)
    data["milestones"] = [_milestone(m, c["currency"]) for m in
                          store.milestones(ledger.conn, contract_id)]  # fmt: skip
    return data


def to_json(c: dict[str, Any], today: date) -> dict[str, Any]:
    cur = c["currency"]

    def amount(minor: int | None) -> str | None:
        return None if minor is None else format_amount(minor, cur)

    day = today.isoformat()
    return {
        "id": c["id"],
        "uid": c["uid"],
        "client": c["client_code"],
        "project": c["project_code"],
        "type": c["kind"],
        "currency": cur,
        "start": c["start_day"],
        "end": c["end_day"],
        "active": c["start_day"] <= day and (c["end_day"] is None or day <= c["end_day"]),
        "amount": amount(c["amount_minor"]),
        "included_seconds": c["included_seconds"],
        "rollover": bool(c["rollover"]),
        "overage_rate": amount(c["overage_rate_minor"]),
        "cap": amount(c["cap_minor"]),
    }


def _milestone(m: dict[str, Any], cur: str) -> dict[str, Any]:
    return {
        "id": m["id"],
        "name": m["name"],
        "day": m["day"],
        "amount": format_amount(m["amount_minor"], cur),
        "invoice": m["invoice_number"] or m["invoice_id"],
        "status": "unbilled"
        if m["invoice_id"] is None
        else ("billed" if m["invoice_status"] == "issued" else "on draft"),  # fmt: skip
    }


def _period(c: dict[str, Any], today: date) -> tuple[str, str]:
    """The retainer month to report: this one, clipped to the contract's dates."""
    day = today.isoformat()
    if day < c["start_day"]:
        day = c["start_day"]
    elif c["end_day"] and day > c["end_day"]:
        day = c["end_day"]
    month_from = day[:8] + "01"
    year, mon = int(day[:4]), int(day[5:7])
    nxt = date(year + mon // 12, mon % 12 + 1, 1)
    return month_from, date.fromordinal(nxt.toordinal() - 1).isoformat()


def consumption(ledger: Ledger, c: dict[str, Any]) -> dict[str, Any]:
    """What is used and what is left: the retainer's hours this month, the fixed fee's
    milestones, the T&M cap; `billed` is net invoiced under the contract (issued)."""
    conn = ledger.conn
    cur = c["currency"]
    billed = store.billed(conn, c["id"])
    out: dict[str, Any] = {"billed": format_amount(billed, cur)}
    if c["kind"] == "retainer":
        start, end = _period(c, ledger.today())
        used = store.logged_seconds(conn, c["project_id"], max(start, c["start_day"]),
                                       min(end, c["end_day"] or end))  # fmt: skip
        included = c["included_seconds"] or 0
        carried = 0
        if c["rollover"] and included:
            carried = billing.rollover_balance(
                included, store.retainer_history(conn, c["id"], start)
            )
        over = max(0, used - included - carried)
        rate = c["overage_rate_minor"]
        out.update(
            period_from=start, period_to=end, included_seconds=included,
            rolled_over_seconds=carried, used_seconds=used,
            left_seconds=max(0, included + carried - used), overage_seconds=over,
            overage_amount=None if rate is None else format_amount(
                billing.line_net(billing.hours(over), rate), cur),
        )  # fmt: skip
    elif c["kind"] == "fixed":
        ms = store.milestones(conn, c["id"])
        done = sum(m["amount_minor"] for m in ms if m["invoice_status"] == "issued")
        planned = sum(m["amount_minor"] for m in ms)
        out.update(
            total=format_amount(c["amount_minor"], cur),
            milestones_billed=format_amount(done, cur),
            milestones_unbilled=format_amount(planned - done, cur),
            unscheduled=format_amount(c["amount_minor"] - planned, cur),
            left=format_amount(c["amount_minor"] - billed, cur),
        )
    else:
        used = store.logged_seconds(conn, c["project_id"], c["start_day"],
                                       c["end_day"] or "9999-12-31")  # fmt: skip
        out.update(
            cap=format_amount(c["cap_minor"], cur),
            left=format_amount(c["cap_minor"] - billed, cur),
            logged_seconds=used,
        )
    return out
