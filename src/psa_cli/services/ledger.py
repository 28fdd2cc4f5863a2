"""The Ledger handle every service receives: file path, config, clock, connection.

The connection opens lazily, once per handle, in the thread that uses it (a
sqlite3 connection must not cross threads: the TUI makes one handle per worker).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from psa_cli.domain.errors import InvalidInput
from psa_cli.services.config import Config, load

if TYPE_CHECKING:
    from psa_cli.store.db import Connection


def ledger_path(explicit: str | Path | None = None) -> Path:
    """--ledger PATH, else $PSA_LEDGER, else $XDG_DATA_HOME/psa/ledger.db."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("PSA_LEDGER")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "psa" / "ledger.db"


@dataclass
class Ledger:
    """An open ledger: its file, its configuration, one SQLite connection opened on first use."""

    path: Path
    config: Config
    _conn: Connection | None = field(default=None, repr=False)
    _tz: tzinfo | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: str | Path | None = None) -> Ledger:
        return cls(ledger_path(path), load())

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            from psa_cli.store.db import connect

            self._conn = connect(self.path)
        return self._conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        from psa_cli.store.db import write

        with write(self.conn) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        from psa_cli.store.db import read

        with read(self.conn) as conn:
            yield conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- clock ---------------------------------------------------------------

    @property
    def tz(self) -> tzinfo:
        if self._tz is None:
            from psa_cli.domain.dates import local_zone

            self._tz = local_zone(self.config.timezone or os.environ.get("PSA_TZ") or None)
        return self._tz

    def now(self) -> datetime:
        """Current time (UTC). $PSA_NOW freezes it, for tests and demos."""
        frozen = os.environ.get("PSA_NOW")
        if frozen:
            from psa_cli.domain.dates import parse_any_iso

            try:
                return parse_any_iso(frozen)
            except ValueError:
                raise InvalidInput(
                    f"PSA_NOW='{frozen}' is not an ISO time: use e.g. 2026-11-26T15:00:00Z"
                ) from None
        return datetime.now(UTC).replace(microsecond=0)

    def today(self) -> date:
        return self.now().astimezone(self.tz).date()

    @property
    def attachments_dir(self) -> Path:
        return self.path.parent / f"{self.path.stem}-attachments"
