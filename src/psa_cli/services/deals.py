"""Deals of the sales pipeline: add, move through the stages, close as won or lost.

Values are in the client's currency, integer minor units. Winning a deal can create the
project it sells (under the deal's client) and links the two.
"""

from __future__ import annotations

from typing import Any

from psa_cli.domain import crm as rules
from psa_cli.domain import money
from psa_cli.domain.dates import parse_date
from psa_cli.domain.errors import InvalidInput, NotFound, Refused
from psa_cli.domain.matching import check_code, check_text, code_from_name
from psa_cli.domain.money import format_amount
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import crm, projects


def find(ledger: Ledger, deal_id: int) -> dict[str, Any]:
    found = crm.deal(ledger.conn, deal_id)
    if found is None:
        raise NotFound(f"no deal {deal_id}: see 'psa deal list'")
    return found


def _probability(text: str | None, stage: str) -> int:
    return rules.parse_probability(text) if text is not None else rules.DEFAULT_PROBABILITY[stage]


def add_deal(
    ledger: Ledger,
    client_text: str,
    title: str,
    value: str,
    *,
    stage: str = "lead",
    probability: str | None = None,
    close_date: str | None = None,
) -> dict[str, Any]:
    client = resolve.client(ledger, client_text)
    if client.archived:
        raise Refused(f"client {client.code} is archived: restore it with "
                      f"'psa client archive {client.code} --restore'")  # fmt: skip
    chosen = rules.check_stage(stage, open_only=True)
    values = {
        "client_id": client.id,
        "title": check_text(title, "deal title", 200, required=True),
        "value_minor": money.parse_money(value, client.currency, what="deal value"),
        "currency": client.currency,
        "stage": chosen,
        "probability": _probability(probability, chosen),
        "close_date": parse_date(close_date, ledger.today()).isoformat() if close_date else None,
    }
    with ledger.write() as conn:
        deal_id = crm.insert_deal(conn, values)
    return find(ledger, deal_id)


def list_deals(
    ledger: Ledger, stage: str | None = None, client_text: str | None = None
) -> list[dict[str, Any]]:
    stages: tuple[str, ...] = ()
    if stage == "open":
        stages = rules.OPEN_STAGES
    elif stage:
        stages = (rules.check_stage(stage),)
    client_id = resolve.client(ledger, client_text).id if client_text else None
    return crm.list_deals(ledger.conn, stages, client_id)


def move(
    ledger: Ledger, deal_id: int, stage: str, probability: str | None = None
) -> dict[str, Any]:
    """Move a deal to an open stage; its probability becomes the stage's default unless
    given. A lost deal can be reopened; a won deal that created a project cannot."""
    deal = find(ledger, deal_id)
    target = rules.check_stage(stage)
    if target in rules.CLOSED_STAGES:
        raise InvalidInput(
            f"close a deal with 'psa deal {target} {deal_id}'"
            + (" --reason TEXT" if target == "lost" else "")
            + f", not 'deal move {deal_id} {target}'"
        )
    if deal["project_id"] is not None:
        raise Refused(f"deal {deal_id} is won and has project {deal['project_code']}: "
                      "it cannot reopen")  # fmt: skip
    values = {
        "stage": target,
        "probability": _probability(probability, target),
        "closed_on": None,
        "lost_reason": None,
    }
    with ledger.write() as conn:
        crm.update_deal(conn, deal_id, values)
    return find(ledger, deal_id)


def edit(
    ledger: Ledger,
    deal_id: int,
    *,
    title: str | None = None,
    value: str | None = None,
    probability: str | None = None,
    close_date: str | None = None,
) -> dict[str, Any]:
    """Change a deal's title, value, probability or expected close day ('' clears it)."""
    deal = find(ledger, deal_id)
    values: dict[str, Any] = {}
    if title is not None:
        values["title"] = check_text(title, "deal title", 200, required=True)
    if value is not None:
        values["value_minor"] = money.parse_money(value, deal["currency"], what="deal value")
    if probability is not None:
        if deal["stage"] in rules.CLOSED_STAGES:
            raise Refused(f"deal {deal_id} is {deal['stage']}: its probability stays "
                          f"{deal['probability']}%")  # fmt: skip
        values["probability"] = rules.parse_probability(probability)
    if close_date is not None:
        values["close_date"] = (
            parse_date(close_date, ledger.today()).isoformat() if close_date else None
        )
    if not values:
        raise InvalidInput("nothing to change: give --title, --value, --probability or "
                           "--close-date")  # fmt: skip
    with ledger.write() as conn:
        crm.update_deal(conn, deal_id, values)
    return find(ledger, deal_id)


def _check_open(deal: dict[str, Any]) -> None:
    if deal["stage"] in rules.CLOSED_STAGES:
        raise Refused(
            f"deal {deal['id']} is already {deal['stage']}: reopen it first with "
            f"'psa deal move {deal['id']} negotiation'"
        )


def won(
    ledger: Ledger, deal_id: int, *, create_project: bool = False, code: str | None = None
) -> dict[str, Any]:
    deal = find(ledger, deal_id)
    _check_open(deal)
    if code and not create_project:
        raise InvalidInput("--code names the project to create: add --create-project")
    values: dict[str, Any] = {
        "stage": "won",
        "probability": 100,
        "closed_on": ledger.today().isoformat(),
    }
    with ledger.write() as conn:
        if create_project:
            project_code = check_code(code, "project code") if code else code_from_name(
                f"{deal['client_code']}-{deal['title']}")  # fmt: skip
            if projects.project_by_code(conn, project_code):
                raise Refused(f"project code '{project_code}' is taken: choose another with "
                              "--code")  # fmt: skip
            values["project_id"] = projects.insert_project(
                conn,
                {"client_id": deal["client_id"], "code": project_code, "name": deal["title"],
                 "budget_minor": deal["value_minor"] or None},
            )  # fmt: skip
        crm.update_deal(conn, deal_id, values)
    return find(ledger, deal_id)


def lost(ledger: Ledger, deal_id: int, reason: str) -> dict[str, Any]:
    deal = find(ledger, deal_id)
    _check_open(deal)
    values = {
        "stage": "lost",
        "probability": 0,
        "closed_on": ledger.today().isoformat(),
        "lost_reason": check_text(reason, "reason", 500, required=True),
    }
    with ledger.write() as conn:
        crm.update_deal(conn, deal_id, values)
    return find(ledger, deal_id)


def to_json(row: dict[str, Any]) -> dict[str, Any]:
    cur = row["currency"]
    return {
        "id": row["id"],
        "uid": row["uid"],
        "client": row["client_code"],
        "title": row["title"],
        "stage": row["stage"],
        "value": format_amount(row["value_minor"], cur),
        "probability": row["probability"],
        "weighted": format_amount(rules.weighted(row["value_minor"], row["probability"]), cur),
        "currency": cur,
        "close_date": row["close_date"],
        "closed_on": row["closed_on"],
        "lost_reason": row["lost_reason"],
        "project": row["project_code"],
    }
