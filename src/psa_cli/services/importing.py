"""`psa import SOURCE FILE`: another tool's export -> time entries, in one transaction.

The reader (`psa_cli.importers.<source>`) turns the file into plain rows as it reads it;
this service takes them BATCH at a time, matches their names once through dicts
(`import_names.Names`), cuts clocked rows at local midnight like `psa log` does, skips rows
whose (source, key) is already in the ledger (looked up batch by batch, so a second import
of the same file adds nothing), and inserts the rest a batch at a time (`import_writer`).
Memory stays that of a batch whatever the file's size. Any bad row refuses the whole file
(nothing written) unless `skip_invalid`; `dry_run` runs the very same transaction and rolls
it back.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psa_cli import importers
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.importers import child
from psa_cli.importers.prepare import LocalDays, Prepared, prepared
from psa_cli.importers.records import FileError, Parsed, ReadOptions, RowError, SourceRow
from psa_cli.services.import_names import NameRules, Names, ProjectRef
from psa_cli.services.import_writer import Progress, Writer
from psa_cli.services.ledger import Ledger
from psa_cli.services.week_lock import check_imported
from psa_cli.store import imports as store
from psa_cli.store.rows import now_iso

BATCH = 10_000
PROGRESS_FROM = 1 << 20  # bytes: a smaller file is read before a bar would draw


@dataclass
class ImportOptions:
    source: str
    path: str
    dry_run: bool = False
    skip_invalid: bool = False
    create_missing: bool = False
    map_project: list[str] = field(default_factory=list)
    client: str | None = None
    person: str | None = None
    project: str | None = None
    billable: bool | None = None
    day_first: bool = False


@dataclass
class ImportResult:
    source: str
    path: str
    dry_run: bool
    records: int = 0  # records in the file
    imported: int = 0  # records imported now
    entries: int = 0  # entries written (a record crossing midnight makes two)
    already: int = 0  # records imported before (same source key)
    invalid: list[str] = field(default_factory=list)  # skipped with --skip-invalid
    warnings: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    seconds_by_project: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "file": self.path,
            "dry_run": self.dry_run,
            "records": self.records,
            "imported": self.imported,
            "entries": self.entries,
            "already_imported": self.already,
            "skipped_invalid": self.invalid,
            "warnings": self.warnings,
            "created": self.created,
            "seconds_by_project": self.seconds_by_project,
        }


class _DryRun(Exception):
    """Raised inside the transaction so that it rolls back."""


def parse_mapping(items: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in items:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise InvalidInput(f"--map-project '{item}': write it OLD=NEW, e.g. 'Website=acme-web'")
        pairs.append((old.strip(), new.strip()))
    return tuple(pairs)


def import_file(
    ledger: Ledger, opts: ImportOptions, progress: Progress | None = None
) -> ImportResult:
    # A big file makes millions of objects that all live until the end: the cyclic
    # collector would walk them again and again for nothing (~20 % of a 1M-row import).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import_file(ledger, opts, progress)
    finally:
        if collecting:
            gc.enable()


def _import_file(ledger: Ledger, opts: ImportOptions, progress: Progress | None) -> ImportResult:
    if opts.source not in importers.SOURCES:
        raise InvalidInput(
            f"unknown source '{opts.source}': use {', '.join(importers.SOURCES)} or psa"
        )
    rules = NameRules(
        create_missing=opts.create_missing, client=opts.client, person=opts.person,
        project=opts.project, mapping=parse_mapping(opts.map_project),
        currency=ledger.config.currency,
    )  # fmt: skip
    path = Path(opts.path).expanduser()
    if not path.exists():
        raise Refused(f"no file {path}: check the path")
    read_opts = ReadOptions(tz=ledger.tz, day_first=opts.day_first, project=opts.project)
    try:
        parsed = importers.read(opts.source, path, read_opts)
        # A big file into a ledger holding nothing from its source yet is read by a child
        # process while this one writes (importers.child); otherwise the rows are read
        # here, and only those not imported before are prepared.
        rows = None if store.has_source(ledger.conn, opts.source) else (
            child.offload(parsed, ledger.tz))  # fmt: skip
        try:
            return _write(ledger, opts, path, parsed, rows, rules, progress)
        finally:
            parsed.close()
    except FileError as exc:  # the header, or a file that breaks off half-way
        raise Refused(f"{path.name}: {exc}") from None
    except OSError as exc:
        raise Refused(f"cannot read {path}: {exc.strerror}") from None


def _write(ledger: Ledger, opts: ImportOptions, path: Path, parsed: Parsed,
           rows: Iterable[Prepared] | None, rules: NameRules,
           progress: Progress | None) -> ImportResult:  # fmt: skip
    result = ImportResult(opts.source, str(path), opts.dry_run)
    if progress is not None and parsed.size < PROGRESS_FROM:
        progress = None
    try:
        with ledger.write() as conn:
            names = Names(conn, rules)
            known = _Known(conn, opts.source)
            # the source index is kept when this import looks keys up in it
            writer = Writer(conn, parsed, progress, keep_source_index=known.any)
            here = LocalDays(ledger.tz) if rows is None else None
            batches = _batches(parsed.rows if rows is None else rows, here, known, names, opts,
                               result, store.next_entry_id(conn))  # fmt: skip
            for values, tags in batches:
                # A bad row stops the writing (the transaction will roll back) but not the
                # reading: the refusal counts every bad row.
                if not (parsed.problems or result.invalid) or opts.skip_invalid:
                    writer.write(values, tags)
                elif progress is not None:
                    progress("reading", parsed.bytes_read(), parsed.size)
            _settle(parsed, result, opts)
            writer.finish()
            check_imported(conn, known.after)  # approved timesheet weeks are locked
            result.created = names.created
            if result.entries:
                detail = {"source": opts.source, "file": path.name, "entries": result.entries,
                          "created": names.created}  # fmt: skip
                store.audit_import(conn, detail)
            if opts.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _settle(parsed: Parsed, result: ImportResult, opts: ImportOptions) -> None:
    """The counts and warnings of the reading into `result`; any bad row refuses the file
    unless `skip_invalid`."""
    result.records = parsed.records
    result.warnings = list(parsed.warnings)
    problems = parsed.problems + result.invalid
    if problems and not opts.skip_invalid:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise Refused(
            f"{problems[0]}{more}; nothing was imported: fix the file, or pass "
            "--skip-invalid to import the other rows"
        )
    result.invalid = problems


class _Known:
    """Which keys of a batch were imported before: one lookup per batch in the (source,
    source_key) index, none at all when the ledger holds nothing from this source."""

    def __init__(self, conn: Any, source: str) -> None:
        self.conn = conn
        self.source = source
        self.after = store.last_entry_id(conn)  # entries past this one are this import's
        self.any = store.has_source(conn, source)

    def __call__(self, keys: list[str]) -> set[str]:
        if not self.any:
            return set()
        return store.imported_keys(self.conn, self.source, keys, self.after)


Batch = tuple[list[tuple[Any, ...]], dict[int, tuple[str, ...]]]


def _batches(
    rows: Iterable[Any], days: LocalDays | None, known: Callable[[list[str]], set[str]],
    names: Names, opts: ImportOptions, result: ImportResult, first_id: int,
) -> Iterator[Batch]:  # fmt: skip
    """The new records as entry tuples (ENTRY_COLUMNS order, ids counting from `first_id`)
    and their tags by entry id, a batch of BATCH records at a time; bad rows go to
    result.invalid. `rows` are SourceRows to be prepared here with `days`, or (days None)
    rows a child process prepared."""
    stamp = now_iso()
    uids = store.uid_sequence()
    ids = itertools.count(first_id)
    by_project = result.seconds_by_project
    matched: dict[tuple[str, ...], tuple[ProjectRef, int | None, int]] = {}
    source = iter(rows)
    while chunk := list(itertools.islice(source, BATCH)):
        if days is None:
            before = known([row[1] for row in chunk])
            ready: list[Prepared] = [row for row in chunk if row[1] not in before]
        else:  # only the rows not imported before are cut and checked
            before = known([row.key for row in chunk])
            ready = list(prepared((row for row in chunk if row.key not in before), days))
        result.already += len(chunk) - len(ready)
        del chunk  # the rows are freed while the batch is written
        values: list[tuple[Any, ...]] = []
        tag_map: dict[int, tuple[str, ...]] = {}
        for where, key, names_key, billable, pieces, note, tags, problem in ready:
            try:
                if problem is not None:
                    raise RowError(problem)
                found = matched.get(names_key)
                if found is None:
                    client, project_name, task, person, email = names_key
                    row = SourceRow(where, key, project_name, client, task, person, email)
                    project = names.project(row)
                    found = (project, names.task(project, task.strip()), names.person(row))
                    matched[names_key] = found
                project, task_id, person_id = found
            except RowError as exc:
                result.invalid.append(f"{where}: {exc}")
                continue
            chosen = billable if billable is not None else opts.billable
            flag = int(project.billable if chosen is None else chosen)
            for i, (day, start, end, seconds) in enumerate(pieces):
                part = key if i == 0 else f"{key}#{i + 1}"
                entry_id = next(ids)
                values.append((entry_id, next(uids), person_id, project.id, task_id, note, day,
                               start, end, seconds, flag, opts.source, part, stamp,
                               stamp))  # fmt: skip
                if tags:
                    tag_map[entry_id] = tags
                by_project[project.code] = by_project.get(project.code, 0) + seconds
            result.imported += 1
        del ready
        result.entries += len(values)
        yield values, tag_map
