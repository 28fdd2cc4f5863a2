"""`psa export json|csv`: time entries (the records `psa entries --format json` prints) or,
with `--all`, the whole ledger; written to stdout or to a new 0600 file (`--force` to
replace one), with the same checks as the journal exports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from psa_cli.services import private_files
from psa_cli.services.entries import EntryFilter, stream_entries, stream_entry_rows
from psa_cli.services.ledger import Ledger


def entry_records(
    ledger: Ledger, *, date_from: str | None = None, date_to: str | None = None,
    period: str | None = None,
) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Every entry whose day is in the range (all of them by default), oldest first, one
    at a time: an export of any size holds one record in memory."""
    wanted = EntryFilter(date_from=date_from, date_to=date_to, period=period)
    for entry in stream_entries(ledger, wanted):
        yield entry.to_json()


def entry_json_texts(
    ledger: Ledger, *, date_from: str | None = None, date_to: str | None = None,
    period: str | None = None,
) -> Iterator[str]:  # fmt: skip
    """The records of `entry_records` as JSON text (formats/entry_json.py), one at a time."""
    from psa_cli.formats import entry_json

    wanted = EntryFilter(date_from=date_from, date_to=date_to, period=period)
    return entry_json.texts(stream_entry_rows(ledger, wanted))


def output_path(ledger: Ledger, output: str | None, force: bool) -> Path | None:
    """The file to write (checked before any work), or None for stdout."""
    if not output or output == "-":
        return None
    path = Path(output).expanduser()
    private_files.check_target(path, ledger.path, force)
    return path


def write_text(path: Path, fill: Callable[[TextIO], object], force: bool) -> None:
    """A 0600 file written whole by `fill` as it goes (--force to replace one)."""
    private_files.write_private_text(path, fill, force=force)
