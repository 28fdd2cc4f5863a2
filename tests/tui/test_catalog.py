"""Editing clients and projects through the Clients view's forms."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Input, Static

from psa_cli.tui.app import PsaApp
from tests.conftest import Psa
from tests.tui.conftest import loaded, run, wait_for


def _detail(app: Any) -> str:
    from rich.console import Console

    console = Console(width=120, color_system=None)
    with console.capture() as captured:
        console.print(app.screen.query_one("#detail", Static).content)
    return captured.get()


def test_edit_project_budget_and_client_rate(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("3")
            await wait_for(pilot, loaded(app, "clients", "projects", "detail"))
            app.screen.query_one("#projects", DataTable).focus()
            await pilot.press("e")
            await wait_for(pilot, lambda: app.screen.query("#field-budget_hours"))
            budget = app.screen.query_one("#field-budget_hours", Input)
            assert budget.value == "10h"
            budget.value = "12h"
            await pilot.press("ctrl+s")
            # 10h30m of 12h: 87.5 %, past the 80 % warning
            await wait_for(pilot, lambda: "10h30m of 12h budgeted hours" in _detail(app))
            assert "87.5 %" in _detail(app)
            app.screen.query_one("#clients", DataTable).focus()
            await pilot.press("e")
            await wait_for(pilot, lambda: app.screen.query("#field-rate"))
            rate = app.screen.query_one("#field-rate", Input)
            assert rate.value == "120.00"
            rate.value = "abc"
            await pilot.press("ctrl+s")
            error = app.screen.query_one("#form-error", Static)
            await wait_for(pilot, lambda: "abc" in str(error.content))
            rate.value = "130"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "130.00 EUR" in str(
                app.screen.query_one("#clients", DataTable).get_row_at(0)[3]))  # fmt: skip

    run(go())
    assert seeded.json("project", "show", "acme-web")["budget_seconds"] == 12 * 3600
    assert seeded.json("client", "show", "acme")["rate"] == "130.00"
