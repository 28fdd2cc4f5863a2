"""Changes made outside the TUI (another terminal's `psa`) reach the open view."""

from __future__ import annotations

from textual.widgets import Static

from psa_cli.tui.app import PsaApp
from psa_cli.tui.widgets.forms import FormScreen
from tests.conftest import Psa
from tests.tui.conftest import loaded, run, wait_for


def test_view_under_a_dialog_reloads(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp()  # the default 0.5 s poll
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("2")
            await wait_for(pilot, loaded(app, "sheet", "entries", "state"))
            sheet = app.screen
            await pilot.press("a")
            await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
            seeded("log", "2h", "gx", "from a script", "--date", "2026-11-27")
            title = sheet.query_one("#week-title", Static)
            took = await wait_for(pilot, lambda: "13h logged" in str(title.content), 2.0)
            assert took < 2.0 and isinstance(app.screen, FormScreen)  # the form stays open

    run(go())


def test_own_writes_and_idle_polls_do_not_loop(seeded: Psa) -> None:
    """A reload reads only: it never changes data_version, so the view settles."""
    reloads = []

    async def go() -> None:
        app = PsaApp(poll_interval=0.05)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, loaded(app, "running", "today", "week"))
            original = app.screen.reload

            def counting() -> None:
                reloads.append(1)
                original()

            app.screen.reload = counting  # type: ignore[method-assign]
            await pilot.pause(0.5)
            assert reloads == []
            await pilot.press("x")  # our own write: one reload from the action (+1 at most
            await wait_for(pilot, lambda: len(reloads) >= 1)  # from the watcher)
            await pilot.pause(0.5)
            assert len(reloads) <= 2

    run(go())
