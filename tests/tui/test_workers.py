"""A worker's result that arrives after its screen went away is dropped, not raised: the
dashboard's unbilled panel once raised NoMatches while the app was quitting."""

from __future__ import annotations

from typing import Any

import pytest
from textual.css.query import NoMatches

from psa_cli.tui.app import PsaApp
from psa_cli.tui.workers import _on_ui
from tests.conftest import Psa
from tests.tui.conftest import loaded, run, wait_for
from tests.tui.test_flows import DASHBOARD


def test_late_results_are_dropped_once_the_app_is_gone(seeded: Psa) -> None:
    got: list[Any] = []
    kept: dict[str, Any] = {}

    def then(result: Any) -> None:
        got.append(result)
        kept["screen"].query_one("#no-such-widget")  # what a torn-down panel would hit

    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, loaded(app, *DASHBOARD))
            kept["screen"] = app.screen
            with pytest.raises(NoMatches):  # while it shows, a wrong selector is a bug
                _on_ui(app.screen, then)(1)
        assert _on_ui(kept["screen"], then)(2) is None  # after: dropped, not raised

    run(go())
    assert got == [1]
