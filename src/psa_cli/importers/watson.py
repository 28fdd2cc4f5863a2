"""Watson: its `frames` file, a JSON array of `[start, stop, project, id, [tags], updated]`
(UTC epoch seconds), or `watson log --json` output, `[{"id", "start", "stop", "project",
"tags"}]` with ISO times carrying their offset. The frame id is the idempotence key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from psa_cli.importers import json_pull
from psa_cli.importers.records import KeyCounter, Parsed, ReadOptions, RowError, SourceRow


def json_items(path: Path, parsed: Parsed, tool: str, not_an_array: str) -> Iterator[object]:
    """The items of the JSON array in `path`, read as they are used; `parsed` learns how
    far the reading has got."""
    with path.open("rb") as fh:
        pull = json_pull.Pull(fh, tool)
        # what was parsed, not what was buffered: the first batch's share of the file
        # decides whether a big import rebuilds the indexes
        parsed.bytes_read = lambda: parsed.size if fh.closed else pull.position()
        yield from json_pull.items(pull, not_an_array)


def _epoch(value: Any, what: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RowError(f"{what} '{value}' is not a Unix time")
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise RowError(f"{what} '{value}' is out of range") from None


def _iso(value: Any, what: str) -> datetime:
    if not isinstance(value, str):
        raise RowError(f"{what} is missing")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RowError(f"{what} '{value}' is not an ISO time") from None
    if moment.tzinfo is None:
        raise RowError(f"{what} '{value}' has no UTC offset")
    return moment.astimezone(UTC).replace(microsecond=0)


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise RowError("tags are not a list of words")
    return tuple(value)


def _frame(item: Any) -> SourceRow:
    if not isinstance(item, list) or len(item) < 4:
        raise RowError("not a Watson frame [start, stop, project, id, tags, updated]")
    start, end = _epoch(item[0], "start"), _epoch(item[1], "stop")
    project, frame_id = item[2], item[3]
    if not isinstance(project, str) or not isinstance(frame_id, str) or not frame_id:
        raise RowError("project and id must be text")
    tags = _tags(item[4]) if len(item) > 4 else ()
    return SourceRow(where="", key=frame_id, project=project, start=start, end=end, tags=tags)


def _logged(item: Any) -> SourceRow:
    if not isinstance(item, dict):
        raise RowError("not a 'watson log --json' object")
    frame_id, project = item.get("id"), item.get("project")
    if not isinstance(frame_id, str) or not frame_id or not isinstance(project, str):
        raise RowError("'id' and 'project' must be text")
    note = item.get("note") or ""
    return SourceRow(
        where="", key=frame_id, project=project, start=_iso(item.get("start"), "start"),
        end=_iso(item.get("stop"), "stop"), tags=_tags(item.get("tags")),
        note=note if isinstance(note, str) else "",
    )  # fmt: skip


def read(path: Path, opts: ReadOptions) -> Parsed:
    parsed = Parsed(size=path.stat().st_size)
    parsed.rows = _rows(path, parsed)
    return parsed


def _rows(path: Path, parsed: Parsed) -> Iterator[SourceRow]:
    data = json_items(path, parsed, "Watson frames or 'watson log --json'",
                      "expected a JSON array of frames: give Watson's 'frames' file")  # fmt: skip
    keys = KeyCounter.for_file(parsed.size)
    for item in data:
        parsed.records += 1
        n = parsed.records
        try:
            row = _frame(item) if isinstance(item, list) else _logged(item)
        except RowError as exc:
            parsed.problems.append(f"item {n}: {exc}")
            continue
        if row.end is not None and row.start is not None and row.end < row.start:
            parsed.problems.append(f"item {n}: it stops before it starts: fix the frame")
            continue
        row.where = f"item {n}"
        row.key = keys(row.key)
        yield row
