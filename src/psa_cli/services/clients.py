"""Clients: add, list, show, edit, archive."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from psa_cli.domain import money
from psa_cli.domain.billing import check_tax, parse_rounding
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.domain.matching import check_code, check_text, code_from_name
from psa_cli.domain.models import Client, Project
from psa_cli.domain.settings import check_country, check_email
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import parties, projects


@dataclass
class ClientFields:
    """Optional values typed on `client add/edit`; None means 'leave as is'."""

    name: str | None = None
    code: str | None = None
    email: str | None = None
    address: str | None = None
    tax_id: str | None = None
    currency: str | None = None
    rate: str | None = None
    tax_rate: str | None = None
    terms: int | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None
    tax_category: str | None = None
    exemption_reason: str | None = None
    rounding: str | None = None


def _values(fields: ClientFields, currency: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if fields.name is not None:
        values["name"] = check_text(fields.name, "client name", 200, required=True)
    if fields.code is not None:
        values["code"] = check_code(fields.code, "client code")
    if fields.email is not None:
        values["email"] = str(check_email(fields.email))
    if fields.address is not None:
        values["address"] = check_text(fields.address.replace("\\n", "\n"), "address", 500)
    if fields.tax_id is not None:
        values["tax_id"] = check_text(fields.tax_id, "tax id", 40)
    if fields.rate is not None:
        values["rate_minor"] = money.parse_rate(fields.rate, currency) if fields.rate else None
    if fields.tax_rate is not None:
        pct = money.parse_percent(fields.tax_rate, what="tax rate", maximum=Decimal(100))
        values["tax_rate"] = money.percent_str(pct)
    if fields.postcode is not None:
        values["postcode"] = check_text(fields.postcode, "postcode", 20)
    if fields.city is not None:
        values["city"] = check_text(fields.city, "city", 100)
    if fields.country is not None:
        values["country"] = check_country(fields.country)
    if fields.exemption_reason is not None:
        values["exemption_reason"] = check_text(fields.exemption_reason, "exemption reason", 200)
    if fields.tax_category is not None:
        if fields.tax_category == "":
            values["tax_category"] = None
        else:
            rate = Decimal(values.get("tax_rate", "0") or "0")
            category = fields.tax_category.strip().upper()
            check_tax(category, rate if category == "S" else Decimal(0),
                      values.get("exemption_reason") or "client default")  # fmt: skip
            values["tax_category"] = category
    if fields.rounding is not None:
        values["rounding"] = parse_rounding(fields.rounding).text() if fields.rounding else None
    if fields.terms is not None:
        if not 0 <= fields.terms <= 365:
            raise InvalidInput(f"invalid payment terms {fields.terms}: give 0 to 365 days")
        values["terms_days"] = fields.terms
    return values


def add_client(ledger: Ledger, fields: ClientFields) -> Client:
    if not fields.name:
        raise InvalidInput("client name must not be empty")
    currency = money.check_currency(fields.currency or ledger.config.currency)
    values = _values(fields, currency)
    values.setdefault("code", code_from_name(values["name"]))
    values["currency"] = currency
    with ledger.write() as conn:
        if parties.client_by_code(conn, values["code"]):
            raise Refused(f"client code '{values['code']}' is taken: choose another with --code")
        client_id = parties.insert_client(conn, values)
    found = parties.client_by_id(ledger.conn, client_id)
    assert found is not None
    return found


def list_clients(ledger: Ledger, *, include_archived: bool = False) -> list[Client]:
    return parties.list_clients(ledger.conn, include_archived=include_archived)


@dataclass
class ClientDetail:
    client: Client
    projects: list[Project]
    activity: dict[str, int]
    contacts: list[dict[str, Any]]
    interactions: list[dict[str, Any]]


def show_client(ledger: Ledger, code: str) -> ClientDetail:
    from psa_cli.services import crm

    client = resolve.client(ledger, code)
    conn = ledger.conn
    return ClientDetail(
        client,
        projects.list_projects(conn, client_id=client.id, include_archived=True),
        parties.client_activity(conn, client.id),
        [crm.contact_to_json(c) for c in crm.client_contacts(ledger, client.id)],
        [crm.interaction_to_json(i) for i in crm.latest_interactions(ledger, client.id)],
    )


def edit_client(ledger: Ledger, code: str, fields: ClientFields) -> Client:
    client = resolve.client(ledger, code)
    currency = money.check_currency(fields.currency) if fields.currency else client.currency
    values = _values(fields, currency)
    if fields.currency and currency != client.currency:
        activity = parties.client_activity(ledger.conn, client.id)
        if activity["logged_seconds"] or activity["expenses"]:
            raise Refused(
                f"client {client.code} already has time or expenses in {client.currency}: "
                "its currency cannot change (add a new client for the other currency)"
            )
        values["currency"] = currency
        if fields.rate is None and client.rate_minor is not None:
            raise Refused("changing the currency needs the rate in the new currency: add --rate")
    with ledger.write() as conn:
        if "code" in values and values["code"].lower() != client.code.lower():
            if parties.client_by_code(conn, values["code"]):
                raise Refused(f"client code '{values['code']}' is taken: choose another")
        parties.update_client(conn, client.id, values)
    found = parties.client_by_id(ledger.conn, client.id)
    assert found is not None
    return found


def archive_client(ledger: Ledger, code: str, *, restore: bool = False) -> Client:
    client = resolve.client(ledger, code)
    with ledger.write() as conn:
        parties.update_client(conn, client.id, {"archived": 0 if restore else 1})
    found = parties.client_by_id(ledger.conn, client.id)
    assert found is not None
    return found
