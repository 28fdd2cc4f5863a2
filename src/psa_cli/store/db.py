"""Opening the ledger file: pragmas, permissions, transactions, migrations on open.

Connections run in autocommit mode (`isolation_level=None`) so transactions are
explicit: `write(conn)` opens `BEGIN IMMEDIATE`, which takes the write lock up
front; a second writer waits on the busy timeout instead of failing half-way.

`BEGIN IMMEDIATE` can still answer SQLITE_BUSY without waiting (another
connection is recovering or checkpointing the WAL, or the busy handler gave up
under heavy contention), so `begin_immediate` retries it a bounded number of
times with jittered back-off, then refuses with one clear line. Only the BEGIN is
retried: once it succeeds this connection holds the write lock, and in WAL mode
COMMIT needs no further lock. See docs/reliability.md.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psa_cli.domain.errors import LedgerError

BUSY_TIMEOUT_MS = 15_000
# Pauses (seconds) between attempts at BEGIN IMMEDIATE after SQLITE_BUSY/LOCKED: bounded,
# ~3 s in all on top of the busy timeout each attempt already waits.
RETRY_DELAYS = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
_BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED (primary codes)


class Stats:
    """Counters a long-running process (tests, benchmarks) can read."""

    busy_retries = 0


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
    elif path.stat().st_size == 0:  # an empty file becomes a new ledger: private like one
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass  # not ours to change: SQLite will say whether it can write it
    conn = None
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        from psa_cli.store.migrations import migrate

        _refuse_foreign(conn, path)
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()  # a long-lived process (the TUI, tests) must not keep its locks
        raise LedgerError(
            f"{path} is not a usable psa ledger ({exc}): check the path, or restore a backup"
        ) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


def is_busy(exc: sqlite3.Error) -> bool:
    """True for 'database is locked/busy' (any extended code of SQLITE_BUSY/LOCKED)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in _BUSY_CODES
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def begin_immediate(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, retried on SQLITE_BUSY with jittered back-off, then refused."""
    for delay in (*RETRY_DELAYS, None):
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            if delay is None:
                raise LedgerError(
                    "the ledger stayed locked by another psa process for too long: "
                    "retry in a moment (see 'psa db check' if it persists)"
                ) from None
            Stats.busy_retries += 1
            time.sleep(delay * random.uniform(0.5, 1.5))


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite may already have rolled back by itself (disk full, I/O error): then
    # ROLLBACK would fail and hide the error that matters.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Another program's SQLite file (tables but no psa schema version) is never migrated:
    psa would otherwise write its own tables into it."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != 0:
        return
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone():
        conn.close()
        raise LedgerError(
            f"{path} is an SQLite database but not a psa ledger: check --ledger / $PSA_LEDGER"
        )


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error."""
    begin_immediate(conn)
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


@contextmanager
def read(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent snapshot for multi-query reads (deferred transaction)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        try:
            if conn.in_transaction:
                conn.execute("COMMIT")
        except sqlite3.ProgrammingError:
            pass  # closed under a suspended reader (a streaming generator): nothing to end
