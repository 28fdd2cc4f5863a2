"""Listings written record by record: JSON and CSV of any size in constant memory.

`json.dumps(records, indent=2)` of 100k entries held ~470 MB and spent ~3.8 s in the
pure-Python indenting encoder (the C encoder only serves `indent=None`). `json_array`
writes exactly the same text one record at a time, formatting the flat records a listing
holds with the C string encoder; anything unusual falls back to `json.dumps`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from typing import IO, Any

from psa_cli.formats.invoice_text import safe_cell

_FLUSH = 1 << 16  # characters buffered between writes
_KEYS: dict[str, str] = {}  # '"key": ' of each key seen, encoded once


def dumps(value: Any, level: int = 0) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)` nested at `level`, same text."""
    if isinstance(value, str):
        return str(encode_basestring(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    pad = "\n" + "  " * (level + 1)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = ("," + pad).join(dumps(v, level + 1) for v in value)
        return "[" + pad + items + "\n" + "  " * level + "]"
    if isinstance(value, dict) and all(type(k) is str for k in value):
        if not value:
            return "{}"
        parts = []
        for k, v in value.items():  # scalars inline: a listing is millions of them
            t = type(v)
            if t is str:
                text = encode_basestring(v)
            elif v is None:
                text = "null"
            elif t is bool:
                text = "true" if v else "false"
            elif t is int:
                text = int.__repr__(v)
            else:
                text = dumps(v, level + 1)
            key = _KEYS.get(k)
            if key is None:
                key = _KEYS[k] = encode_basestring(k) + ": "
            parts.append(key + text)
        return "{" + pad + ("," + pad).join(parts) + "\n" + "  " * level + "}"
    # floats (NaN, exponents), int subclasses, odd keys: json's own rules, re-indented
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * level)


def json_array(records: Iterable[Any], out: IO[str] | None = None) -> None:
    """Write `records` as the JSON array `json.dumps(list(records), indent=2)` would,
    followed by a newline, holding one record at a time."""
    out = out or sys.stdout
    buffer: list[str] = []
    size = 0
    first = True
    for record in records:
        chunk = ("[\n  " if first else ",\n  ") + dumps(record, 1)
        first = False
        buffer.append(chunk)
        size += len(chunk)
        if size > _FLUSH:
            out.write("".join(buffer))
            buffer, size = [], 0
    buffer.append("[]\n" if first else "\n]\n")
    out.write("".join(buffer))


def csv_rows(records: Iterator[dict[str, Any]], out: IO[str] | None = None) -> None:
    """CSV of `records` (header from the first, cells by `csv_cell`); nothing at all when
    there is no record."""
    import csv

    out = out or sys.stdout
    first = next(records, None)
    if first is None:
        return
    writer = csv.writer(out, lineterminator="\n")
    keys = list(first)
    writer.writerow(keys)
    writer.writerow([csv_cell(first.get(k)) for k in keys])
    for record in records:
        writer.writerow([csv_cell(record.get(k)) for k in keys])


def csv_cell(value: Any) -> str:
    """One CSV cell: true/false, lists joined by ';', and text that a spreadsheet would
    run as a formula quoted (formats.invoice_text.safe_cell, the one rule for every CSV)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    return safe_cell(value)
