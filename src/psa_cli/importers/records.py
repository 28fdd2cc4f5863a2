"""What every reader returns: one `SourceRow` per time record of the source file, read
lazily, so that a file of any size costs the memory of one chunk of it."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterator
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


def _nothing_read() -> int:
    return 0


def _nothing_to_close() -> None:
    return None


@dataclass
class Parsed:
    """`rows` yields the file's records as it reads them (a FileError may come out of it
    too: the file breaks off, say); `problems`, `warnings` and `records` are complete once
    it is exhausted."""

    rows: Iterator[SourceRow] = field(default_factory=lambda: iter(()))
    problems: list[str] = field(default_factory=list)  # "line 4: reason: fix"
    warnings: list[str] = field(default_factory=list)
    records: int = 0  # records read, valid or not
    size: int = 0  # bytes of the file (or the folder's files)
    bytes_read: Callable[[], int] = _nothing_read  # how far the reader has got
    close: Callable[[], None] = _nothing_to_close  # stops a reader that is not done


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
    """Two identical records in one file are two entries: the second gets '~2'.

    A set of the keys of a 1M-row file would hold ~120 MB of strings; this remembers an
    8-byte digest of each key in an open-addressing table kept at most 3/4 full (16 MiB for
    1M keys), sized from the file's length (`expected` keys) so that it seldom grows. Two
    different keys with the same 64-bit digest (odds ~3e-8 in a 1M-row file) would make the
    second one '~2': the same key on every import of that file, so re-importing still adds
    nothing.
    """

    BYTES_PER_RECORD = 100  # a compact Watson frame or a short CSV line

    @classmethod
    def for_file(cls, size: int) -> KeyCounter:
        """A counter sized for the records a file of `size` bytes holds."""
        return cls(size // cls.BYTES_PER_RECORD)

    def __init__(self, expected: int = 0) -> None:
        size = 1024
        while size * 3 < expected * 4:
            size *= 2
        self._slots = array("Q", [0]) * size  # (from bytes() it would be built twice)
        self._room = size * 3 // 4  # keys it takes before it grows
        self._repeats: dict[int, int] = {}  # digest -> times seen, for keys seen twice

    def __call__(self, key: str) -> str:
        digest = _digest(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        mark = int.from_bytes(digest, "little") | 1  # never 0: 0 is an empty slot
        slots = self._slots
        mask = len(slots) - 1
        i = mark & mask
        while found := slots[i]:
            if found == mark:
                n = self._repeats.get(mark, 1) + 1
                self._repeats[mark] = n
                return f"{key}~{n}"
            i = (i + 1) & mask
        slots[i] = mark
        self._room -= 1
        if not self._room:
            self._grow()
        return key

    def _grow(self) -> None:
        old = self._slots
        self._slots = slots = array("Q", [0]) * (2 * len(old))
        self._room = len(slots) * 3 // 4 - len(old) * 3 // 4
        mask = len(slots) - 1
        for mark in old:
            if mark:
                i = mark & mask
                while slots[i]:
                    i = (i + 1) & mask
                slots[i] = mark


_digest = hashlib.blake2b
