"""`psa db`: where the ledger is, whether it is sound, and safe copies of it."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from psa_cli.domain.errors import InvalidInput, PsaError, Refused
from psa_cli.services.ledger import Ledger
from psa_cli.store import maintenance
from psa_cli.store.migrations import LATEST, schema_version


@dataclass
class CheckReport:
    path: str
    schema_version: int
    problems: list[str]
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.problems


def check(ledger: Ledger) -> CheckReport:
    conn = ledger.conn
    return CheckReport(
        str(ledger.path),
        schema_version(conn),
        maintenance.check(conn),
        maintenance.table_counts(conn),
    )


def backup(ledger: Ledger, target: str | None, *, force: bool = False) -> Path:
    if target:
        path = Path(target).expanduser()
        if path.is_dir() or target.endswith(("/", "\\")):
            path = path / _default_name(ledger)
    else:
        path = ledger.path.parent / "backups" / _default_name(ledger)
    if path.resolve() == ledger.path.resolve():
        raise Refused("the backup target is the ledger itself: choose another file")
    if path.exists() and not force:
        raise Refused(f"{path} exists: choose another file or add --force to overwrite")
    maintenance.backup(ledger.conn, path)
    problems = maintenance.verify_file(path)
    if problems:  # pragma: no cover - would mean the source is already damaged
        raise Refused(f"the backup at {path} fails its check: {problems[0]}")
    return path


def _default_name(ledger: Ledger) -> str:
    stamp = ledger.now().strftime("%Y%m%d-%H%M%S")
    return f"{ledger.path.stem}-{stamp}.db"


@dataclass
class Restored:
    path: Path
    source: Path
    found_version: int
    saved_to: Path | None  # the replaced ledger's copy, when there was one


def restore(ledger: Ledger, file: str, *, force: bool = False) -> Restored:
    """Replace the ledger with a vetted copy of `file`, after saving the current one.

    The file must pass SQLite's integrity and foreign-key checks, be a psa ledger of a
    schema this psa knows (it is migrated to the latest), and pass every invariant of
    `psa db check`. The copy is prepared beside the ledger (0600) and renamed over it,
    so the ledger is at every moment either the old file or the new one.
    """
    source = Path(file).expanduser()
    if not source.exists():
        raise InvalidInput(f"no file {source}: give the path of a backup ('psa db backup')")
    if not source.is_file():
        raise InvalidInput(f"{source} is not a file: give the path of a backup file")
    if ledger.path.exists() and source.resolve() == ledger.path.resolve():
        raise Refused(f"{source} is the ledger itself: give a backup file")
    try:
        with source.open("rb") as fh:
            head = fh.read(len(maintenance.SQLITE_MAGIC))
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror}") from None
    if head != maintenance.SQLITE_MAGIC:
        raise Refused(f"{source} is not an SQLite database: give a file made by 'psa db backup'")
    if ledger.path.exists() and not force:
        raise Refused(
            f"{ledger.path} exists and restoring replaces it: add --force "
            "(the current ledger is saved to backups/ first)"
        )
    ledger.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = ledger.path.with_name(f".{ledger.path.name}.restore-{os.getpid()}.tmp")
    try:
        found, problems = maintenance.prepare_restore(source, tmp)
        if problems:
            raise Refused(f"{source} fails its check, nothing was changed: {problems[0]}")
        saved = _save_current(ledger) if ledger.path.exists() else None
        ledger.close()
        maintenance.fsync_path(tmp)
        os.replace(tmp, ledger.path)
        for suffix in ("-wal", "-shm"):  # the old file's WAL was checkpointed and truncated
            Path(f"{ledger.path}{suffix}").unlink(missing_ok=True)
        maintenance.fsync_path(ledger.path.parent)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return Restored(ledger.path, source, found, saved)


def _save_current(ledger: Ledger) -> Path:
    """Copy the ledger about to be replaced into backups/ (raw bytes if it will not open)."""
    target = (
        ledger.path.parent / "backups" / f"{ledger.path.stem}-before-restore-"
        f"{ledger.now().strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.db"
    )
    try:
        maintenance.backup(ledger.conn, target)
        maintenance.checkpoint(ledger.conn)
    except PsaError:  # the current ledger is too damaged to open: keep its bytes as they are
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, ledger.path.open("rb") as src:
            shutil.copyfileobj(src, out)
        wal = Path(f"{ledger.path}-wal")
        if wal.exists() and wal.stat().st_size:
            shutil.copyfile(wal, f"{target}-wal")
            os.chmod(f"{target}-wal", 0o600)
    return target


def latest_schema() -> int:
    return LATEST
