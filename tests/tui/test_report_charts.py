"""The reports view charts what the CLI charts: hours per period and revenue per month."""

from __future__ import annotations

from psa_cli.tui.app import PsaApp
from tests.conftest import Psa
from tests.tui.conftest import loaded, run, wait_for
from tests.tui.test_flows import text


def test_revenue_report_has_its_chart(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("5")
            await wait_for(pilot, loaded(app, "report"))
            assert "Hours per period" in text(app, "#report-chart")
            await pilot.press("left_square_bracket")  # October: INV-2026-0001's 2h at 120
            await wait_for(pilot, lambda: "2026-10-01" in text(app, "#report-bar"))
            for _ in range(6):  # timesheet -> ... -> revenue
                await pilot.press("r")
            await wait_for(pilot, lambda: "revenue" in text(app, "#report-bar"))
            await wait_for(pilot, loaded(app, "report"))
            chart = text(app, "#report-chart")
            assert "Recognised revenue per month (EUR)" in chart
            line = next(x for x in chart.splitlines() if x.startswith("2026-10"))
            assert line.endswith("240.00") and "█" in line  # 2h x 120.00, recognised when worked

    run(go())
