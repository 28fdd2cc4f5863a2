"""Change detection for long-running front ends (the TUI polls this in a worker thread)."""

from __future__ import annotations

from psa_cli.services.ledger import Ledger
from psa_cli.store import watch as store


def data_version(ledger: Ledger) -> int:
    """A counter that changes whenever another connection (a `psa log` in another terminal,
    another TUI worker) commits to the ledger. Keep the same `ledger` handle between polls:
    the counter is per connection."""
    return store.data_version(ledger.conn)
