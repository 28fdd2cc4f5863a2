"""The TUI's main flows under Pilot, against a seeded ledger and the frozen clock."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable, Input, Static

from psa_cli.tui.app import PsaApp
from tests.conftest import Psa
from tests.tui.conftest import loaded, run, wait_for

DASHBOARD = ("running", "today", "week", "unbilled", "overdue", "budgets")


def text(app: Any, selector: str) -> str:
    """A Static's content as plain text (rich renderables rendered without styles)."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str | Text):
        return str(content)
    console = Console(width=120, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(content)
    return captured.get()


def cells(app: Any, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def test_dashboard_shows_every_panel(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, loaded(app, *DASHBOARD))
            # gx since 14:30 UTC+1, frozen at 16:00: 1h30m; today 1h30m logged + 1h30m running
            assert "gx" in text(app, "#timer") and "1:30:00" in text(app, "#timer")
            assert "today 3h" in text(app, "#timer")
            assert cells(app, "#today") == [
                ["acme-web", "", "fix", "1h30m"],
                ["gx", "", "call", "running"],
            ]
            week = str(app.screen.query_one("#week").render())
            assert "Mon 23" in week and "3h/8h" in week
            assert app.screen.query_one("#week-panel").border_subtitle == "week: 11h of 40h"
            # unbilled: acme 4h + 1h30m at 120 = 660.00; gx 2h30m at 90 = 225.00
            assert cells(app, "#unbilled") == [
                ["acme", "5h30m", "660.00 EUR", "1d"],
                ["globex", "2h30m", "225.00 EUR", "2d"],
            ]
            assert cells(app, "#overdue") == [["INV-2026-0001", "acme", "288.00 EUR", "22d"]]
            # acme-web: 3 + 4 + 1.5 + 2 = 10h30m of 10h
            assert cells(app, "#budgets")[0][:4] == ["acme-web", "105.0 %", "10h30m", "10h"]

    run(go())


def test_stop_then_start_timer(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, loaded(app, *DASHBOARD))
            await pilot.press("x")
            await wait_for(pilot, lambda: "no timer running" in text(app, "#timer"))
            assert "today 3h" in text(app, "#timer")  # the stopped 1h30m now counts as logged
            assert seeded.json("status")["running"] is False
            await pilot.press("s")
            field = app.screen.query_one("#field-project", Input)
            await wait_for(pilot, lambda: field.suggester is not None)
            await pilot.press(*"acme-w")
            await wait_for(pilot, lambda: field._suggestion == "acme-web")
            await pilot.press("right")  # accepts the completion from the ledger's projects
            assert field.value == "acme-web"
            await pilot.press("tab", *"code review", "enter")
            await wait_for(pilot, lambda: "acme-web" in text(app, "#timer"))
            assert "code review" in text(app, "#timer") and "0:00:00" in text(app, "#timer")
            running = seeded.json("status")["entry"]
            assert running["project"] == "acme-web" and running["note"] == "code review"

    run(go())


def test_log_entry_through_form_changes_totals(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("2")
            await wait_for(pilot, loaded(app, "sheet", "entries"))
            assert "11h logged" in text(app, "#week-title")
            await pilot.press("a")
            await pilot.press(*"1h7x", "enter")  # the CLI's duration parser refuses it
            await wait_for(pilot, lambda: "Duration:" in text(app, "#form-error"))
            form = app.screen
            form.query_one("#field-duration", Input).value = "1h30m"
            form.query_one("#field-project", Input).value = "gx"
            form.query_one("#field-note", Input).value = "workshop"
            form.query_one("#field-date", Input).value = "yesterday"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "12h30m logged" in text(app, "#week-title"))
            gx = next(r for r in cells(app, "#sheet") if r[0] == "gx")
            assert gx[1:4] == ["·", "2h30m", "1h30m"] and gx[-1] == "4h"
            logged = seeded.json(
                "entries", "--from", "2026-11-25", "--to", "2026-11-25", "--project", "gx"
            )
            assert [(e["seconds"], e["note"]) for e in logged] == [(5400, "workshop")]

    run(go())


def test_refused_edit_of_locked_entry(seeded: Psa) -> None:
    before = seeded.dump()

    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("2")
            await wait_for(pilot, loaded(app, "sheet", "entries"))
            first = cells(app, "#entries")[0]
            assert first[0] == "1" and first[-1] == "locked INV-2026-0002"
            await pilot.press("e")
            await wait_for(pilot, lambda: app.screen.query("#field-note"))
            app.screen.query_one("#field-note", Input).value = "changed"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "cannot be edited" in text(app, "#form-error"))
            assert text(app, "#form-error") == (
                "entry 1 is billed on invoice INV-2026-0002: it cannot be edited; void the "
                "invoice or issue a credit note first"
            )

    run(go())
    assert seeded.dump() == before


def test_draft_preview_and_issue_invoice(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("4")
            await wait_for(pilot, loaded(app, "list", "detail"))
            await pilot.press("n")
            await pilot.press(*"globex")
            await pilot.click("#form-do-preview")
            await wait_for(pilot, lambda: "Due 225.00 EUR" in text(app, "#form-preview"))
            assert seeded.json("invoice", "list")[-1]["id"] == 2  # the preview wrote nothing
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: len(cells(app, "#invoices")) == 3)
            draft = next(r for r in cells(app, "#invoices") if r[2] == "globex")
            assert draft[3] == "draft" and draft[6] == "225.00 EUR"
            table = app.screen.query_one("#invoices", DataTable)
            table.move_cursor(row=[r[2] for r in cells(app, "#invoices")].index("globex"))
            await pilot.press("i")
            await pilot.press("y")
            await wait_for(
                pilot, lambda: any(r[1] == "INV-2026-0003" for r in cells(app, "#invoices"))
            )
        issued = seeded.json("invoice", "show", "INV-2026-0003")
        assert issued["buyer"]["name"] == "Globex" and issued["totals"]["gross"] == "225.00"

    run(go())


def test_external_change_shows_within_two_seconds(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp()  # the default 0.5 s poll
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, loaded(app, *DASHBOARD))
            assert (
                app.screen.query_one("#today-panel").border_subtitle == "2 entries, 1h30m + timer"
            )
            seeded("log", "45m", "acme-web", "from another terminal")  # another connection
            took = await wait_for(
                pilot,
                lambda: "3 entries" in str(app.screen.query_one("#today-panel").border_subtitle),
                2.0,
            )
            assert took < 2.0
            assert ["acme-web", "", "from another terminal", "45m"] in cells(app, "#today")

    run(go())


def test_command_palette_lists_every_action(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, loaded(app, *DASHBOARD))
            titles = {c.title for c in app.get_system_commands(app.screen)}
            assert {"Start", "Stop", "Switch", "Go to Timesheet", "Go to Invoices",
                    "Toggle light/dark theme"} <= titles  # fmt: skip
            await pilot.press("ctrl+t")
            assert app.theme == "textual-light"

    run(go())


def test_prefetched_dashboard_matches(seeded: Psa) -> None:
    """`psa tui` starts the dashboard's queries before textual loads: same figures."""
    from psa_cli.tui import prefetch

    async def go() -> None:
        app = PsaApp(poll_interval=0.1, prefetched=prefetch.start(None))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, loaded(app, *DASHBOARD))
            assert app.prefetched == {}  # used once; later reloads query again
            assert cells(app, "#overdue") == [["INV-2026-0001", "acme", "288.00 EUR", "22d"]]
            assert "1:30:00" in text(app, "#timer")

    run(go())


def test_split_and_delete_through_forms(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("2")
            await wait_for(pilot, loaded(app, "sheet", "entries"))
            table = app.screen.query_one("#entries", DataTable)
            table.move_cursor(row=2)  # entry 3: 4h of acme-web on Wed 25
            await pilot.press("s")
            await wait_for(pilot, lambda: app.screen.query("#field-first"))
            assert app.screen.query_one("#field-first", Input).value == "2h"
            app.screen.query_one("#field-first", Input).value = "1h15m"
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(cells(app, "#entries")) == 6)
            rows = {r[0]: r for r in cells(app, "#entries")}
            assert rows["3"][4] == "1h15m" and rows["7"][4] == "2h45m" and rows["7"][5] == "pages"
            assert "11h logged" in text(app, "#week-title")  # a split keeps the total
            table.move_cursor(row=[r[0] for r in cells(app, "#entries")].index("7"))
            await pilot.press("d", "y")
            await wait_for(pilot, lambda: "8h15m logged" in text(app, "#week-title"))
        assert [e["id"] for e in seeded.json("entries", "--from", "2026-11-25")] == [3, 4, 6]

    run(go())


def test_tui_needs_a_terminal(seeded: Psa) -> None:
    assert seeded.fail("tui", code=2) == (
        "psa: psa tui needs a terminal: run it in an interactive shell, not a pipe"
    )


def test_approved_week_shown_and_edit_refused(seeded: Psa) -> None:
    seeded("stop")
    seeded("timesheet", "submit")
    seeded("timesheet", "approve", "me", "--week", "this")
    before = seeded.dump()

    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("2")
            await wait_for(pilot, loaded(app, "sheet", "entries", "state"))
            assert "approved: entries locked" in text(app, "#week-title")
            app.screen.query_one("#entries", DataTable).move_cursor(row=1)  # entry 2, unbilled
            await pilot.press("e")
            await wait_for(pilot, lambda: app.screen.query("#field-note"))
            app.screen.query_one("#field-note", Input).value = "changed"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "approved" in text(app, "#form-error"))
            assert text(app, "#form-error") == (
                "2026-11-24 is in me's approved timesheet 2026-W48: time there cannot be "
                "edited; reopen it with 'psa timesheet reopen me --week 2026-W48'"
            )

    run(go())
    assert seeded.dump() == before


def test_pay_void_and_export_an_invoice(seeded: Psa, tmp_path: Any) -> None:
    target = tmp_path / "out" / "inv1.json"
    target.parent.mkdir()

    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("4")
            await wait_for(pilot, loaded(app, "list", "detail"))
            assert "Due 288.00 EUR" in text(app, "#detail")
            await pilot.press("p")  # invoice 1, overdue: the form offers what is due
            await wait_for(pilot, lambda: app.screen.query("#field-amount"))
            assert app.screen.query_one("#field-amount", Input).value == "288.00"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: cells(app, "#invoices")[0][3] == "paid")
            await pilot.press("x")
            await wait_for(pilot, lambda: app.screen.query("#field-format"))
            app.screen.query_one("#field-format", Input).value = "json"
            app.screen.query_one("#field-path", Input).value = str(target)
            await pilot.press("ctrl+s")
            await wait_for(pilot, target.exists)
            app.screen.query_one("#invoices", DataTable).move_cursor(row=1)
            await pilot.press("v", "y")  # void INV-2026-0002: entry 1 is unbilled again
            await wait_for(pilot, lambda: cells(app, "#invoices")[1][3] == "void")

    run(go())
    import json

    assert json.loads(target.read_text())["totals"]["paid"] == "288.00"
    assert seeded.json("entry", "show", "1")["invoice"] is None


def test_create_client_and_project_then_filter(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("3")
            await wait_for(pilot, loaded(app, "clients", "projects", "detail"))
            await pilot.press("n")
            await wait_for(pilot, lambda: app.screen.query("#field-name"))
            await pilot.press(*"Initech", "tab", *"initech", "tab", "tab", *"100", "enter")
            await wait_for(pilot, lambda: "initech" in [r[0] for r in cells(app, "#clients")])
            await pilot.press("slash", *"init", "enter")
            await wait_for(pilot, lambda: [r[0] for r in cells(app, "#clients")] == ["initech"])
            await pilot.press("p")
            await wait_for(pilot, lambda: app.screen.query("#field-client"))
            assert app.screen.query_one("#field-client", Input).value == "initech"
            app.screen.query_one("#field-name", Input).value = "TPS migration"
            app.screen.query_one("#field-code", Input).value = "tps"
            app.screen.query_one("#field-budget_hours", Input).value = "20h"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: [r[0] for r in cells(app, "#projects")] == ["tps"])
            await wait_for(pilot, lambda: "0m of 20h budgeted hours" in text(app, "#detail"))

    run(go())
    client = seeded.json("client", "show", "initech")
    assert client["rate"] == "100.00" and client["name"] == "Initech"


def test_reports_switch_report_and_period(seeded: Psa) -> None:
    async def go() -> None:
        app = PsaApp(poll_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("5")
            await wait_for(pilot, loaded(app, "report"))
            assert "timesheet" in text(app, "#report-bar") and "2026-11-01" in text(
                app, "#report-bar"
            )
            await pilot.press("left_square_bracket")  # October: the billed 2h
            await wait_for(pilot, lambda: "2026-10-01 – 2026-10-31" in text(app, "#report-bar"))
            await wait_for(pilot, loaded(app, "report"))
            october = cells(app, "#report")[0]
            assert october[:2] == ["acme-web", "Web shop"] and october.count("2h") == 3
            await pilot.press("r")  # unbilled
            await wait_for(pilot, lambda: "unbilled" in text(app, "#report-bar"))
            await wait_for(pilot, loaded(app, "report"))
            assert "Nothing to report" in text(app, "#report-notes")  # October is billed
            await pilot.press("p")  # quarter: Q4 holds November's unbilled work
            await wait_for(pilot, lambda: "2026-10-01 – 2026-12-31" in text(app, "#report-bar"))
            await wait_for(pilot, lambda: len(cells(app, "#report")) == 2)

    run(go())


def test_psa_tui_opens_the_ledger_given(seeded: Psa, monkeypatch: Any, tmp_path: Any) -> None:
    """`psa --ledger X tui`: X for the prefetch and the app; textual only inside the command."""
    from types import SimpleNamespace

    import psa_cli.tui.app as tui_app

    other = tmp_path / "other.db"
    seeded("--ledger", str(other), "client", "add", "Other Co", "--code", "other")
    seeded("--ledger", str(other), "project", "add", "other", "Side", "--code", "side")
    seeded("--ledger", str(other), "log", "20m", "side", "elsewhere")
    seen: dict[str, Any] = {}
    monkeypatch.setattr(tui_app, "run", lambda path, pending: seen.update(path=path, p=pending))
    terminal = SimpleNamespace(stdout=SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr("psa_cli.cli.tui.sys", terminal)
    seeded("--ledger", str(other), "tui")
    assert seen["path"] == str(other)
    today = seen["p"]["today"].result(timeout=10)
    assert [(e.project_code, e.note) for e in today.entries] == [("side", "elsewhere")]

    async def go() -> None:
        app = PsaApp(str(other), poll_interval=0.1, prefetched=seen["p"])
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, loaded(app, *DASHBOARD))
            assert cells(app, "#today") == [["side", "", "elsewhere", "20m"]]
            assert "no timer running" in text(app, "#timer")

    run(go())
