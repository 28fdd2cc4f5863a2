"""`psa audit`: who changed what, when — every mutation, with old → new for updates.

Every write goes through store/rows.py, which adds an `audit_log` row in the same
transaction as the change: `create` holds the values written, `update` holds
`{column: [old, new]}` for the columns that really changed, `delete` a snapshot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from psa_cli.domain.dates import iso_utc, parse_date, parse_iso_utc, to_utc
from psa_cli.domain.errors import InvalidInput
from psa_cli.domain.matching import did_you_mean
from psa_cli.services.ledger import Ledger
from psa_cli.store import audit as store

# Friendly names for the tables the trail records.
ALIASES = {
    "person": "people",
    "client": "clients",
    "contact": "contacts",
    "project": "projects",
    "task": "tasks",
    "entry": "time_entries",
    "entries": "time_entries",
    "expense": "expenses",
    "invoice": "invoices",
    "payment": "payments",
    "line": "invoice_lines",
    "interaction": "interactions",
    "deal": "deals",
    "contract": "contracts",
    "milestone": "contract_milestones",
}
MAX_LIMIT = 100_000


@dataclass
class AuditRow:
    id: int
    at: str  # UTC, YYYY-MM-DDTHH:MM:SSZ
    entity: str
    entity_id: int | None
    action: str  # create | update | delete | ...
    detail: Any  # create/delete: {column: value}; update: {column: [old, new]}

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "action": self.action,
            "detail": self.detail,
        }

    def summary(self, width: int = 60) -> str:
        """One line: `col: old → new; ...` for updates, `col=value, ...` otherwise."""
        if not isinstance(self.detail, dict):
            return _short(self.detail, width * 2)
        if self.action == "update":
            parts = [
                f"{k}: {_short(v[0], width)} → {_short(v[1], width)}"
                if isinstance(v, list) and len(v) == 2
                else f"{k}: {_short(v, width)}"
                for k, v in sorted(self.detail.items())
            ]
            return "; ".join(parts)
        return ", ".join(f"{k}={_short(v, width)}" for k, v in sorted(self.detail.items()))


def _short(value: Any, width: int) -> str:
    text = "∅" if value is None else str(value)
    text = " ".join(text.split())  # newlines and tabs of notes on one line
    return text if len(text) <= width else text[: width - 1] + "…"


def resolve_entity(ledger: Ledger, name: str) -> str:
    """'entry', 'entries', 'time_entries' → 'time_entries'; unknown names are refused."""
    key = name.strip().lower().replace("-", "_")
    if key in ALIASES:
        return ALIASES[key]
    known = set(ALIASES.values()) | set(store.entities(ledger.conn))
    if key in known:
        return key
    if key.endswith("s") and key[:-1] in ALIASES:
        return ALIASES[key[:-1]]
    hint = did_you_mean(key, sorted(set(ALIASES) | known))
    fix = hint or f"use one of {', '.join(sorted(ALIASES))}"
    raise InvalidInput(f"unknown entity '{name}': {fix}")


def history(
    ledger: Ledger,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    since: str | None = None,
    limit: int = 50,
) -> list[AuditRow]:
    """The newest `limit` audit rows matching the filters, newest first."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"--limit must be between 1 and {MAX_LIMIT}")
    if entity_id is not None and entity is None:
        raise InvalidInput("--id needs --entity: say which kind of row, e.g. --entity entry --id 7")
    table = resolve_entity(ledger, entity) if entity is not None else None
    since_utc = None
    if since is not None:
        day = parse_date(since, ledger.today())
        since_utc = iso_utc(to_utc(datetime.combine(day, time()), ledger.tz))
    rows = store.history(
        ledger.conn, entity=table, entity_id=entity_id, since=since_utc, limit=limit
    )
    return [
        AuditRow(r["id"], r["at"], r["entity"], r["entity_id"], r["action"], _load(r["detail"]))
        for r in rows
    ]


def _load(detail: str) -> Any:
    try:
        return json.loads(detail)
    except ValueError:  # written by hand or by an older tool: show it as text
        return detail


def local_time(ledger: Ledger, at: str) -> str:
    """An audit stamp in the ledger's zone, for tables: 2026-11-26 16:00."""
    try:
        return parse_iso_utc(at).astimezone(ledger.tz).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at
