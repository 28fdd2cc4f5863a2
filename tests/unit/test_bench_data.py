"""The benchmark data sets: one seeded generator, three tools, the same entries.

At 200 entries, `benchmarks/datasets.py` makes a psa ledger, a Watson frames file and a
Timewarrior data folder; the three hold the same number of entries, the same seconds in all
and per project, and making them again in another folder gives byte-identical files.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZE = 200
LINE = re.compile(r"^inc (\d{8}T\d{6}Z) - (\d{8}T\d{6}Z) # (.*)$")


@pytest.fixture(scope="module")
def datasets() -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import datasets as module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


def _epoch(stamp: str) -> int:
    return int(datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp())


def _psa(ledger: Path) -> tuple[int, int, dict[str, int]]:
    conn = sqlite3.connect(ledger)
    try:
        count, total = conn.execute("SELECT count(*), sum(seconds) FROM time_entries").fetchone()
        per = dict(
            conn.execute(
                "SELECT p.code, sum(e.seconds) FROM time_entries e "
                "JOIN projects p ON p.id = e.project_id GROUP BY p.code"
            ).fetchall()
        )
    finally:
        conn.close()
    return count, total, per


def _watson(folder: Path) -> tuple[int, int, dict[str, int]]:
    frames = json.loads((folder / "frames").read_text())
    per: Counter[str] = Counter()
    for start, stop, project, uid, tags, updated in frames:
        assert stop > start and updated == stop and len(uid) == 32 and isinstance(tags, list)
        per[project] += stop - start
    assert json.loads((folder / "state").read_text()) == {}
    return len(frames), sum(per.values()), dict(per)


def _timew(folder: Path, projects: set[str]) -> tuple[int, int, dict[str, int]]:
    per: Counter[str] = Counter()
    count = 0
    tag_counts: Counter[str] = Counter()
    for data in sorted((folder / "data").glob("*.data")):
        if data.name == "tags.data":
            continue
        for line in data.read_text().splitlines():
            match = LINE.match(line)
            assert match, line
            start, stop = _epoch(match[1]), _epoch(match[2])
            assert data.name == f"{match[1][:4]}-{match[1][4:6]}.data"
            tags = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', match[3])
            tag_counts.update(t.strip('"') for t in tags)
            (project,) = [t for t in tags if t in projects]
            per[project] += stop - start
            count += 1
    recorded = json.loads((folder / "data" / "tags.data").read_text())
    assert {tag: v["count"] for tag, v in recorded.items()} == dict(tag_counts)
    return count, sum(per.values()), dict(per)


def _files(*folders: Path) -> dict[str, bytes]:
    return {
        f"{folder.name}/{path.relative_to(folder)}": path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _rows(ledger: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(ledger)
    try:
        return conn.execute(
            "SELECT id, uid, person_id, project_id, task_id, day, started_at, ended_at, "
            "seconds, note FROM time_entries ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def test_three_formats_hold_the_same_entries(datasets: ModuleType, tmp_path: Path) -> None:
    spec = datasets.Spec(SIZE)
    watson, timew = datasets.peers(spec, tmp_path)
    ledger = datasets.ledger(spec, tmp_path)
    count, total, per = _psa(ledger)
    assert count == SIZE and total > SIZE * 15 * 60  # every entry lasts 15 min or more
    assert _watson(watson) == (count, total, per)
    assert _timew(timew, set(per)) == (count, total, per)
    (wanted,) = sqlite3.connect(ledger).execute("SELECT count(*) FROM projects").fetchone()
    assert len(per) <= wanted


def test_generator_is_deterministic_and_cached(datasets: ModuleType, tmp_path: Path) -> None:
    spec = datasets.Spec(SIZE)
    first, second = tmp_path / "a", tmp_path / "b"
    peers_a = datasets.peers(spec, first)
    peers_b = datasets.peers(spec, second)
    assert _rows(datasets.ledger(spec, first)) == _rows(datasets.ledger(spec, second))
    files_a = _files(*peers_a)
    assert files_a and files_a == _files(*peers_b)
    stamp = first / f"psa-{spec.name}.db"
    before = stamp.stat().st_mtime_ns
    assert datasets.ledger(spec, first) == stamp  # current: reused, not made again
    assert stamp.stat().st_mtime_ns == before
    other = datasets.Spec(SIZE, seed=7)
    assert _rows(datasets.ledger(other, first)) != _rows(stamp)
