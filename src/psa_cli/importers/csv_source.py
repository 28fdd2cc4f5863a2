"""CSV exports: columns found by header name (case-insensitive, any order, a BOM, a few
localised spellings), one `SourceRow` per data line, problems named by line number."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from psa_cli.importers.fields import (
    local_moment,
    parse_bool,
    parse_hours,
    parse_moment_cell,
    split_tags,
)
from psa_cli.importers.records import (
    FileError,
    KeyCounter,
    Parsed,
    ReadOptions,
    RowError,
    SourceRow,
    content_key,
)

_CURRENCY_SUFFIX = re.compile(r"\s*\([a-z]{3}\)$")
csv.field_size_limit(1 << 20)


def normalise(header: str) -> str:
    """'\\ufeffStart Date ' -> 'start date'; 'Amount (USD)' -> 'amount'."""
    text = " ".join(header.replace("\ufeff", "").strip().lower().split())
    return _CURRENCY_SUFFIX.sub("", text)


class Header:
    """Where each wanted column sits in this file."""

    def __init__(
        self, cells: list[str], aliases: dict[str, tuple[str, ...]], required: tuple[str, ...],
        tool: str,
    ) -> None:  # fmt: skip
        found = {normalise(c): i for i, c in enumerate(cells)}
        self.index: dict[str, int] = {}
        for name, spellings in aliases.items():
            for spelling in (name, *spellings):
                if spelling in found:
                    self.index[name] = found[spelling]
                    break
        missing = [r for r in required if r not in self.index]
        if missing:
            shown = ", ".join(c.strip().replace("\ufeff", "") for c in cells[:8])
            raise FileError(
                f"no '{missing[0]}' column in the header (found: {shown}): is this a {tool} "
                "detailed CSV export?"
            )

    def has(self, name: str) -> bool:
        return name in self.index

    def get(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""


RowBuilder = Callable[[Header, list[str], ReadOptions], SourceRow]


def read_csv(
    path: Path,
    opts: ReadOptions,
    *,
    aliases: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    tool: str,
    build: RowBuilder,
) -> Parsed:
    """The header is read now (a file that is not this tool's export is refused before
    anything else happens), the rows as they are used."""
    raw = path.open("rb")
    fh = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    try:
        lines = _records(fh)
        first = next(lines, None)
        if first is None:
            raise FileError(f"the file is empty: expected a {tool} CSV export with a header")
        header = Header(first[1], aliases, required, tool)
    except BaseException:
        fh.close()
        raise
    size = path.stat().st_size
    parsed = Parsed(size=size, bytes_read=lambda: size if raw.closed else raw.tell())
    parsed.rows = _rows(fh, lines, header, opts, build, parsed)
    return parsed


def _rows(
    fh: TextIO, lines: Iterator[tuple[int, list[str]]], header: Header, opts: ReadOptions,
    build: RowBuilder, parsed: Parsed,
) -> Iterator[SourceRow]:  # fmt: skip
    keys = KeyCounter.for_file(parsed.size)
    with fh:
        for line, cells in lines:
            if not any(c.strip() for c in cells):
                continue
            parsed.records += 1
            try:
                row = build(header, cells, opts)
            except RowError as exc:
                parsed.problems.append(f"line {line}: {exc}")
                continue
            row.where = f"line {line}"
            row.key = keys(row.key)
            yield row


def _records(fh: TextIO) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(fh)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileError(f"line {reader.line_num}: not valid CSV ({exc})") from None
    except UnicodeDecodeError:
        raise FileError("the file is not UTF-8 text: export it again as UTF-8 CSV") from None


def clocked(
    h: Header, cells: list[str], opts: ReadOptions, starts: tuple[str, str],
    ends: tuple[str, str], durations: tuple[str, ...],
) -> tuple[datetime, datetime]:  # fmt: skip
    """Start and end of a record from date + time columns (or one column holding both);
    an end before the start on the same date is taken to be the next day."""
    start = _moment(h, cells, opts, *starts)
    if start is None:
        raise RowError(f"no start: the '{starts[1]}' column is empty")
    end = _moment(h, cells, opts, *ends, fallback_day=starts[0])
    if end is None:
        for name in durations:
            text = h.get(cells, name)
            if text:
                return start, start + timedelta(seconds=parse_hours(text))
        raise RowError(f"no end: the '{ends[1]}' column is empty")
    if end < start and not h.get(cells, ends[0]):
        end += timedelta(days=1)
    if end < start:
        raise RowError("it ends before it starts: check the end date and time")
    return start, end


def tracker_row(
    h: Header, cells: list[str], opts: ReadOptions, durations: tuple[str, ...]
) -> SourceRow:
    """A Toggl or Clockify detailed-export row (same columns once aliases are applied; only
    the duration columns differ): clocked start/end, names, note, billable, tags."""
    start, end = clocked(h, cells, opts, ("start date", "start time"), ("end date", "end time"),
                         durations)  # fmt: skip
    person, email = h.get(cells, "user"), h.get(cells, "email")
    project, task, note = h.get(cells, "project"), h.get(cells, "task"), h.get(cells, "description")
    return SourceRow(
        where="",
        key=content_key(email or person, start.isoformat(), end.isoformat(), project, task, note),
        project=project,
        client=h.get(cells, "client"),
        task=task,
        person=person,
        email=email,
        note=note,
        start=start,
        end=end,
        billable=parse_bool(h.get(cells, "billable")),
        tags=split_tags(h.get(cells, "tags")),
    )


def _moment(h: Header, cells: list[str], opts: ReadOptions, day_col: str, time_col: str,
            fallback_day: str = "") -> datetime | None:  # fmt: skip
    time_text = h.get(cells, time_col)
    if not time_text:
        return None
    day_text = h.get(cells, day_col) or h.get(cells, fallback_day)
    if not day_text or (len(time_text) > 8 and any(c in time_text for c in "-/.")):
        return parse_moment_cell(time_text, opts.tz, day_first=opts.day_first)
    return local_moment(day_text, time_text, opts.tz, day_first=opts.day_first)
