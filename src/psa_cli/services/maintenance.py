"""`psa db`: where the ledger is, whether it is sound, and safe copies of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from psa_cli.domain.errors import Refused
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


def latest_schema() -> int:
    return LATEST
