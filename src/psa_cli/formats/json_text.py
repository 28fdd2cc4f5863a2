"""JSON of any size written piece by piece, exactly as `json.dumps(indent=2,
ensure_ascii=False)` would write it: listings record by record (`json_array`), the
whole-ledger document row by row (services/ledger_document.py).

`json.dumps(records, indent=2)` of 100k entries held ~470 MB and spent ~3.8 s in the
pure-Python indenting encoder (the C encoder only serves `indent=None`). `dumps` formats
the flat records a listing holds with the C string encoder; anything unusual falls back to
`json.dumps`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import IO, Any

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


def json_array(records: Iterable[Any], out: IO[str] | None = None, level: int = 0) -> int:
    """Write `records` as the JSON array `json.dumps(list(records), indent=2)` would, nested
    at `level` (at 0, followed by a newline), holding one record at a time; returns how many
    there were."""
    return json_items((dumps(record, level + 1) for record in records), out, level)


def json_items(texts: Iterable[str], out: IO[str] | None = None, level: int = 0) -> int:
    """`json_array` of items already written as JSON text at `level + 1`."""
    out = out or sys.stdout
    pad = "\n" + "  " * (level + 1)
    buffer: list[str] = []
    size = count = 0
    for text in texts:
        chunk = ("[" if not count else ",") + pad + text
        count += 1
        buffer.append(chunk)
        size += len(chunk)
        if size > _FLUSH:
            out.write("".join(buffer))
            buffer, size = [], 0
    buffer.append(("\n" + "  " * level + "]") if count else "[]")
    buffer.append("" if level else "\n")
    out.write("".join(buffer))
    return count
