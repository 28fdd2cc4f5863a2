"""CSV listings written record by record, in constant memory (their JSON twin is
formats/json_text.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import IO, Any

from psa_cli.formats.invoice_text import safe_cell


def csv_rows(records: Iterator[dict[str, Any]], out: IO[str] | None = None) -> int:
    """CSV of `records` (header from the first, cells by `csv_cell`); nothing at all when
    there is no record. Returns how many there were."""
    import csv

    out = out or sys.stdout
    first = next(records, None)
    if first is None:
        return 0
    writer = csv.writer(out, lineterminator="\n")
    keys = list(first)
    writer.writerow(keys)
    writer.writerow([csv_cell(first.get(k)) for k in keys])
    count = 1
    for record in records:
        writer.writerow([csv_cell(record.get(k)) for k in keys])
        count += 1
    return count


def csv_cell(value: Any) -> str:
    """One CSV cell: true/false, lists joined by ';', and text that a spreadsheet would
    run as a formula quoted (formats.invoice_text.safe_cell, the one rule for every CSV)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    return safe_cell(value)
