"""Ledger I/O off the UI thread.

A sqlite3 connection cannot cross threads, so every call opens its own `Ledger`
in the worker thread, runs ONE service function, closes it, and hands the result
back to the UI thread with `call_from_thread`. Refusals (`PsaError`) come back as
their one-line message, never as a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from psa_cli.domain.errors import PsaError
from psa_cli.services.ledger import Ledger

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from psa_cli.tui.app import PsaApp


def _message(exc: Exception) -> str:
    if isinstance(exc, PsaError):
        return exc.message
    return f"internal error ({type(exc).__name__}: {exc}); run 'psa db check'"


def call_service(
    node: DOMNode,
    fn: Callable[..., Any],
    *args: Any,
    then: Callable[[Any], Any] | None = None,
    failed: Callable[[str], Any] | None = None,
    group: str = "io",
    exclusive: bool = False,
    **kwargs: Any,
) -> None:
    """Run `fn(ledger, *args, **kwargs)` in a thread worker; `then(result)` on the UI thread.

    A refusal goes to `failed(message)` if given, else to an error notification."""
    app: PsaApp = node.app  # type: ignore[assignment]

    def work() -> None:
        ledger = Ledger.open(app.ledger_path)
        try:
            result = fn(ledger, *args, **kwargs)
        except PsaError as exc:
            if failed is not None:
                app.call_from_thread(failed, exc.message)
            else:
                app.call_from_thread(app.notify, exc.message, title="refused", severity="error")
            return
        except Exception as exc:  # a bug or a damaged ledger: say so, keep the TUI alive
            app.call_from_thread(failed or app.notify, _message(exc))
            return
        finally:
            ledger.close()
        if then is not None:
            app.call_from_thread(_on_ui(node, then), result)

    node.run_worker(work, thread=True, group=group, exclusive=exclusive)


def call_services(
    node: DOMNode,
    calls: list[tuple[Callable[..., Any], Callable[[Any], Any]]],
    *,
    group: str,
) -> None:
    """Several reads in ONE worker and connection, each result handed over as soon as
    it is ready (a dashboard paints panel by panel without six threads fighting the
    UI thread for the GIL). A refusal is notified and the other calls still run."""
    app: PsaApp = node.app  # type: ignore[assignment]

    def work() -> None:
        ledger = Ledger.open(app.ledger_path)
        try:
            for fn, then in calls:
                try:
                    result = fn(ledger)
                except Exception as exc:
                    app.call_from_thread(
                        app.notify, _message(exc), title="refused", severity="error"
                    )
                    continue
                app.call_from_thread(_on_ui(node, then), result)
        finally:
            ledger.close()

    node.run_worker(work, thread=True, group=group, exclusive=True)


def _alive(node: DOMNode) -> bool:
    """The node still shows: not removed, not closing, and the app is not exiting."""
    try:
        app = node.app
    except Exception:  # NoActiveAppError: the app has already gone
        return False
    if not node.is_attached or getattr(app, "_exit", False):
        return False
    flags = ("_closing", "_closed", "_pruning")
    return not any(getattr(x, f, False) for x in (node, app) for f in flags)


def _on_ui(node: DOMNode, then: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`then`, dropped when its screen went away while the worker ran (a view left, the
    app quitting): a result nobody shows must not raise NoMatches in the UI thread."""
    from textual.css.query import NoMatches

    def deliver(result: Any) -> Any:
        if not _alive(node):
            return None
        try:
            return then(result)
        except NoMatches:
            if _alive(node):
                raise
            return None

    return deliver


def watch_ledger(app: PsaApp, stop: threading.Event, interval: float) -> None:
    """Poll SQLite's `PRAGMA data_version` (per connection, so one handle for the whole
    loop) and post `LedgerChanged` when another connection committed."""
    from psa_cli.services.watch import data_version
    from psa_cli.tui.messages import LedgerChanged

    ledger = Ledger.open(app.ledger_path)
    try:
        last = data_version(ledger)
        while not stop.wait(interval):
            version = data_version(ledger)
            if version != last:
                last = version
                app.post_message(LedgerChanged(version))
    finally:
        ledger.close()
