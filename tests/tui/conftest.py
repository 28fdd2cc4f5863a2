"""A seeded ledger for the TUI, built through the CLI like every other test's.

Frozen clock: Thursday 2026-11-26 16:00 in Europe/Paris (tests/conftest.py). The week
holds 11h of your time; a timer on gx runs since 14:30 (1h30m); INV-2026-0001 (October,
240.00 + 20 % tax) is 22 days overdue; INV-2026-0002 bills entry 1 (locked); acme-web
has burned 10h30m of its 10h budget.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Psa


@pytest.fixture
def seeded(psa: Psa, monkeypatch: pytest.MonkeyPatch) -> Psa:
    psa("init", "--name", "Jane Doe Consulting", "--currency", "EUR", "--rate", "100")
    psa("client", "add", "ACME Corp", "--code", "acme", "--rate", "120", "--tax-rate", "20",
        "--terms", "30")  # fmt: skip
    psa("client", "add", "Globex", "--code", "globex", "--rate", "90", "--terms", "14")
    psa("project", "add", "acme", "Web shop", "--code", "acme-web", "--budget-hours", "10")
    psa("project", "add", "globex", "Audit", "--code", "gx")
    psa("task", "add", "acme-web", "Design", "--estimate", "6h")
    psa("log", "3h", "acme-web", "wireframes", "--date", "2026-11-23", "--task", "Design")  # 1
    psa("log", "2h30m", "gx", "review", "--date", "2026-11-24")  # 2
    psa("log", "4h", "acme-web", "pages", "--date", "2026-11-25")  # 3
    psa("log", "1h30m", "acme-web", "fix", "--date", "today")  # 4
    psa("log", "2h", "acme-web", "old work", "--date", "2026-10-01")  # 5
    monkeypatch.setenv("PSA_NOW", "2026-10-05T10:00:00Z")
    psa("invoice", "create", "acme", "--to", "2026-10-31")
    psa("invoice", "issue", "1")  # INV-2026-0001, due 2026-11-04: overdue now
    monkeypatch.setenv("PSA_NOW", "2026-11-26T15:00:00Z")
    psa("invoice", "create", "acme", "--from", "2026-11-23", "--to", "2026-11-23")
    psa("invoice", "issue", "2")  # INV-2026-0002 bills entry 1
    psa("start", "gx", "call", "--at", "14:30")  # 6
    return psa


async def wait_for(pilot: Any, ready: Callable[[], bool], timeout: float = 5.0) -> float:
    """Let the app run until `ready()`; return the seconds it took (fail after timeout)."""
    start = time.monotonic()
    while not ready():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not ready after {timeout}s")
        await pilot.pause(0.02)
    return time.monotonic() - start


def loaded(app: Any, *parts: str) -> Callable[[], bool]:
    return lambda: set(parts) <= getattr(app.screen, "loaded", set())


def run(coro: Any) -> Any:
    return asyncio.run(coro)
