"""Contacts of a client and the interactions had with it (calls, e-mails, meetings, notes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psa_cli.domain.crm import INTERACTION_KINDS, check_kind
from psa_cli.domain.dates import parse_date
from psa_cli.domain.errors import InvalidInput, NotFound, Refused
from psa_cli.domain.matching import check_text
from psa_cli.domain.models import Client
from psa_cli.domain.settings import check_email
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import crm

LATEST_INTERACTIONS = 5  # shown by `psa client show`


@dataclass
class ContactFields:
    """Values typed on `contact add/edit`; None leaves a field as it is."""

    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None


def _phone(raw: str) -> str:
    text = check_text(raw, "phone", 40)
    if text and (not any(c.isdigit() for c in text) or not set(text) <= set("0123456789+-.() /x")):
        raise InvalidInput(f"'{raw}' is not a phone number: digits, spaces, + - . ( ) only")
    return text


def _values(fields: ContactFields) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if fields.name is not None:
        values["name"] = check_text(fields.name, "contact name", 200, required=True)
    if fields.role is not None:
        values["role"] = check_text(fields.role, "role", 100)
    if fields.email is not None:
        values["email"] = str(check_email(fields.email))
    if fields.phone is not None:
        values["phone"] = _phone(fields.phone)
    return values


def _contact(ledger: Ledger, contact_id: int) -> dict[str, Any]:
    found = crm.contact(ledger.conn, contact_id)
    if found is None:
        raise NotFound(f"no contact {contact_id}: see 'psa contact list'")
    return found


def add_contact(ledger: Ledger, client_text: str, fields: ContactFields) -> dict[str, Any]:
    client = resolve.client(ledger, client_text)
    values = _values(fields)
    if not values.get("name"):
        raise InvalidInput("contact name must not be empty")
    with ledger.write() as conn:
        if crm.contacts_named(conn, client.id, values["name"]):
            raise Refused(
                f"{client.code} already has a contact named '{values['name']}': "
                "change it with 'psa contact edit N'"
            )
        contact_id = crm.insert_contact(conn, {"client_id": client.id, **values})
    return _contact(ledger, contact_id)


def list_contacts(ledger: Ledger, client_text: str | None = None) -> list[dict[str, Any]]:
    client_id = resolve.client(ledger, client_text).id if client_text else None
    return crm.list_contacts(ledger.conn, client_id)


def edit_contact(ledger: Ledger, contact_id: int, fields: ContactFields) -> dict[str, Any]:
    current = _contact(ledger, contact_id)
    values = _values(fields)
    if not values:
        raise InvalidInput("nothing to change: give --name, --role, --email or --phone")
    with ledger.write() as conn:
        if "name" in values and values["name"].lower() != current["name"].lower():
            if crm.contacts_named(conn, current["client_id"], values["name"]):
                raise Refused(f"{current['client_code']} already has a contact "
                              f"named '{values['name']}'")  # fmt: skip
        crm.update_contact(conn, contact_id, values)
    return _contact(ledger, contact_id)


def remove_contact(ledger: Ledger, contact_id: int) -> dict[str, Any]:
    current = _contact(ledger, contact_id)
    snapshot = {k: current[k] for k in ("client_id", "name", "role", "email", "phone")}
    with ledger.write() as conn:
        crm.delete_contact(conn, contact_id, snapshot)
    return current


def contact_to_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uid": row["uid"],
        "client": row["client_code"],
        "name": row["name"],
        "role": row["role"],
        "email": row["email"],
        "phone": row["phone"],
        "interactions": row["interactions"],
    }


# -- interactions -----------------------------------------------------------


def _find_contact(ledger: Ledger, client: Client, text: str) -> int:
    raw = text.strip()
    if raw.isdigit():
        found = crm.contact(ledger.conn, int(raw))
        if found is None or found["client_id"] != client.id:
            raise NotFound(f"{client.code} has no contact {raw}: see 'psa contact list "
                           f"--client {client.code}'")  # fmt: skip
        return int(found["id"])
    named = crm.contacts_named(ledger.conn, client.id, raw)
    if len(named) != 1:
        names = [c["name"] for c in crm.list_contacts(ledger.conn, client.id)]
        known = f"{client.code} has: {', '.join(names)}" if names else "it has none yet"
        raise NotFound(
            f"unknown contact '{text}' for {client.code} ({known}): add it with "
            f"'psa contact add {client.code} \"{raw}\"'"
        )
    return int(named[0]["id"])


def add_interaction(
    ledger: Ledger,
    client_text: str,
    text: str,
    *,
    kind: str = "note",
    day: str | None = None,
    contact: str | None = None,
) -> dict[str, Any]:
    client = resolve.client(ledger, client_text)
    values: dict[str, Any] = {
        "client_id": client.id,
        "kind": check_kind(kind, INTERACTION_KINDS, "interaction type"),
        "day": parse_date(day, ledger.today()).isoformat() if day else ledger.today().isoformat(),
        "text": check_text(text, "interaction text", 2000, required=True),
        "contact_id": _find_contact(ledger, client, contact) if contact else None,
    }
    with ledger.write() as conn:
        interaction_id = crm.insert_interaction(conn, values)
    found = crm.interaction(ledger.conn, interaction_id)
    assert found is not None
    return found


def list_interactions(
    ledger: Ledger, client_text: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    if limit is not None and limit < 1:
        raise InvalidInput(f"invalid --limit {limit}: give 1 or more")
    client_id = resolve.client(ledger, client_text).id if client_text else None
    return crm.list_interactions(ledger.conn, client_id, limit)


def latest_interactions(ledger: Ledger, client_id: int) -> list[dict[str, Any]]:
    return crm.list_interactions(ledger.conn, client_id, LATEST_INTERACTIONS)


def client_contacts(ledger: Ledger, client_id: int) -> list[dict[str, Any]]:
    return crm.list_contacts(ledger.conn, client_id)


def interaction_to_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uid": row["uid"],
        "client": row["client_code"],
        "day": row["day"],
        "type": row["kind"],
        "contact": row["contact"],
        "text": row["text"],
    }
