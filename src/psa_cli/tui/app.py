"""`psa tui`: the App — bindings, the screens (one mode per view), the ledger watcher."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from psa_cli.services.ledger import Ledger
from psa_cli.tui.messages import LedgerChanged
from psa_cli.tui.prefetch import Panels
from psa_cli.tui.screens.base import LedgerScreen
from psa_cli.tui.workers import watch_ledger


def _view(module: str, cls: str) -> Callable[[], Screen[None]]:
    """The screen class, imported when the view is first shown: the dashboard paints
    without importing the other views and their services."""

    def make() -> Screen[None]:
        screen: Screen[None] = getattr(import_module(f"psa_cli.tui.screens.{module}"), cls)()
        return screen

    return make


VIEWS = {
    "dashboard": ("1", "Dashboard", _view("dashboard", "DashboardScreen")),
    "timesheet": ("2", "Timesheet", _view("timesheet", "TimesheetScreen")),
    "clients": ("3", "Clients", _view("clients", "ClientsScreen")),
    "invoices": ("4", "Invoices", _view("invoices", "InvoicesScreen")),
    "reports": ("5", "Reports", _view("reports", "ReportsScreen")),
}


class PsaApp(App[None]):
    """The TUI over one ledger (the same path rules as the CLI: --ledger, $PSA_LEDGER)."""

    TITLE = "psa"
    CSS_PATH = ["styles/app.tcss", "styles/forms.tcss"]
    MODES = {name: cls for name, (_, _, cls) in VIEWS.items()}  # noqa: RUF012
    DEFAULT_MODE = "dashboard"
    BINDINGS = [
        *(Binding(key, f"switch_mode('{name}')", label) for name, (key, label, _) in VIEWS.items()),
        Binding("ctrl+t", "toggle_theme", "Theme"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        ledger_path: str | Path | None = None,
        *,
        poll_interval: float = 0.5,
        prefetched: Panels | None = None,
    ):
        super().__init__()
        self.ledger_path = ledger_path
        self.prefetched: Panels = prefetched or {}  # the dashboard's first data, if started
        self.poll_interval = poll_interval
        # The clock and time zone only: this handle never opens a connection (the UI
        # thread does no I/O; workers open their own).
        self.clock = Ledger.open(ledger_path)
        self._stop_watch = threading.Event()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Messages quote the user's own names and notes ('[/x] fix'): never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        self.run_worker(
            lambda: watch_ledger(self, self._stop_watch, self.poll_interval),
            thread=True,
            group="watch",
            name="ledger watcher",
        )

    def on_unmount(self) -> None:
        self._stop_watch.set()

    def on_ledger_changed(self, message: LedgerChanged) -> None:
        """Reload the view under any open dialog."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, LedgerScreen):
                screen.reload()
                break

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every view and every action of the current view, in the command palette."""
        yield from super().get_system_commands(screen)
        for name, (key, label, _) in VIEWS.items():
            yield SystemCommand(f"Go to {label}", f"Show the {label.lower()} ({key})",
                                lambda name=name: self.switch_mode(name))  # fmt: skip
        yield SystemCommand("Toggle light/dark theme", "ctrl+t", self.action_toggle_theme)
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                action = binding.action
                yield SystemCommand(
                    f"{binding.description}",
                    f"{screen.__class__.__name__.removesuffix('Screen')}: key {binding.key}",
                    lambda action=action, screen=screen: self.call_later(screen.run_action, action),
                )


def run(ledger_path: str | None = None, prefetched: Panels | None = None) -> None:
    PsaApp(ledger_path, prefetched=prefetched).run()
