"""The whole ledger as one JSON document (`psa export json --all`) and back
(`psa import psa FILE`): every table, every column, every row with its id and uid, and the
AUTOINCREMENT high-water marks, so export -> import into an empty ledger -> export gives
the same bytes. Layout: docs/formats.md, "Whole-ledger JSON"."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from psa_cli import __version__
from psa_cli.domain.errors import Refused
from psa_cli.formats.json_text import dumps, json_array
from psa_cli.importers import json_pull
from psa_cli.importers.records import FileError
from psa_cli.services.ledger import Ledger
from psa_cli.store import imports as store
from psa_cli.store.migrations import LATEST, schema_version

FORMAT = "psa.ledger"
VERSION = 1


def write(ledger: Ledger, out: TextIO) -> tuple[int, int]:
    """Write the document to `out` a row at a time: the text of `json.dumps(doc, indent=2,
    ensure_ascii=False)`, in constant memory (a 1M-entry ledger held as dicts took 4.9 GB).
    Returns (rows, tables)."""
    rows = 0
    with ledger.read() as conn:
        tables = store.ledger_tables(conn)
        head = {"format": FORMAT, "version": VERSION, "schema": schema_version(conn),
                "generated_by": f"psa {__version__}"}  # fmt: skip
        out.write("{\n" + "".join(f"  {dumps(k)}: {dumps(v, 1)},\n" for k, v in head.items()))
        out.write('  "tables": {' if tables else '  "tables": {},\n')
        for n, table in enumerate(tables):
            out.write(("\n    " if n == 0 else ",\n    ") + dumps(table) + ": ")
            columns = store.table_columns(conn, table)
            records = (dict(zip(columns, row, strict=True))
                       for row in store.table_rows(conn, table, columns))  # fmt: skip
            rows += json_array(records, out, level=2)
        out.write("\n  },\n" if tables else "")
        out.write(f'  "sequences": {dumps(store.sequences(conn), 1)}\n}}\n')
    return rows, len(tables)


@dataclass
class Restored:
    path: str
    dry_run: bool
    rows: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.path, "dry_run": self.dry_run, "rows": self.rows}


class _DryRun(Exception):
    pass


NOT_A_DOCUMENT = "is not a whole-ledger document: make one with 'psa export json --all -o FILE'"
BATCH = 10_000  # rows inserted at a time


def restore(ledger: Ledger, file: str, *, dry_run: bool = False) -> Restored:
    """Load a whole-ledger document into an empty ledger, ids and uids kept, reading it a
    row at a time (its 'format', 'version' and 'schema' come before 'tables', as
    `write` puts them)."""
    path = Path(file).expanduser()
    if not path.is_file():
        raise Refused(f"no file {path}: check the path")
    result = Restored(str(path), dry_run)
    try:
        with path.open("rb") as fh, ledger.write() as conn:
            _restore(conn, path, json_pull.Pull(fh, "whole-ledger"), result)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except FileError as exc:
        raise Refused(f"{path.name}: {exc}: give a 'psa export json --all' file") from None
    except store.IntegrityError as exc:
        raise Refused(
            f"{path.name} breaks a ledger rule ({exc}): export the ledger again"
        ) from None
    return result


def _restore(conn: Any, path: Path, pull: json_pull.Pull, result: Restored) -> None:
    if pull.peek() != "{":
        pull.value()  # not JSON at all: FileError says where
        raise Refused(f"{path.name} {NOT_A_DOCUMENT}")
    head: dict[str, object] = {}
    marks: object = {}
    indexes: list[str] | None = None
    for key in pull.members():
        if key == "tables":
            _check_head(path, head)  # before anything is touched
            if indexes is not None:
                raise Refused(f"{path.name} has 'tables' twice: export the ledger again")
            if pull.peek() != "{":
                break
            tables = store.ledger_tables(conn)
            _make_room(conn, tables)
            result.rows = dict.fromkeys(tables, 0)
            store.defer_foreign_keys(conn)
            store.bulk_cache(conn)
            indexes = store.drop_entry_indexes(conn)  # built once at the end (an empty ledger)
            store.month_triggers(conn, on=False)  # the month totals are summed at the end
            for table in pull.members():
                if table not in result.rows:
                    raise Refused(f"{path.name} has table '{table}' this psa does not know: "
                                  "upgrade psa")  # fmt: skip
                result.rows[table] += _restore_table(conn, table, pull)
        elif key == "sequences":
            marks = pull.value()
        else:
            head[key] = pull.value()
    _check_head(path, head)
    if indexes is None:
        raise Refused(f"{path.name}: 'tables' must be an object of tables: export the ledger "
                      "again")  # fmt: skip
    pull.end()
    if not isinstance(marks, dict) or not all(type(v) is int for v in marks.values()):
        raise Refused(f"{path.name}: 'sequences' must map table names to integers")
    store.restore_sequences(conn, {k: v for k, v in marks.items() if k in result.rows})
    store.create_indexes(conn, indexes)
    store.rebuild_months(conn)
    store.month_triggers(conn, on=True)
    broken = store.foreign_key_problems(conn)
    if broken:
        raise Refused(f"{path.name}: a row points at a missing row ({broken[0]}): "
                      "export the ledger again")  # fmt: skip


def _check_head(path: Path, head: dict[str, object]) -> None:
    if head.get("format") != FORMAT:
        raise Refused(f"{path.name} {NOT_A_DOCUMENT}")
    if head.get("version") != VERSION:
        raise Refused(f"{path.name} has document version {head.get('version')!r}, this psa "
                      f"reads {VERSION}: upgrade psa")  # fmt: skip
    schema = head.get("schema")
    if type(schema) is not int or schema > LATEST:
        raise Refused(f"{path.name} comes from a newer ledger (schema {schema}, this psa has "
                      f"{LATEST}): upgrade psa")  # fmt: skip


def _restore_table(conn: Any, table: str, pull: json_pull.Pull) -> int:
    if pull.peek() != "[":
        raise Refused(f"table '{table}' must be a list of row objects")
    columns = store.table_columns(conn, table)
    names: list[str] = []
    batch: list[tuple[Any, ...]] = []
    count = 0
    for row in pull.array():
        if not isinstance(row, dict):
            raise Refused(f"table '{table}' must be a list of row objects")
        if not names:
            names = list(row)
            extra = sorted(set(names) - set(columns))
            if extra:
                raise Refused(f"table '{table}' has column '{extra[0]}' this psa does not "
                              "know: upgrade psa")  # fmt: skip
        try:
            batch.append(tuple(row[c] for c in names))
        except KeyError as exc:
            raise Refused(f"a row of '{table}' lacks column {exc}: export the ledger "
                          "again") from None  # fmt: skip
        count += 1
        if len(batch) >= BATCH:
            store.restore_rows(conn, table, names, batch)
            batch = []
    if batch:
        store.restore_rows(conn, table, names, batch)
    return count


def _make_room(conn: Any, tables: list[str]) -> None:
    """Refuse a ledger holding data; the automatic default person alone gives way."""
    counts = store.row_counts(conn, tables)
    held = {t: n for t, n in counts.items() if n and t not in ("people", "audit_log")}
    people = store.catalog(conn)["people"] if counts.get("people") else []
    lone_me = len(people) == 1 and people[0]["is_default"] and not held
    if held or (people and not lone_me):
        what = ", ".join(f"{n} {t}" for t, n in {**held, "people": len(people)}.items() if n)
        raise Refused(f"the ledger already holds data ({what}): restore into a new ledger, "
                      "e.g. 'psa --ledger new.db import psa FILE'")  # fmt: skip
    if lone_me:
        store.delete_lone_default_person(conn, people[0]["id"])
