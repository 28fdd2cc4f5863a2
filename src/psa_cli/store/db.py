"""Opening the ledger file: pragmas, permissions, transactions, migrations on open.

Connections run in autocommit mode (`isolation_level=None`) so transactions are
explicit: `write(conn)` opens `BEGIN IMMEDIATE`, which takes the write lock up
front; a second writer waits on the busy timeout instead of failing half-way.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psa_cli.domain.errors import LedgerError

BUSY_TIMEOUT_MS = 15_000
Connection = sqlite3.Connection  # re-exported for type hints above the store


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600); parents 0700."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and if needed create and migrate) the ledger at `path`."""
    if not path.exists():
        if not create:
            raise LedgerError(f"no ledger at {path}: run 'psa init' or pass --ledger PATH")
        try:
            create_private_file(path)
        except FileExistsError:
            pass  # another process created it between our check and now
        except OSError as exc:
            raise LedgerError(f"cannot create ledger {path}: {exc.strerror}") from None
    elif path.is_dir():
        raise LedgerError(f"{path} is a directory: give the ledger's file path")
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        from psa_cli.store.migrations import migrate

        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise LedgerError(
            f"{path} is not a usable psa ledger ({exc}): check the path, or restore a backup"
        ) from None
    return conn


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def read(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent snapshot for multi-query reads (deferred transaction)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
