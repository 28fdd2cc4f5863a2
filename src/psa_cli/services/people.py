"""People: you (the default person) and anyone whose time you track."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psa_cli.domain import money
from psa_cli.domain.durations import parse_duration
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.domain.matching import check_text
from psa_cli.domain.models import Person
from psa_cli.domain.settings import check_email
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import parties

DEFAULT_NAME = "me"
WEEK = 7 * 24 * 3600


@dataclass
class PersonFields:
    """The fields of a person to set on add or edit; None leaves a field as it is."""

    name: str | None = None
    email: str | None = None
    capacity: str | None = None
    cost_rate: str | None = None
    rate: str | None = None


def _capacity(raw: str) -> int:
    text = raw.strip().lower().removesuffix("/week").removesuffix("/w")
    if text and (text[-1].isdigit()):
        text += "h"
    try:
        return parse_duration(text, max_seconds=WEEK, allow_zero=True)
    except InvalidInput:
        raise InvalidInput(
            f"invalid capacity '{raw}': hours per week from 0 to 168, e.g. 40h or 32"
        ) from None


def _values(fields: PersonFields, currency: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if fields.name is not None:
        values["name"] = check_text(fields.name, "person name", 100, required=True)
    if fields.email is not None:
        values["email"] = str(check_email(fields.email))
    if fields.capacity is not None:
        values["capacity_seconds"] = _capacity(fields.capacity)
    if fields.cost_rate is not None:
        values["cost_rate_minor"] = (
            money.parse_rate(fields.cost_rate, currency) if fields.cost_rate else None
        )
    if fields.rate is not None:
        values["rate_minor"] = money.parse_rate(fields.rate, currency) if fields.rate else None
    return values


def ensure_me(ledger: Ledger) -> int:
    """The default person's id, creating 'me' on first use (inside a write)."""
    conn = ledger.conn
    found = parties.default_person_id(conn)
    if found is not None:
        return found
    with ledger.write() as conn:
        found = parties.default_person_id(conn)
        if found is not None:
            return found
        name = DEFAULT_NAME
        if parties.person_by_name(conn, name):
            name = "me (default)"
        return parties.insert_person(
            conn, {"name": name, "currency": ledger.config.currency, "is_default": 1}
        )


def add_person(ledger: Ledger, fields: PersonFields, *, make_default: bool = False) -> Person:
    ensure_me(ledger)
    currency = ledger.config.currency
    values = _values(fields, currency)
    if "name" not in values:
        raise InvalidInput("person name must not be empty")
    values["currency"] = currency
    with ledger.write() as conn:
        if parties.person_by_name(conn, values["name"]):
            raise Refused(f"a person named '{values['name']}' exists: choose another name")
        person_id = parties.insert_person(conn, values)
        if make_default:
            _make_default(conn, person_id)
    found = parties.person_by_id(ledger.conn, person_id)
    assert found is not None
    return found


def _make_default(conn: Any, person_id: int) -> None:
    current = parties.default_person_id(conn)
    if current is not None and current != person_id:
        parties.update_person(conn, current, {"is_default": 0})
    parties.update_person(conn, person_id, {"is_default": 1})


def list_people(ledger: Ledger, *, include_archived: bool = False) -> list[Person]:
    ensure_me(ledger)
    return parties.list_people(ledger.conn, include_archived=include_archived)


def edit_person(
    ledger: Ledger,
    name: str,
    fields: PersonFields,
    *,
    make_default: bool = False,
    archived: bool | None = None,
) -> Person:
    ensure_me(ledger)
    person = resolve.person(ledger, name)
    values = _values(fields, person.currency)
    if archived is not None:
        if archived and (person.is_default or make_default):
            raise Refused(f"{person.name} is the default person: make someone else default first")
        values["archived"] = int(archived)
    with ledger.write() as conn:
        if "name" in values and values["name"].lower() != person.name.lower():
            if parties.person_by_name(conn, values["name"]):
                raise Refused(f"a person named '{values['name']}' exists: choose another name")
        parties.update_person(conn, person.id, values)
        if make_default:
            _make_default(conn, person.id)
    found = parties.person_by_id(ledger.conn, person.id)
    assert found is not None
    return found
