"""The records of `psa entries -f json` and `psa export json`, written straight from the
ledger's rows: the text `json_text.dumps(Entry.to_json(), 1)` gives, without making an
`Entry`, its dict and walking the dict (1M entries: ~15 s of CPU -> ~3 s; a hypothesis test
compares the two)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from typing import Any

from psa_cli.domain.money import format_amount

# Entry.to_json's keys, in order, at nesting level 1 (the items of a top-level array).
_RECORD = (
    '{\n    "id": %d,\n    "uid": %s,\n    "day": %s,\n    "started_at": %s,\n'
    '    "ended_at": %s,\n    "seconds": %d,\n    "client": %s,\n    "project": %s,\n'
    '    "task": %s,\n    "note": %s,\n    "tags": %s,\n    "person": %s,\n'
    '    "billable": %s,\n    "rate": %s,\n    "currency": %s,\n    "invoice": %s,\n'
    '    "running": %s\n  }'
)
TAG_SEPARATOR = "\x1f"


def texts(rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    """One JSON text per row. A row holds the fields of `domain.models.Entry` in their
    order, its tags last as one string joined by TAG_SEPARATOR (or None)."""
    q = encode_basestring
    rates: dict[tuple[int, str], str] = {}  # a ledger has few distinct rates
    for row in rows:
        (entry_id, uid, person, client, project, task, note, day, started, ended, seconds,
         billable, rate_minor, currency, _invoice_id, invoice, tags) = row  # fmt: skip
        if rate_minor is None or currency is None:
            rate = "null"
        else:
            rate = rates.get((rate_minor, currency)) or rates.setdefault(
                (rate_minor, currency), q(format_amount(rate_minor, currency))
            )
        if tags:
            words = sorted(tags.split(TAG_SEPARATOR))
            tag_text = "[\n      " + ",\n      ".join([q(t) for t in words]) + "\n    ]"
        else:
            tag_text = "[]"
        yield _RECORD % (
            entry_id, q(uid), q(day), "null" if started is None else q(started),
            "null" if ended is None else q(ended), seconds, q(client), q(project),
            "null" if task is None else q(task), q(note), tag_text, q(person),
            "true" if billable else "false", rate, "null" if currency is None else q(currency),
            "null" if invoice is None else q(invoice),
            "true" if started is not None and ended is None else "false",
        )  # fmt: skip
