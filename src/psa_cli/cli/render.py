"""Output for people (rich tables) and scripts (JSON, CSV), one place for all commands.

rich is imported only when a table is printed: JSON/CSV output and the hot
commands never load it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from psa_cli.cli.state import echo

Cell = Callable[[dict[str, Any]], str]


@dataclass
class Col:
    header: str
    cell: Cell
    justify: str = "left"
    wrap: bool = False


SAME_DROPPED = {"Person", "Currency"}
WRAPPED = {"Tags", "Note", "Description", "Name", "Meaning", "Address", "Task", "Value"}


def col(header: str, key: str, justify: str = "left") -> Col:
    def cell(row: dict[str, Any]) -> str:
        value = row.get(key)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    return Col(header, cell, justify, wrap=header in WRAPPED)


def emit_json(data: Any) -> None:
    echo(json.dumps(data, indent=2, ensure_ascii=False))


def emit_csv(records: Sequence[dict[str, Any]]) -> None:
    """CSV rows of `records` (header from the first; formulas neutralised), or nothing."""
    from psa_cli.cli import stream

    stream.csv_rows(iter(records))


def table(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Col],
    fmt: str,
    *,
    title: str | None = None,
    empty: str = "Nothing to show.",
    footer: Sequence[str] | None = None,
    caption: str | None = None,
) -> None:
    """Print a list: a rich table, a JSON array or CSV rows (all record fields)."""
    if fmt == "json":
        emit_json(list(records))
        return
    if fmt == "csv":
        emit_csv(records)
        return
    if not records:
        echo(empty)
        return
    from rich.table import Table

    cells = [[column.cell(rec) for column in columns] for rec in records]
    # Columns empty on every row (no tags, one person, nothing invoiced) are dropped.
    keep = [i for i in range(len(columns)) if any(row[i] for row in cells) or i == 0]
    # A column repeating one value everywhere (one person, ...) says nothing.
    keep = [
        i
        for i in keep
        if not (columns[i].header in SAME_DROPPED and len({r[i] for r in cells}) == 1)
    ]
    tbl = Table(title=title, caption=caption, show_footer=footer is not None, header_style="bold")
    for i in keep:
        column = columns[i]
        foot = footer[i] if footer and i < len(footer) else ""
        # Short columns (ids, days, times, codes) keep their full width so a narrow
        # terminal never crops a value; long text columns wrap instead.
        widest = max([len(row[i]) for row in cells] + [len(foot)])
        tbl.add_column(
            column.header,
            justify=column.justify,  # type: ignore[arg-type]
            footer=foot,
            min_width=6 if column.wrap else min(widest, 24),
            overflow="fold",
        )
    for row in cells:
        tbl.add_row(*(row[i] for i in keep))
    _console().print(tbl)


def record(
    data: dict[str, Any],
    fmt: str,
    *,
    title: str | None = None,
    fields: Sequence[tuple[str, str]] | None = None,
    extra: Callable[[], None] | None = None,
) -> None:
    """Print one object: key/value table, JSON object or one CSV row."""
    if fmt == "json":
        emit_json(data)
        return
    if fmt == "csv":
        emit_csv(
            [
                {
                    k: v
                    for k, v in data.items()
                    if not isinstance(v, dict | list)
                    or isinstance(v, list)
                    and all(not isinstance(i, dict) for i in v)
                }
            ]
        )
        return
    from rich.table import Table

    tbl = Table(title=title, show_header=False, box=None, pad_edge=False)
    tbl.add_column(style="bold")
    tbl.add_column(overflow="fold")
    for label, key in fields or [(k, k) for k in data]:
        value = data.get(key)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        tbl.add_row(label, "" if value is None else str(value))
    _console().print(tbl)
    if extra:
        extra()


def _console() -> Any:
    """A terminal gets its own width; a pipe or file gets wide, unsqueezed rows.

    Cells hold the user's own text (notes, names): rich must print it as it is, not read
    `[bold]`/`[/x]` as markup (a stray closing tag raised MarkupError), `:smile:` as an
    emoji, or colour numbers. Not parsing markup is also ~30 % faster on big tables."""
    from rich.console import Console

    plain: dict[str, Any] = {"markup": False, "emoji": False, "highlight": False}
    return Console(**plain) if sys.stdout.isatty() else Console(width=200, **plain)


def say(message: str) -> None:
    """A line for people on stdout."""
    echo(message)


def warn(message: str) -> None:
    """A warning on stderr; the command still succeeds."""
    echo(f"warning: {message}", err=True)
