"""User text in the TUI is shown as it is, never read as Textual/rich markup: a note with
'[/x]' crashed the dashboard with MarkupError."""

from __future__ import annotations

from psa_cli.tui.app import PsaApp
from tests.conftest import Psa
from tests.tui.conftest import loaded, run, wait_for
from tests.tui.test_flows import DASHBOARD, cells, text

NOTE = "[/x] fix [bold]login[/bold]"


def test_markup_like_notes_and_names_are_shown_verbatim(acme: Psa) -> None:
    acme("task", "add", "acme-web", "[red]Design[/red]")
    acme("log", "1h", "acme-web", NOTE)
    acme("start", "acme-web", "[/] timer note", "--at", "15:00")

    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, loaded(app, *DASHBOARD))
            assert [NOTE] == [row[2] for row in cells(app, "#today") if row[2] == NOTE]
            assert "[/] timer note" in text(app, "#timer")
            app.notify("refused: unknown project '[/nope]'")  # would raise MarkupError
            await pilot.pause()

    run(go())
