"""What every reader returns: one `SourceRow` per time record of the source file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo


@dataclass(slots=True)
class SourceRow:
    """One record of the source. Times are UTC-aware datetimes (whole seconds), or only
    `day` + `seconds` when the source has no clock times (Harvest)."""

    where: str  # "line 4", "item 3", "2026-11.data line 2": how a problem names the row
    key: str  # stable across re-exports of the same record: the idempotence key
    project: str
    client: str = ""
    task: str = ""
    person: str = ""
    email: str = ""
    note: str = ""
    start: datetime | None = None
    end: datetime | None = None
    day: date | None = None
    seconds: int = 0
    billable: bool | None = None
    tags: tuple[str, ...] = ()


@dataclass
class Parsed:
    rows: list[SourceRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 4: reason: fix"
    warnings: list[str] = field(default_factory=list)
    records: int = 0  # records read, valid or not


@dataclass(frozen=True)
class ReadOptions:
    """What a reader needs to know that the file may not say."""

    tz: tzinfo  # the zone of the naive local times in CSV exports
    day_first: bool = False  # 02/11/2026 = 2 November (default: month first, US style)
    project: str | None = None  # Timewarrior: the project of every interval (else tag 1)


class FileError(ValueError):
    """The file as a whole is not what the source writes (wrong tool, no header)."""


class RowError(ValueError):
    """A record that cannot be read; the message names the problem and the fix."""


def content_key(*parts: object) -> str:
    """A stable key for sources without record ids: a hash of the record's own fields."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:20]


class KeyCounter:
    """Two identical records in one file are two entries: the second gets '~2'."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, key: str) -> str:
        n = self._seen.get(key, 0) + 1
        self._seen[key] = n
        return key if n == 1 else f"{key}~{n}"
