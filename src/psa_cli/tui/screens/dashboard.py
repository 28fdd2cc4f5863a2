"""The dashboard: running timer (live), today, this week, unbilled, overdue, budgets."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from psa_cli.domain.dates import parse_iso_utc
from psa_cli.domain.durations import format_duration
from psa_cli.services import dashboard, timer
from psa_cli.services.entries import EntryList
from psa_cli.tui import prefetch
from psa_cli.tui.prefetch import Panels
from psa_cli.tui.screens.base import LedgerScreen, fill, right
from psa_cli.tui.suggest import project_codes
from psa_cli.tui.widgets.forms import Field, FormScreen
from psa_cli.tui.widgets.week_chart import WeekChart, week_total
from psa_cli.tui.workers import call_services

PANELS = ("running", "today", "week", "unbilled", "overdue", "budgets")


def _panel(title: str, *children: Any, panel_id: str) -> Vertical:
    box = Vertical(*children, classes="panel", id=panel_id)
    box.border_title = title
    return box


def _table(table_id: str, *columns: str) -> DataTable[Any]:
    table: DataTable[Any] = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
    table.add_columns(*columns)
    return table


class DashboardScreen(LedgerScreen):
    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("x", "stop", "Stop"),
        Binding("w", "switch", "Switch"),
        Binding("ctrl+r", "reload", "Refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status: timer.Status | None = None
        self.loaded: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="timer")
        with Grid(id="dash-grid"):
            yield _panel(
                "Today",
                _table("today", "Project", "Task", "Note", "Time"),
                panel_id="today-panel",
            )
            yield _panel("This week", WeekChart(id="week"), panel_id="week-panel")
            yield _panel(
                "Unbilled by client",
                _table("unbilled", "Client", "Hours", "Value", "Age"),
                panel_id="unbilled-panel",
            )
            yield _panel(
                "Overdue invoices",
                _table("overdue", "Number", "Client", "Due", "Late"),
                panel_id="overdue-panel",
            )
            yield _panel(
                "Budgets past 80 %",
                _table("budgets", "Project", "Burned", "Used", "Budget", "Note"),
                panel_id="budgets-panel",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def reload(self) -> None:
        shows: dict[str, Callable[[Any], Any]] = {
            "running": self.show_running,
            "today": self.show_today,
            "week": self.show_week,
            "overdue": self.show_overdue,
            "budgets": self.show_budgets,
            "unbilled": self.show_unbilled,
        }
        pending: Panels = self.app.prefetched  # type: ignore[attr-defined]
        self.app.prefetched = {}  # type: ignore[attr-defined]  # fresh queries from now on
        calls: list[tuple[Callable[..., Any], Callable[[Any], Any]]] = []
        for name, fn in prefetch.panels():
            future = pending.get(name)
            if future is not None:
                fn = _waiting(future)
            calls.append((fn, shows[name]))
        call_services(self, calls, group="dashboard")

    # -- panels ----------------------------------------------------------------

    def _elapsed(self) -> int:
        if self.status is None or self.status.running is None:
            return 0
        started = self.status.running.started_at
        assert started is not None
        return max(0, int((self.app.clock.now() - parse_iso_utc(started)).total_seconds()))  # type: ignore[attr-defined]

    def tick(self) -> None:
        """Redraw the timer from the clock (no I/O): it ticks every second."""
        if self.status is None:
            return
        extra = self._elapsed() - self.status.elapsed_seconds
        today = format_duration(self.status.today_seconds + max(0, extra))
        running = self.status.running
        if running is None:
            text = Text.assemble(("■ no timer running", "dim"), f"   today {today}   ",
                                 ("s", "bold"), " start")  # fmt: skip
        else:
            what = running.project_code + (f" / {running.task}" if running.task else "")
            text = Text.assemble(
                ("● ", "bold green"),
                (what, "bold"),
                f"  {running.note}" if running.note else "",
                "   ",
                (_hms(self._elapsed()), "bold green"),
                f"   today {today}",
            )
        self.query_one("#timer", Static).update(text)

    def show_running(self, status: timer.Status) -> None:
        self.status = status
        self.tick()
        self.loaded.add("running")

    def show_today(self, listed: EntryList) -> None:
        rows = []
        for e in listed.entries:
            time = "running" if e.running else format_duration(e.seconds)
            rows.append((e.project_code, e.task or "", e.note, right(time)))
        fill(self.query_one("#today", DataTable), rows)
        count = listed.totals["entries"]
        total = format_duration(listed.totals["seconds"])
        running = " + timer" if any(e.running for e in listed.entries) else ""
        panel = self.query_one("#today-panel")
        panel.border_subtitle = f"{count} entr{'y' if count == 1 else 'ies'}, {total}{running}"
        self.loaded.add("today")

    def show_week(self, week: dashboard.Week) -> None:
        today = self.app.clock.today()  # type: ignore[attr-defined]
        index = week.days.index(today) if today in week.days else None
        self.query_one("#week", WeekChart).show(week, index)
        self.query_one("#week-panel").border_subtitle = f"week: {week_total(week)}"
        self.loaded.add("week")

    def show_unbilled(self, rows: list[dict[str, Any]]) -> None:
        fill(
            self.query_one("#unbilled", DataTable),
            (
                (r["client"], right(format_duration(r["seconds"])),
                 right(f"{r['value']} {r['currency']}"),
                 right(f"{r['age_days']}d" if r["age_days"] is not None else ""))
                for r in rows
            ),
        )  # fmt: skip
        self.loaded.add("unbilled")

    def show_overdue(self, rows: list[dict[str, Any]]) -> None:
        fill(
            self.query_one("#overdue", DataTable),
            (
                (r["number"], r["client"], right(f"{r['due']} {r['currency']}"),
                 right(f"{(self.app.clock.today() - _day(r['due_date'])).days}d", "red"))  # type: ignore[attr-defined]
                for r in rows
            ),
        )  # fmt: skip
        self.loaded.add("overdue")

    def show_budgets(self, rows: list[dict[str, Any]]) -> None:
        def budget(r: dict[str, Any]) -> str:
            if r["budget_seconds"]:
                return format_duration(r["budget_seconds"])
            return f"{r['budget_amount']} {r['currency']}"

        def used(r: dict[str, Any]) -> str:
            if r["budget_seconds"]:
                return format_duration(r["used_seconds"])
            return f"{r['used_amount']} {r['currency']}"

        fill(
            self.query_one("#budgets", DataTable),
            (
                (r["project"], right(f"{r['burned_percent']} %", "red" if r["warning"] else ""),
                 right(used(r)), right(budget(r)), r["warning"] or "")
                for r in rows
            ),
        )  # fmt: skip
        self.loaded.add("budgets")

    # -- actions ---------------------------------------------------------------

    def _timer_form(self, title: str) -> None:
        def start(ledger: Any, v: dict[str, str]) -> timer.TimerResult:
            return timer.start(ledger, v["project"], v["note"], task=v["task"] or None)

        def started(result: timer.TimerResult | None) -> None:
            if result is not None and result.entry is not None:
                self.notify(f"Started {result.entry.project_code}")
                for warning in result.warnings:
                    self.notify(warning, severity="warning")
                self.reload()

        fields = [
            Field(
                "project",
                "Project",
                placeholder="code, e.g. acme-web",
                required=True,
                suggest=project_codes,
            ),  # fmt: skip
            Field("note", "Note"),
            Field("task", "Task", placeholder="optional"),
        ]
        self.app.push_screen(FormScreen(title, fields, start, submit_label="Start"), started)

    def action_start(self) -> None:
        self._timer_form("Start a timer")

    def action_switch(self) -> None:
        self._timer_form("Switch to (stops the running timer)")

    def action_stop(self) -> None:
        self.act(timer.stop, done="Timer stopped")

    def action_reload(self) -> None:
        self.reload()


def _day(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def _hms(seconds: int) -> str:
    """Elapsed time with seconds (`1:30:07`): the timer visibly ticks."""
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _waiting(future: Future[Any]) -> Callable[[Any], Any]:
    """A loader that returns what the prefetch thread computed (or raises its error)."""
    return lambda ledger: future.result()
