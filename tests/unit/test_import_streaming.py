"""The streaming parts of imports: the JSON array read item by item, the key counter that
remembers digests instead of keys, and that a reader holds a chunk of the file, not all."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psa_cli.importers import json_pull, watson
from psa_cli.importers.records import FileError, KeyCounter, ReadOptions
from psa_cli.services import importing
from psa_cli.services.ledger import Ledger
from psa_cli.store import db
from psa_cli.store import imports as store
from tests.conftest import Psa

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


# tiny chunks cut items, numbers and characters anywhere; a big one holds the whole file
CHUNKS = st.integers(1, 64) | st.just(1 << 20)


def _items(data: bytes, chunk: int) -> list[object]:
    old = json_pull.CHUNK
    json_pull.CHUNK = chunk
    try:
        return list(json_pull.items(json_pull.Pull(io.BytesIO(data), "test"), "not an array"))
    finally:
        json_pull.CHUNK = old


@settings(max_examples=300, deadline=None)
@given(st.lists(json_values, max_size=12), st.sampled_from([None, 1, 2]), CHUNKS,
       st.booleans())  # fmt: skip
def test_items_are_what_json_loads_reads(
    value: list[object], indent: int | None, chunk: int, bom: bool
) -> None:
    """Any array, compact or indented, cut into chunks of any size (so items, numbers and
    multi-byte characters straddle chunk ends), gives json.loads' items."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    assert _items(data, chunk) == json.loads(text)


def _damaged(text: str, data: st.DataObject, marks: list[str]) -> tuple[str, object]:
    """`text` with one character replaced by one of `marks` (or dropped), and what
    json.loads makes of it: the value, or the JSONDecodeError."""
    cut = data.draw(st.integers(0, len(text) - 1))
    damaged = text[:cut] + data.draw(st.sampled_from(["", *marks])) + text[cut + 1 :]
    try:
        return damaged, json.loads(damaged)
    except json.JSONDecodeError as exc:
        return damaged, exc


def _json_message(exc: json.JSONDecodeError) -> str:
    return f"not a test JSON file ({exc.msg}: line {exc.lineno} column {exc.colno})"


@settings(max_examples=300, deadline=None)
@given(st.lists(json_values, min_size=1, max_size=6), CHUNKS, st.data())
def test_a_damaged_array_is_refused_like_json_refuses_it(
    value: list[object], chunk: int, data: st.DataObject
) -> None:
    damaged, expected = _damaged(json.dumps(value, indent=1), data, ["}", "x", ",]", "]]"])
    if isinstance(expected, json.JSONDecodeError):
        with pytest.raises(FileError) as caught:
            _items(damaged.encode(), chunk)
        assert str(caught.value) == _json_message(expected)
    elif isinstance(expected, list):
        assert _items(damaged.encode(), chunk) == expected
    else:
        with pytest.raises(FileError, match="^not an array$"):
            _items(damaged.encode(), chunk)


def _pulled(pull: json_pull.Pull) -> object:
    """A document read the way the whole-ledger restore reads one: objects member by
    member, arrays item by item, the rest as whole values."""
    if pull.peek() == "{":
        return {key: _pulled(pull) for key in pull.members()}
    if pull.peek() == "[":
        return list(pull.array())
    return pull.value()


def _pull_document(data: bytes, chunk: int) -> object:
    old = json_pull.CHUNK
    json_pull.CHUNK = chunk
    try:
        pull = json_pull.Pull(io.BytesIO(data), "test")
        value = _pulled(pull)
        pull.end()
        return value
    finally:
        json_pull.CHUNK = old


objects = st.dictionaries(st.text(max_size=5), json_values | st.dictionaries(
    st.text(max_size=3), json_values, max_size=3), max_size=5)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(objects, st.sampled_from([None, 2]), st.integers(1, 64), st.data())
def test_objects_member_by_member_read_like_json_loads(
    value: dict[str, object], indent: int | None, chunk: int, data: st.DataObject
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    assert _pull_document(text.encode(), chunk) == value
    damaged, expected = _damaged(text, data, ["}", ":", ",", " 1"])
    if isinstance(expected, json.JSONDecodeError):
        with pytest.raises(FileError) as caught:
            _pull_document(damaged.encode(), chunk)
        assert str(caught.value) == _json_message(expected)
    else:
        assert _pull_document(damaged.encode(), chunk) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a test JSON file (Expecting value: line 1 column 1)"),
        ('{"a": 1}', "not an array"),
        ("User,Email\nme,x\n", "not a test JSON file (Expecting value: line 1 column 1)"),
        ("[1, 2", "not a test JSON file (Expecting ',' delimiter: line 1 column 6)"),
        (
            "[\n [1, 2],\n [3 4]\n]",
            "not a test JSON file (Expecting ',' delimiter: line 3 column 5)",
        ),
        ("[1] 2", "not a test JSON file (Extra data: line 1 column 5)"),
    ],
)
def test_errors_name_the_line_and_column(text: str, message: str) -> None:
    with pytest.raises(FileError) as caught:
        _items(text.encode(), 3)
    assert str(caught.value) == message


def test_not_utf8_is_refused() -> None:
    with pytest.raises(FileError, match="not UTF-8"):
        _items(b'["caf\xe9"]', 1 << 20)


@given(st.lists(st.sampled_from(["a", "b", "c", "é", "a~2", ""]) | st.text(), max_size=60))
def test_key_counter_numbers_repeats_like_a_dict_would(keys: list[str]) -> None:
    """The n-th time a key comes it is 'key~n', exactly as counting in a dict does."""
    seen: dict[str, int] = {}
    expected = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        expected.append(key if seen[key] == 1 else f"{key}~{seen[key]}")
    counter = KeyCounter()
    assert [counter(k) for k in keys] == expected


def test_key_counter_grows_and_keeps_every_key() -> None:
    counter = KeyCounter(expected=10)  # the smallest table: it has to grow many times
    keys = [f"frame-{n}" for n in range(20_000)]
    assert [counter(k) for k in keys] == keys
    assert [counter(k) for k in keys[::997]] == [f"{k}~2" for k in keys[::997]]
    assert len(counter._slots) == 32_768  # 8 bytes a key, at most 3/4 full


def test_reading_a_watson_file_holds_a_chunk_not_the_file(tmp_path: Path) -> None:
    """60k frames (5.7 MB of JSON): json.load alone would peak at ~40 MB of lists; reading
    them one by one (the rows dropped as they come, like the importer does) stays near the
    1 MiB chunk, the key counter's table and one row."""
    frames = [[1_790_000_000 + 60 * n, 1_790_000_030 + 60 * n, "acme-web", f"{n:032x}",
               ["a", "b"], 0] for n in range(60_000)]  # fmt: skip
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames, indent=1))
    del frames
    tracemalloc.start()
    try:
        parsed = watson.read(path, ReadOptions(tz=None))  # type: ignore[arg-type]
        count = sum(1 for _ in parsed.rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == parsed.records == 60_000
    assert parsed.bytes_read() == parsed.size == path.stat().st_size
    assert peak < 10 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_imported_keys_probe_the_index_per_key(tmp_path: Path) -> None:
    """Keys first, then the (source, source_key) index: the other way round SQLite scans
    every entry of the source against every key (a 1M re-import took 20+ minutes)."""
    conn = db.connect(tmp_path / "ledger.db")
    sql = store.IMPORTED_KEYS_SQL
    plan = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", ("[]", "watson", 0))]
    assert plan[0].startswith("SCAN k")
    assert plan[1].startswith("SEARCH e USING COVERING INDEX")
    assert "source=? AND source_key=?" in plan[1]
    conn.close()


def test_a_big_file_reports_its_progress_in_bytes_then_indexes(acme: Psa, tmp_path: Path) -> None:
    """What the CLI's bar draws: bytes read of the file's size, rising to all of it, then
    each index built again; a file under 1 MiB reports nothing."""
    start = 1_790_000_000
    frames = [[start + 3600 * n, start + 3600 * n + 1800, "acme-web", f"{n:032x}", [], 0]
              for n in range(25_000)]  # fmt: skip
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames, indent=1))
    calls: list[tuple[str, int, int]] = []
    ledger = Ledger.open()
    try:
        opts = importing.ImportOptions(source="watson", path=str(path))
        result = importing.import_file(ledger, opts, lambda *call: calls.append(call))
        small = tmp_path / "small"
        small.write_text(json.dumps([[start, start + 60, "acme-web", "s1", [], 0]]))
        quiet: list[object] = []
        importing.import_file(ledger, importing.ImportOptions(source="watson", path=str(small)),
                              lambda *call: quiet.append(call))  # fmt: skip
    finally:
        ledger.close()
    assert result.imported == 25_000 and quiet == []
    reading = [done for phase, done, total in calls if phase == "reading"]
    size = path.stat().st_size
    assert {total for phase, _, total in calls if phase == "reading"} == {size}
    assert len(reading) == 3 and reading == sorted(reading) and reading[-1] == size
    indexing = [(done, total) for phase, done, total in calls if phase == "indexing"]
    assert len(indexing) == indexing[0][1] >= 10 and [d for d, _ in indexing] == list(
        range(len(indexing)))  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(count=st.integers(0, 4_500), width=st.sampled_from([2, 14, 40]))
def test_multi_row_inserts_write_every_row_in_order(count: int, width: int) -> None:
    """insert_rows puts hundreds of rows in one statement (fewer when rows are wide, under
    SQLite's 32,766 parameters) and the rest one by one: every row lands, in order."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    cols = [f"c{i}" for i in range(width)]
    conn.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {', '.join(cols)})")
    rows = [tuple(f"{n}" if i % 2 else n * i for i in range(width)) for n in range(count)]
    store.insert_rows(conn, f"INSERT INTO t ({', '.join(cols)})", width, iter(rows))
    got = conn.execute(f"SELECT {', '.join(cols)} FROM t ORDER BY id").fetchall()
    assert got == rows
    per, many, _ = store._multi_insert(f"INSERT INTO t ({', '.join(cols)})", width)
    assert per * width <= store.MAX_VARIABLES and many.count("?") == per * width
    conn.close()
