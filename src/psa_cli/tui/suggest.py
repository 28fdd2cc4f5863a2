"""Completion lists for form fields (Input suggesters), read through services."""

from __future__ import annotations

from psa_cli.services import clients, projects
from psa_cli.services.ledger import Ledger


def project_codes(ledger: Ledger) -> list[str]:
    """Open projects' codes, for the project fields (`acme-w` → `acme-web`)."""
    return [p.code for p in projects.list_projects(ledger)]


def client_codes(ledger: Ledger) -> list[str]:
    return [c.code for c in clients.list_clients(ledger)]
