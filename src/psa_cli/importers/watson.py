"""Watson: its `frames` file, a JSON array of `[start, stop, project, id, [tags], updated]`
(UTC epoch seconds), or `watson log --json` output, `[{"id", "start", "stop", "project",
"tags"}]` with ISO times carrying their offset. The frame id is the idempotence key."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from psa_cli.importers.records import (
    FileError,
    KeyCounter,
    Parsed,
    ReadOptions,
    RowError,
    SourceRow,
)


def load_json(path: Path, tool: str) -> Any:
    try:
        with path.open("rb") as fh:
            return json.load(fh)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FileError(f"not a {tool} JSON file ({exc})") from None


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
    data = load_json(path, "Watson frames or 'watson log --json'")
    if not isinstance(data, list):
        raise FileError("expected a JSON array of frames: give Watson's 'frames' file")
    parsed = Parsed(records=len(data))
    keys = KeyCounter()
    rows = parsed.rows
    data.reverse()  # popped from the end: each frame is freed once it is a row
    for n in range(1, parsed.records + 1):
        item = data.pop()
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
        rows.append(row)
    return parsed
