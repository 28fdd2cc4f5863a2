"""Timewarrior: `timew export` JSON (`[{"id", "start", "end", "tags", "annotation"}]`, `end`,
`tags`, `annotation` left out when empty; `id` is not stable) or its data folder of
`YYYY-MM.data` files (`inc 20160427T080000Z - 20160427T120000Z # tag1 "tag two" # "note"`).

Timewarrior has no projects: the first tag is the project and the others stay tags, unless
`--project` names one for every interval. The start time is the idempotence key (intervals
never overlap). An open interval (no end: still running) is skipped with a warning; once it
is stopped, importing again picks it up.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from psa_cli.importers.records import FileError, Parsed, ReadOptions, RowError, SourceRow
from psa_cli.importers.watson import json_items

OPEN = "open interval (still running) skipped: stop it ('timew stop') and import again"


def _stamp(text: Any, what: str) -> datetime:
    if not isinstance(text, str):
        raise RowError(f"{what} is missing")
    try:
        return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise RowError(f"{what} '{text}' is not a Timewarrior time (20160427T080000Z)") from None


def _row(start: datetime, end: datetime, tags: list[str], note: str,
         opts: ReadOptions) -> SourceRow:  # fmt: skip
    if end < start:
        raise RowError("it ends before it starts")
    if opts.project:
        project, rest = opts.project, tags
    elif tags:
        project, rest = tags[0], tags[1:]
    else:
        raise RowError("no tag to use as the project: pass --project CODE")
    key = start.strftime("%Y%m%dT%H%M%SZ")
    return SourceRow(where="", key=key, project=project, note=note, start=start, end=end,
                     tags=tuple(rest))  # fmt: skip


def _from_export(path: Path, opts: ReadOptions, parsed: Parsed) -> Iterator[SourceRow]:
    not_an_array = "expected the JSON array 'timew export' prints"
    data = json_items(path, parsed, "'timew export'", not_an_array)
    for item in data:
        parsed.records += 1
        where = f"item {parsed.records}"
        try:
            if not isinstance(item, dict):
                raise RowError("not a 'timew export' interval object")
            start = _stamp(item.get("start"), "start")
            if "end" not in item:
                parsed.warnings.append(f"{where}: {OPEN}")
                continue
            tags = item.get("tags") or []
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                raise RowError("tags are not a list of words")
            note = item.get("annotation") or ""
            row = _row(start, _stamp(item["end"], "end"), tags, str(note), opts)
        except RowError as exc:
            parsed.problems.append(f"{where}: {exc}")
            continue
        row.where = where
        yield row


def _parse_line(line: str, opts: ReadOptions) -> SourceRow | None:
    """One data line; None for an open interval."""
    if not line.startswith("inc "):
        raise RowError("not an interval line ('inc START - END # tags')")
    times, _, rest = line[4:].partition(" #")
    parts = times.split()
    if len(parts) not in (1, 3) or (len(parts) == 3 and parts[1] != "-"):
        raise RowError("expected 'inc START - END'")
    start = _stamp(parts[0], "start")
    if len(parts) == 1:
        return None
    try:
        words = shlex.split(rest)
    except ValueError:
        raise RowError("unbalanced quotes in the tags") from None
    tags, note = words, ""
    if "#" in words:
        cut = words.index("#")
        tags, note = words[:cut], " ".join(words[cut + 1 :])
    return _row(start, _stamp(parts[2], "end"), tags, note, opts)


def _from_data(files: list[Path], opts: ReadOptions, parsed: Parsed) -> Iterator[SourceRow]:
    """A month file at a time (a month of intervals is small)."""
    done = 0
    parsed.bytes_read = lambda: done
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise FileError(f"{path.name} is not UTF-8 text") from None
        done += path.stat().st_size
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            parsed.records += 1
            where = f"{path.name} line {number}"
            try:
                row = _parse_line(line.strip(), opts)
            except RowError as exc:
                parsed.problems.append(f"{where}: {exc}")
                continue
            if row is None:
                parsed.warnings.append(f"{where}: {OPEN}")
                continue
            row.where = where
            yield row


def read(path: Path, opts: ReadOptions) -> Parsed:
    if path.is_dir():
        files = sorted(path.glob("*.data"))
        if not files:
            raise FileError(f"no *.data files in {path}: give Timewarrior's data folder")
    else:
        files = [path]
    parsed = Parsed(size=sum(f.stat().st_size for f in files))
    if path.is_dir() or path.suffix == ".data":
        parsed.rows = _from_data(files, opts, parsed)
    else:
        parsed.rows = _from_export(path, opts, parsed)
    return parsed
