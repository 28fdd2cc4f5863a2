"""Start reading the dashboard's data before textual is even imported.

`psa tui` spends ~0.3-0.4 s importing textual and the screens; the dashboard's queries
(mostly inside SQLite, which releases the GIL) run meanwhile in their own threads with
their own connections. The dashboard's first load takes these results instead of
querying again. No textual import here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

Panels = dict[str, "Future[Any]"]
NAMES = ("running", "today", "week", "overdue", "budgets", "unbilled")  # cheapest first
HEAVY = frozenset({"unbilled"})  # valuing all unbilled work: its own thread and connection


def panels() -> list[tuple[str, Callable[..., Any]]]:
    """The dashboard's panels in loading order, with their service."""
    from psa_cli.services import dashboard

    services = {
        "running": dashboard.running,
        "today": dashboard.today,
        "week": dashboard.week,
        "overdue": dashboard.overdue,
        "budgets": dashboard.budget_alerts,
        "unbilled": dashboard.unbilled_by_client,
    }
    return [(name, services[name]) for name in NAMES]


def _compute(ledger_path: str | Path | None, wanted: frozenset[str], futures: Panels) -> None:
    from psa_cli.services.ledger import Ledger

    ledger = None
    try:
        ledger = Ledger.open(ledger_path)
        for name, fn in panels():
            if name in wanted:
                try:
                    futures[name].set_result(fn(ledger))
                except Exception as exc:  # raised again on the UI side by future.result()
                    futures[name].set_exception(exc)
    except Exception as exc:
        for name in wanted:
            if not futures[name].done():
                futures[name].set_exception(exc)
    finally:
        if ledger is not None:
            ledger.close()


def start(ledger_path: str | Path | None) -> Panels:
    """Two daemon threads computing every panel; a future per panel."""
    futures: Panels = {name: Future() for name in NAMES}
    for wanted in (HEAVY, frozenset(NAMES) - HEAVY):
        threading.Thread(
            target=_compute, args=(ledger_path, wanted, futures), name="psa-prefetch", daemon=True
        ).start()
    return futures
