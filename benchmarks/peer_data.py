"""Write a generated psa ledger's entries as a Watson frames file and a Timewarrior database.

    python benchmarks/peer_data.py LEDGER --watson DIR --timew DIR --end 2026-11-26T15:00:00Z

Both tools track one person's time; the ledger holds many people's. Every entry of every
person becomes one frame / interval, so the three tools hold the same entries and the same
seconds per project and per day (the peers simply see overlapping intervals, which neither
of them refuses to load or report; `timew summary` and `watson report` add them up).

- **Watson** (`WATSON_DIR`): `frames`, a JSON array of `[start, stop, project, id, tags,
  updated_at]` with UTC epoch seconds, sorted by start and written as Watson writes it
  (`json.dumps(indent=1, ensure_ascii=False)`); `state` is `{}` (no running frame). The
  project is the psa project code; the tags are the client code, the entry's psa tags and
  its note (Watson 2.1 has no notes); `id` is the entry's uid; `updated_at` its stop.
- **Timewarrior** (`TIMEWARRIORDB`): `timewarrior.cfg`, and `data/YYYY-MM.data`, one line per
  interval, `inc 20261102T080000Z - 20261102T090000Z # acme acme-web "fixed login flow"`,
  by month of the start, sorted; tags (project code, client code, psa tags, note) sorted and
  quoted when they hold a space, as Timewarrior serialises its tag set; `data/tags.data` is
  the tag-count JSON Timewarrior keeps (it rebuilds a missing one on first use, noisily).

Entries logged as durations (no clock times in psa) get times the way a person would have
tracked them: right after the person's previous entry that day (09:00 for the first), moved
earlier if they would end after the day's last minute (or after --end on the last day). The
day, project and seconds are always psa's, so totals agree exactly.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

FIRST_HOUR = 9 * 3600  # where an untimed first entry of the day is placed
TIMEW_CFG = """\
# Written by benchmarks/peer_data.py: a Timewarrior database holding the same entries as
# the psa ledger it was made from. Default settings; times are UTC in the data files.
"""


@dataclass(frozen=True, slots=True)
class Interval:
    """One entry as the peers store it: UTC epoch seconds, project code, tags."""

    start: int
    stop: int
    project: str
    client: str
    uid: str
    tags: tuple[str, ...]  # psa tags, sorted
    note: str


def _epoch_day(day: str, cache: dict[str, int]) -> int:
    if day not in cache:
        cache[day] = (date.fromisoformat(day).toordinal() - date(1970, 1, 1).toordinal()) * 86400
    return cache[day]


def _clock(stamp: str) -> int:
    """Seconds into the day of a psa UTC stamp `YYYY-MM-DDTHH:MM:SSZ`."""
    return int(stamp[11:13]) * 3600 + int(stamp[14:16]) * 60 + int(stamp[17:19])


def intervals(ledger: Path, end: datetime) -> Iterator[Interval]:
    """Every entry of the ledger, in id order (day, then person, then the person's day)."""
    conn = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    try:
        tags: dict[int, list[str]] = {}
        for entry_id, tag in conn.execute("SELECT entry_id, tag FROM entry_tags ORDER BY 1, 2"):
            tags.setdefault(entry_id, []).append(tag)
        end_day = end.astimezone(UTC).date().isoformat()
        end_limit = _clock(end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")) - 60
        days: dict[str, int] = {}
        key: tuple[int, str] | None = None
        prev_end: int | None = None
        rows = conn.execute(
            "SELECT e.id, e.uid, e.person_id, e.day, e.started_at, e.seconds, p.code, c.code, "
            "coalesce(e.note, '') FROM time_entries e JOIN projects p ON p.id = e.project_id "
            "JOIN clients c ON c.id = p.client_id WHERE e.ended_at IS NOT NULL "
            "OR e.started_at IS NULL ORDER BY e.id"
        )
        for entry_id, uid, person, day, started, seconds, project, client, note in rows:
            if key != (person, day):
                key, prev_end = (person, day), None
            if started is not None:
                start = _clock(started)
            else:
                limit = end_limit if day == end_day else 86400 - 60
                start = FIRST_HOUR if prev_end is None else prev_end
                if start + seconds > limit:
                    start = max(0, limit - seconds)
            prev_end = start + seconds
            base = _epoch_day(day, days)
            yield Interval(
                base + start,
                base + start + seconds,
                project,
                client,
                uid,
                tuple(tags.get(entry_id, ())),
                note,
            )
    finally:
        conn.close()


def watson_tags(iv: Interval) -> list[str]:
    return [iv.client, *iv.tags, *([iv.note] if iv.note else [])]


def timew_tags(iv: Interval) -> list[str]:
    return sorted({iv.project, iv.client, *iv.tags, *([iv.note] if iv.note else [])})


def _quote(tag: str) -> str:
    if tag and not any(c in tag for c in ' "#\t'):
        return tag
    return '"' + tag.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _stamp(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y%m%dT%H%M%SZ")


def write_watson(items: list[Interval], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    frames = [[iv.start, iv.stop, iv.project, iv.uid, watson_tags(iv), iv.stop] for iv in items]
    (folder / "frames").write_text(json.dumps(frames, indent=1, ensure_ascii=False))
    (folder / "state").write_text("{}")


def write_timew(items: list[Interval], folder: Path) -> None:
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    (folder / "timewarrior.cfg").write_text(TIMEW_CFG)
    months: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for iv in items:
        tags = timew_tags(iv)
        for tag in tags:
            counts[tag] = counts.get(tag, 0) + 1
        start = _stamp(iv.start)
        line = f"inc {start} - {_stamp(iv.stop)} # {' '.join(_quote(t) for t in tags)}\n"
        months.setdefault(f"{start[:4]}-{start[4:6]}", []).append(line)
    for month, lines in months.items():
        (data / f"{month}.data").write_text("".join(lines))
    body = ",\n".join(
        f'  {json.dumps(tag, ensure_ascii=False)}:{{"count":{n}}}'
        for tag, n in sorted(counts.items())
    )
    (data / "tags.data").write_text("{\n" + body + "\n}")


def export(ledger: Path, end: datetime, watson: Path | None, timew: Path | None) -> int:
    """Write the ledger's entries for the peers asked for; return how many."""
    items = sorted(intervals(ledger, end), key=lambda iv: (iv.start, iv.stop, iv.uid))
    if watson is not None:
        write_watson(items, watson)
    if timew is not None:
        write_timew(items, timew)
    return len(items)


def project_seconds(items: list[Interval]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for iv in items:
        totals[iv.project] = totals.get(iv.project, 0) + iv.stop - iv.start
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--end", required=True, help="the --end the ledger was generated with")
    parser.add_argument("--watson", type=Path, help="WATSON_DIR to write")
    parser.add_argument("--timew", type=Path, help="TIMEWARRIORDB to write")
    args = parser.parse_args(argv)
    end = datetime.fromisoformat(args.end.replace("Z", "+00:00"))
    count = export(args.ledger, end, args.watson, args.timew)
    print(f"wrote {count:,} intervals")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
