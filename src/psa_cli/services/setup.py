"""`psa init`: the ledger file, the config with your business details, and you."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from psa_cli.services import config as config_service
from psa_cli.services.ledger import Ledger
from psa_cli.services.people import ensure_me
from psa_cli.store import parties


@dataclass
class InitResult:
    ledger_path: Path
    config_path: Path
    created_ledger: bool
    settings: dict[str, object]


def init(ledger: Ledger, details: dict[str, str], *, me: str | None = None) -> InitResult:
    """Write the given business details (validated, all or nothing) and open the ledger."""
    created = not ledger.path.exists()
    if details:
        ledger.config = config_service.set_many(details, ledger.config.path)
    elif not ledger.config.path.exists():
        config_service.save(ledger.config)
    person_id = ensure_me(ledger)
    if me:
        from psa_cli.services.people import PersonFields, edit_person

        current = parties.person_by_id(ledger.conn, person_id)
        if current is not None and current.name != me:
            edit_person(ledger, current.name, PersonFields(name=me))
    return InitResult(ledger.path, ledger.config.path, created, ledger.config.effective())
