"""Each view at 100x30 (and the dashboard at 80x24) on the seeded ledger, frozen clock.

Update after a deliberate change: pytest tests/tui/test_snapshots.py --snapshot-update,
then look at the SVGs in __snapshots__/ before committing them."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable

from psa_cli.tui.app import PsaApp
from tests.conftest import Psa
from tests.tui.conftest import loaded, wait_for

VIEWS = {
    "dashboard": ("1", ("running", "today", "week", "unbilled", "overdue", "budgets")),
    "timesheet": ("2", ("sheet", "entries", "state")),
    "clients": ("3", ("clients", "projects", "detail")),
    "invoices": ("4", ("list", "detail")),
    "reports": ("5", ("report",)),
}


def _tables_sized(app: PsaApp) -> bool:
    """DataTable measures new rows on its next idle event (private flags, test only)."""
    return not any(
        t._require_update_dimensions or t._updated_cells for t in app.screen.query(DataTable)
    )


async def settled(pilot: Any, app: PsaApp, timeout: float = 3.0) -> None:
    """Until every table has measured its rows and two frames 0.05 s apart agree."""
    frame = app.export_screenshot()
    for _ in range(int(timeout / 0.05)):
        await pilot.pause(0.05)
        again = app.export_screenshot()
        if again == frame and _tables_sized(app):
            return
        frame = again


def _shown(app: PsaApp, key: str, parts: tuple[str, ...]) -> Any:
    async def run_before(pilot: Any) -> None:
        await pilot.press(key)
        await wait_for(pilot, loaded(app, *parts))
        await settled(pilot, app)

    return run_before


@pytest.mark.parametrize("view", list(VIEWS))
def test_view(view: str, seeded: Psa, snap_compare: Any) -> None:
    app = PsaApp(poll_interval=0.1)
    key, parts = VIEWS[view]
    assert snap_compare(app, terminal_size=(100, 30), run_before=_shown(app, key, parts))


def test_dashboard_at_80x24(seeded: Psa, snap_compare: Any) -> None:
    app = PsaApp(poll_interval=0.1)
    key, parts = VIEWS["dashboard"]
    assert snap_compare(app, terminal_size=(80, 24), run_before=_shown(app, key, parts))
