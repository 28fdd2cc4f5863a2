"""m_source_index: (source, source_key) unique through a named index instead of a table
constraint, the table rebuilt without losing a row, a tag, an id or a trigger."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from psa_cli.store import db
from psa_cli.store.migrations import LATEST, MIGRATIONS
from psa_cli.store.schema_source import SOURCE_INDEX, m_source_index

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers"
BEFORE = MIGRATIONS.index(m_source_index)  # the schema version just before it


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_auto%' "
        "ORDER BY type, name"
    ).fetchall()


@pytest.fixture
def old_ledger(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / f"v{BEFORE}.db", path)
    return path


def test_the_rebuilt_table_keeps_rows_ids_tags_triggers_and_indexes(old_ledger: Path) -> None:
    old = sqlite3.connect(old_ledger)
    assert old.execute("PRAGMA user_version").fetchone()[0] == BEFORE
    newest = old.execute("SELECT max(id) FROM time_entries").fetchone()[0]
    old.execute("PRAGMA foreign_keys = ON")
    old.execute("DELETE FROM entry_tags WHERE entry_id = ?", (newest,))
    old.execute("UPDATE time_entries SET invoice_id = NULL, invoice_line_id = NULL WHERE id = ?",
                (newest,))  # fmt: skip
    old.execute("DELETE FROM time_entries WHERE id = ?", (newest,))  # its id stays used
    old.commit()
    entries = old.execute("SELECT * FROM time_entries ORDER BY id").fetchall()
    tags = old.execute("SELECT * FROM entry_tags ORDER BY entry_id, tag").fetchall()
    schema = _schema(old)
    old.close()

    conn = db.connect(old_ledger)  # migrates
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert [tuple(r) for r in conn.execute("SELECT * FROM time_entries ORDER BY id")] == [
            tuple(r) for r in entries
        ]
        assert [tuple(r) for r in conn.execute("SELECT * FROM entry_tags ORDER BY entry_id, tag")
                ] == [tuple(r) for r in tags]  # fmt: skip
        later = {"entry_months", "person_months"}  # the next migration's month totals
        assert [tuple(r) for r in _schema(conn) if r[2] not in later
                and not r[1].startswith("entry_months_")] == sorted(
            [*schema, ("index", SOURCE_INDEX, "time_entries")])  # fmt: skip
        table = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'time_entries'")
        assert "UNIQUE (source" not in table.fetchone()[0]
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # AUTOINCREMENT: the deleted newest entry's id is not given out again
        conn.execute("INSERT INTO time_entries (uid, person_id, project_id, day, seconds, "
                     "created_at, updated_at) SELECT 'u-new', person_id, project_id, day, 60, "
                     "created_at, updated_at FROM time_entries LIMIT 1")  # fmt: skip
        assert conn.execute("SELECT max(id) FROM time_entries").fetchone()[0] == newest + 1
    finally:
        conn.close()


def test_the_index_refuses_a_second_record_of_the_same_key(old_ledger: Path) -> None:
    conn = db.connect(old_ledger)
    try:
        row = ("1", "2026-11-02", 60, "watson", "abc", "x", "x")
        insert = (
            "INSERT INTO time_entries (uid, person_id, project_id, day, seconds, source, "
            "source_key, created_at, updated_at) VALUES (?, 1, 1, ?, ?, ?, ?, ?, ?)"
        )
        assert conn.execute("SELECT count(*) FROM time_entries WHERE source IS NOT NULL"
                            ).fetchone()[0] == 0  # fmt: skip
        conn.execute(insert, row)
        with pytest.raises(sqlite3.IntegrityError, match="source, time_entries.source_key"):
            conn.execute(insert, ("2", *row[1:]))
        conn.execute(insert, ("3", "2026-11-02", 60, None, None, "x", "x"))  # NULLs apart
        conn.execute(insert, ("4", "2026-11-02", 60, None, None, "x", "x"))
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT id FROM time_entries WHERE source = ? "
                            "AND source_key = ?", ("watson", "abc")).fetchall()  # fmt: skip
        assert SOURCE_INDEX in plan[0][3]
    finally:
        conn.close()


def test_a_table_it_does_not_expect_is_refused_and_left_alone(old_ledger: Path) -> None:
    conn = sqlite3.connect(old_ledger)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'time_entries'").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")  # as if another tool had changed the table
    conn.execute(
        "UPDATE sqlite_master SET sql = ? WHERE name = 'time_entries'",
        (sql.replace("UNIQUE (source, source_key)", "UNIQUE (source_key, source)"),),
    )
    conn.commit()
    conn.close()
    from psa_cli.domain.errors import LedgerError

    with pytest.raises(LedgerError, match="not the table this migration expects"):
        db.connect(old_ledger)
    check = sqlite3.connect(old_ledger)
    assert check.execute("PRAGMA user_version").fetchone()[0] == BEFORE
    check.close()
