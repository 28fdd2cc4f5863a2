"""The write half of `psa import`: batches of entry tuples into the open transaction, each
batch's tags right after it, and the secondary indexes dropped before a big import and
built once at its end.

Not on a thread of its own: SQLite drops the GIL only while it steps a statement, and the
writer thread then waits for the GIL at every statement; measured on 200k Watson frames,
wall time equalled CPU time (no overlap) and the insert took 6.1 s against 2.2 s on the
reading thread (docs/performance.md, "Imports").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from psa_cli.importers.records import Parsed
from psa_cli.store import imports as store

# From this many new entries, and when they are at least half the ledger's, the secondary
# indexes are dropped and built again after the insert (docs/performance.md, "Imports").
REBUILD_FROM = 20_000
# Partial indexes no imported entry enters (running timers, invoiced or priced entries):
# kept, as rebuilding one costs a pass over the table (~0.13 s at 1M) to index nothing.
UNTOUCHED = ("time_entries_running", "time_entries_invoice", "time_entries_line",
             "time_entries_report_rate")  # fmt: skip
FACTS = tuple(store.ENTRY_COLUMNS.index(c) for c in store.FACTS)  # copied onto tag rows
# the entry columns the month totals are keyed by, and the seconds they sum
MONTHS = tuple(store.ENTRY_COLUMNS.index(c) for c in
               ("project_id", "billable", "day", "person_id", "task_id", "seconds"))  # fmt: skip
# (project, billable, month, task or 0, person) -> [seconds, entries]
Counted = dict[tuple[Any, ...], list[int]]
# Month rows counted before they are added to the tables: ~300 bytes each, and a file
# can span centuries (1M back-to-back frames of the benchmark: 138k month rows, 38 MB).
MONTHS_HELD = 20_000
Progress = Callable[[str, int, int], None]  # (phase, done, total): bytes read, indexes built


class Writer:
    """Inserts batches of entries, each batch's tags right after it while its rows are in
    the cache (a tag's foreign key reads its entry). A big import drops the secondary
    indexes before its first batch and builds them once at the end; it also turns the
    month totals' triggers off and adds its entries' months itself, MONTHS_HELD month
    rows at a time (store/schema_months.py)."""

    def __init__(self, conn: Any, parsed: Parsed, progress: Progress | None, *,
                 keep_source_index: bool = False) -> None:  # fmt: skip
        self.conn = conn
        self.parsed = parsed
        self.progress = progress
        self.keep = UNTOUCHED + ((store.SOURCE_INDEX,) if keep_source_index else ())
        self.indexes: list[str] | None = None  # decided at the first batch
        self.months: Counted | None = None  # a big import's

    def write(self, batch: list[tuple[Any, ...]], tags: dict[int, tuple[str, ...]]) -> None:
        if batch:
            if self.indexes is None:
                self.indexes = self._plan(len(batch))
            self._insert(batch, tags)
        if self.progress is not None:
            self.progress("reading", self.parsed.bytes_read(), self.parsed.size)

    def finish(self) -> None:
        """Build the dropped indexes; add the months and turn their triggers on again."""
        indexes = self.indexes or []
        for n, sql in enumerate(indexes):
            if self.progress is not None:
                self.progress("indexing", n, len(indexes))
            store.create_indexes(self.conn, [sql])
        if self.months is not None:
            store.add_months(self.conn, self.months)
            store.month_triggers(self.conn, on=True)

    def _insert(self, batch: list[tuple[Any, ...]], tags: dict[int, tuple[str, ...]]) -> None:
        store.insert_entries(self.conn, batch)
        if tags:
            store.insert_tags(self.conn, _tag_rows(batch, tags))
        if self.months is not None:
            _count_months(self.months, batch)
            if len(self.months) > MONTHS_HELD:
                store.add_months(self.conn, self.months)
                self.months = {}

    def _plan(self, first: int) -> list[str]:
        """The file's new entries, guessed from the first batch's share of the file: a
        big import (at least REBUILD_FROM entries, and at least half as many as the ledger
        holds) builds the indexes after the insert instead of updating them row by row.
        The unique source index goes too (its keys are unique by construction, and its
        rebuild checks it) unless the import looks keys up in it."""
        read = max(self.parsed.bytes_read(), 1)
        expected = first if read >= self.parsed.size else first * self.parsed.size // read
        store.bulk_cache(self.conn)
        if expected >= REBUILD_FROM and expected * 2 >= store.entry_count(self.conn):
            store.month_triggers(self.conn, on=False)
            self.months = {}
            return store.drop_entry_indexes(self.conn, keep=self.keep)
        return []


def _tag_rows(batch: list[tuple[Any, ...]],
              tags: dict[int, tuple[str, ...]]) -> Iterator[tuple[Any, ...]]:  # fmt: skip
    """(entry id, tag, *FACTS) for the tagged rows of the batch (row[0] is the id)."""
    day, seconds, billable, project, person = FACTS
    for row in batch:
        for tag in tags.get(row[0], ()):
            yield (row[0], tag, row[day], row[seconds], row[billable], row[project], row[person])


def _count_months(months: Counted, batch: list[tuple[Any, ...]]) -> None:
    """What the insert trigger of the month totals would have added for these rows, by
    (project, billable, month, task, person): store.add_months sums them per table."""
    project, billable, day, person, task, seconds = MONTHS
    for row in batch:
        key = (row[project], row[billable], row[day][:7], row[task] or 0, row[person])
        found = months.get(key)
        if found is None:
            months[key] = [row[seconds], 1]
        else:
            found[0] += row[seconds]
            found[1] += 1
