"""`psa db restore`: only a vetted psa ledger replaces the current one, which is saved first."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from tests.conftest import Psa


def _backup(acme: Psa, tmp_path: Path) -> Path:
    acme("log", "1h", "acme-web", "kept")
    target = tmp_path / "copy.db"
    acme("db", "backup", str(target))
    return target


def test_restore_replaces_the_ledger_and_saves_the_old_one(acme: Psa, tmp_path: Path) -> None:
    copy = _backup(acme, tmp_path)
    acme("log", "2h", "acme-web", "after the backup")
    assert acme.sql("SELECT count(*) FROM time_entries") == [(2,)]
    out = acme("db", "restore", str(copy), "--force").stdout
    assert "Restored" in out and "saved to" in out
    assert acme.sql("SELECT note FROM time_entries") == [("kept",)]
    saved = next((acme.ledger.parent / "backups").glob("ledger-before-restore-*.db"))
    conn = sqlite3.connect(saved)
    assert conn.execute("SELECT count(*) FROM time_entries").fetchone() == (2,)
    conn.close()
    assert stat.S_IMODE(os.stat(acme.ledger).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    acme("db", "check")
    acme("log", "30m", "acme-web", "after the restore")  # the restored ledger is writable
    assert acme.sql("SELECT count(*) FROM time_entries") == [(2,)]


def test_existing_ledger_needs_force(acme: Psa, tmp_path: Path) -> None:
    copy = _backup(acme, tmp_path)
    assert "add --force" in acme.fail("db", "restore", str(copy))


def test_restore_into_a_missing_ledger_needs_no_force(acme: Psa, tmp_path: Path) -> None:
    copy = _backup(acme, tmp_path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{acme.ledger}{suffix}").unlink(missing_ok=True)
    acme("db", "restore", str(copy))
    assert acme.sql("SELECT note FROM time_entries") == [("kept",)]


def test_refuses_files_that_are_not_sound_ledgers(acme: Psa, tmp_path: Path) -> None:
    copy = _backup(acme, tmp_path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all")
    assert "is not an SQLite database" in acme.fail("db", "restore", str(junk), "--force")
    assert "no file" in acme.fail("db", "restore", str(tmp_path / "nope.db"), "--force", code=2)
    assert "is the ledger itself" in acme.fail("db", "restore", str(acme.ledger), "--force")

    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    assert "not a psa ledger" in acme.fail("db", "restore", str(foreign), "--force")

    broken = tmp_path / "broken.db"  # breaks a ledger rule: days are ISO dates
    broken.write_bytes(copy.read_bytes())
    conn = sqlite3.connect(broken)
    conn.execute("UPDATE time_entries SET day = '26/11/2026'")
    conn.commit()
    conn.close()
    message = acme.fail("db", "restore", str(broken), "--force")
    assert "fails its check, nothing was changed" in message

    newer = tmp_path / "newer.db"
    newer.write_bytes(copy.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    assert "newer than this psa understands" in acme.fail("db", "restore", str(newer), "--force")

    corrupt = tmp_path / "corrupt.db"
    data = bytearray(copy.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # smash a b-tree page
    corrupt.write_bytes(bytes(data))
    acme.fail("db", "restore", str(corrupt), "--force")
    assert not list(acme.ledger.parent.glob(".ledger.db.restore-*"))  # no temp file left


def test_an_older_schema_is_migrated_on_restore(acme: Psa) -> None:
    fixture = Path(__file__).parents[1] / "fixtures" / "ledgers" / "v1.db"
    before = sqlite3.connect(fixture).execute("SELECT count(*) FROM time_entries").fetchone()
    acme("db", "restore", str(fixture), "--force")
    assert acme.sql("SELECT count(*) FROM time_entries") == [before]
    from psa_cli.store.migrations import LATEST

    assert acme.sql("PRAGMA user_version") == [(LATEST,)]
    assert fixture.read_bytes()[:16] == b"SQLite format 3\x00"  # the source is never written
