"""What the import makes of each record before it meets the ledger: the record cut at
local midnight into (day, started_at, ended_at, seconds) pieces, its note and tags checked
and normalised, a bad one turned into its message. Pure: it needs the time zone and
nothing of the ledger, so a child process can do it while the importing process writes
(`importers.child`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from psa_cli.domain.dates import split_by_local_day, to_utc
from psa_cli.domain.errors import InvalidInput
from psa_cli.domain.matching import check_text
from psa_cli.importers.records import RowError, SourceRow

DAY = 86_400
Piece = tuple[str, str | None, str | None, int]  # day, started_at, ended_at, seconds
Names = tuple[str, str, str, str, str]  # client, project, task, person, email as written
# where, key, names, billable, pieces, note, tags, problem (None, or why the row is bad)
Prepared = tuple[str, str, Names, bool | None, list[Piece], str, tuple[str, ...], str | None]


def prepared(rows: Iterable[SourceRow], days: LocalDays) -> Iterator[Prepared]:
    """Each record as the import writes it, or with the problem that keeps it out."""
    for row in rows:
        names = (row.client, row.project, row.task, row.person, row.email)
        try:
            pieces = _pieces(row, days)
            note = _note(row.note)
            tags = _tags(row.tags) if row.tags else ()
        except RowError as exc:
            yield (row.where, row.key, names, row.billable, [], "", (), str(exc))
            continue
        yield (row.where, row.key, names, row.billable, pieces, note, tags, None)


class LocalDays:
    """The local day of UTC moments, remembering the last day's bounds: records come in
    time order, so most fall in the same day as the one before (no zone arithmetic)."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.lo = self.hi = datetime.max.replace(tzinfo=UTC)
        self.day = ""

    def of(self, moment: datetime) -> tuple[str, datetime]:
        """(the local day as ISO text, the UTC moment of the next local midnight)."""
        if self.lo <= moment < self.hi:
            return self.day, self.hi
        local = moment.astimezone(self.tz).date()
        lo = to_utc(datetime.combine(local, time()), self.tz)
        hi = to_utc(datetime.combine(local + timedelta(days=1), time()), self.tz)
        if lo <= moment < hi:  # else a zone whose midnight does not exist: no caching
            self.lo, self.hi = lo, hi
        self.day = local.isoformat()
        return self.day, hi


def _pieces(row: SourceRow, days: LocalDays) -> list[tuple[str, str | None, str | None, int]]:
    """(day, started_at, ended_at, seconds) per local day the record touches."""
    start, end = row.start, row.end
    if start is None or end is None:
        if row.day is None:  # pragma: no cover - every reader sets one or the other
            raise RowError("no date")
        if row.seconds > DAY:
            raise RowError("more than 24 hours on one day: split it into several rows")
        return [(row.day.isoformat(), None, None, row.seconds)]
    if end < start:
        raise RowError("it ends before it starts")
    day, midnight = days.of(start)
    if end <= midnight:
        pieces = [(day, iso_utc(start), iso_utc(end), int((end - start).total_seconds()))]
    else:
        pieces = [(d.isoformat(), iso_utc(a), iso_utc(b), int((b - a).total_seconds()))
                  for d, a, b in split_by_local_day(start, end, days.tz)]  # fmt: skip
    if any(piece[3] > DAY for piece in pieces):  # only a 25-hour day (DST ends) can
        raise RowError("more than 24 hours on one day: split it into several rows")
    return pieces  # type: ignore[return-value]


_DAY_TEXT: dict[int, str] = {}  # days since 1970-01-01 -> '2026-11-02T'
_MINUTE_TEXT = [f"{m // 60:02d}:{m % 60:02d}:" for m in range(1440)]
_SECOND_TEXT = [f"{s:02d}Z" for s in range(60)]
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_SECOND = timedelta(seconds=1)


def iso_utc(moment: datetime) -> str:
    """An aware moment -> 2026-11-02T08:00:00Z, in UTC, whole seconds (any fraction cut).

    From its Unix time and three tables (each day's text is made once): ~4x faster than
    `isoformat()` of an aware datetime, which formats the offset it then has to cut off; it
    is called twice per record (docs/performance.md, "Imports")."""
    stamp = (moment - _EPOCH) // _ONE_SECOND  # exact: a float timestamp rounds
    day, second = divmod(stamp, DAY)
    text = _DAY_TEXT.get(day)
    if text is None:
        text = _DAY_TEXT[day] = date.fromordinal(_EPOCH_ORDINAL + day).isoformat() + "T"
    return text + _MINUTE_TEXT[second // 60] + _SECOND_TEXT[second % 60]


def _note(text: str) -> str:
    if len(text) <= 1000 and text.isprintable():
        return text.strip()
    try:
        return check_text(text.replace("\r\n", "\n"), "note", 1000)
    except InvalidInput as exc:
        raise RowError(exc.message) from None


def _tags(raw: tuple[str, ...]) -> tuple[str, ...]:
    """Tags become one word each ('tag two' -> 'tag-two'), at most 40 characters."""
    out: dict[str, str] = {}
    for tag in raw:
        word = "-".join(tag.strip().lstrip("+").split())
        if not word:
            continue
        if len(word) > 40 or not word.isprintable():
            raise RowError(f"tag '{tag}' is not one word of at most 40 characters: shorten it")
        out.setdefault(word.lower(), word)
    return tuple(out.values())
