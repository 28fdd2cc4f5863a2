"""What every view shares: a header, a footer, and `reload()` from the ledger."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable

from psa_cli.tui.workers import call_service


class LedgerScreen(Screen[None]):
    """A view whose data comes from services, loaded in thread workers.

    `reload()` is called when the screen is shown and whenever the ledger changes."""

    def reload(self) -> None:  # pragma: no cover - every screen overrides it
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        self.reload()

    def load(
        self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], Any], **kw: Any
    ) -> None:
        """One service call in a worker; the newest call of a panel wins."""
        call_service(
            self, fn, *args, then=then, group=f"load-{then.__name__}", exclusive=True, **kw
        )

    def after_form(self, what: str) -> Callable[[Any], None]:
        """A form's dismiss callback: notify `what` and reload when it saved something."""

        def done(result: Any) -> None:
            if result is not None:
                self.notify(what)
                self.reload()

        return done

    def act(self, fn: Callable[..., Any], *args: Any, done: str, **kw: Any) -> None:
        """A write through a service; notify `done` and reload on success."""

        def finished(_: Any) -> None:
            self.notify(done)
            self.reload()

        call_service(self, fn, *args, then=finished, **kw)


def fill(
    table: DataTable[Any],
    rows: Iterable[tuple[Any, ...]],
    keys: Iterable[Any] | None = None,
    labels: list[str] | None = None,
) -> None:
    """Replace a table's rows (and columns, with `labels`), keeping the cursor's row index.

    Column widths are measured here and given explicitly: DataTable's own auto widths are
    measured on a later idle event and a frame drawn in between can stay on screen with
    header-wide columns (seen in snapshots under load)."""
    names = labels if labels is not None else [str(c.label) for c in table.ordered_columns]
    data = [tuple(r) for r in rows]
    widths = [
        max([cell_len(name)] + [_width(r[i]) for r in data if i < len(r)])
        for i, name in enumerate(names)
    ]
    row = table.cursor_row
    table.clear(columns=True)
    for name, width in zip(names, widths, strict=True):
        table.add_column(name, width=width)
    key_list = list(keys) if keys is not None else None
    for i, values in enumerate(data):
        # str cells hold the user's text: Text() keeps '[/x]' from being read as markup
        cells = (Text(v) if isinstance(v, str) else v for v in values)
        table.add_row(*cells, key=None if key_list is None else str(key_list[i]))
    if table.row_count:
        table.move_cursor(row=min(row, table.row_count - 1))


def _width(cell: Any) -> int:
    text = cell.plain if isinstance(cell, Text) else str(cell)
    return max((cell_len(line) for line in text.splitlines()), default=0)


def right(text: str, style: str = "") -> Text:
    return Text(text, style=style, justify="right")


def selected_key(table: DataTable[Any]) -> str | None:
    if not table.row_count:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return str(key) if key is not None else None
