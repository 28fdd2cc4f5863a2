"""The whole ledger as one JSON document (`psa export json --all`) and back
(`psa import psa FILE`): every table, every column, every row with its id and uid, and the
AUTOINCREMENT high-water marks, so export -> import into an empty ledger -> export gives
the same bytes. Layout: docs/formats.md, "Whole-ledger JSON"."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psa_cli import __version__
from psa_cli.domain.errors import Refused
from psa_cli.services.ledger import Ledger
from psa_cli.store import imports as store
from psa_cli.store.migrations import LATEST, schema_version

FORMAT = "psa.ledger"
VERSION = 1


def build(ledger: Ledger) -> dict[str, Any]:
    with ledger.read() as conn:
        tables: dict[str, list[dict[str, Any]]] = {}
        for table in store.ledger_tables(conn):
            columns = store.table_columns(conn, table)
            tables[table] = [dict(zip(columns, row, strict=True))
                             for row in store.table_rows(conn, table, columns)]  # fmt: skip
        return {
            "format": FORMAT,
            "version": VERSION,
            "schema": schema_version(conn),
            "generated_by": f"psa {__version__}",
            "tables": tables,
            "sequences": store.sequences(conn),
        }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


@dataclass
class Restored:
    path: str
    dry_run: bool
    rows: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.path, "dry_run": self.dry_run, "rows": self.rows}


class _DryRun(Exception):
    pass


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise Refused(f"no file {path}: check the path")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Refused(
            f"{path.name} is not JSON ({exc}): give a 'psa export json --all' file"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Refused(f"{path.name} is not a whole-ledger document: make one with "
                      "'psa export json --all -o FILE'")  # fmt: skip
    if doc.get("version") != VERSION or not isinstance(doc.get("tables"), dict):
        raise Refused(f"{path.name} has document version {doc.get('version')!r}, this psa "
                      f"reads {VERSION}: upgrade psa")  # fmt: skip
    schema = doc.get("schema")
    if not isinstance(schema, int) or schema > LATEST:
        raise Refused(f"{path.name} comes from a newer ledger (schema {schema}, this psa has "
                      f"{LATEST}): upgrade psa")  # fmt: skip
    return doc


def restore(ledger: Ledger, file: str, *, dry_run: bool = False) -> Restored:
    """Load a whole-ledger document into an empty ledger, ids and uids kept."""
    path = Path(file).expanduser()
    doc = _load(path)
    result = Restored(str(path), dry_run)
    try:
        with ledger.write() as conn:
            tables = store.ledger_tables(conn)
            _make_room(conn, tables)
            unknown = sorted(set(doc["tables"]) - set(tables))
            if unknown:
                raise Refused(f"{path.name} has table '{unknown[0]}' this psa does not know: "
                              "upgrade psa")  # fmt: skip
            store.defer_foreign_keys(conn)
            for table in tables:
                result.rows[table] = _restore_table(conn, table, doc["tables"].get(table, []))
            marks = doc.get("sequences") or {}
            if not isinstance(marks, dict) or not all(isinstance(v, int) for v in marks.values()):
                raise Refused(f"{path.name}: 'sequences' must map table names to integers")
            store.restore_sequences(conn, {k: v for k, v in marks.items() if k in tables})
            broken = store.foreign_key_problems(conn)
            if broken:
                raise Refused(f"{path.name}: a row points at a missing row ({broken[0]}): "
                              "export the ledger again")  # fmt: skip
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except store.IntegrityError as exc:
        raise Refused(
            f"{path.name} breaks a ledger rule ({exc}): export the ledger again"
        ) from None
    return result


def _restore_table(conn: Any, table: str, rows: Any) -> int:
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise Refused(f"table '{table}' must be a list of row objects")
    if not rows:
        return 0
    columns = store.table_columns(conn, table)
    names = list(rows[0])
    extra = sorted(set(names) - set(columns))
    if extra:
        raise Refused(f"table '{table}' has column '{extra[0]}' this psa does not know: "
                      "upgrade psa")  # fmt: skip
    try:
        values = [tuple(row[c] for c in names) for row in rows]
    except KeyError as exc:
        raise Refused(f"a row of '{table}' lacks column {exc}: export the ledger again") from None
    store.restore_rows(conn, table, names, values)
    return len(values)


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
