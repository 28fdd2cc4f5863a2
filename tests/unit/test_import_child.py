"""A big file read by a child process (importers.child): the same prepared rows, counts,
problems, warnings, errors and imported ledger as reading it in the importing process."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psa_cli.importers import child, timewarrior, toggl, watson
from psa_cli.importers.prepare import LocalDays, Prepared, iso_utc, prepared
from psa_cli.importers.records import FileError, Parsed, ReadOptions
from tests.conftest import Psa

NO_FORK = pytest.mark.skipif(not child.can_fork(), reason="the child reader needs fork")
OPTS = ReadOptions(tz=UTC)
START = 1_790_000_000


def _frames(path: Path, count: int, *, bad_every: int = 0) -> Path:
    frames: list[object] = []
    for n in range(count):
        frame: object = [START + 3600 * n, START + 3600 * n + 1800, f"p{n % 3}", f"{n:032x}",
                         ["review"] if n % 4 == 0 else [], 0]  # fmt: skip
        if bad_every and n % bad_every == 0:
            frame = [START + 3600 * n, START + 3600 * n - 60, "p0", f"bad{n}", [], 0]  # backwards
        frames.append(frame)
    path.write_text(json.dumps(frames))
    return path


def _everything(
    parsed: Parsed, *, offload: bool
) -> tuple[list[Prepared], int, list[str], list[str]]:
    source = child.offload(parsed, UTC, at_least=0) if offload else None
    if source is None:
        source = prepared(parsed.rows, LocalDays(UTC))
    else:
        assert parsed.close is not Parsed().close  # it is the child's
    rows = list(source)
    assert parsed.bytes_read() == parsed.size
    return rows, parsed.records, parsed.problems, parsed.warnings


@NO_FORK
def test_rows_and_problems_are_those_of_the_reader_itself(tmp_path: Path) -> None:
    path = _frames(tmp_path / "frames", 7_001, bad_every=500)  # chunks of 2,000 and the rest
    here = _everything(watson.read(path, OPTS), offload=False)
    there = _everything(watson.read(path, OPTS), offload=True)
    assert there == here and len(here[0]) == 7_001 - 15 and len(here[2]) == 15


@NO_FORK
def test_warnings_come_across_too(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    lines = [f"inc 20261102T{h:02d}0000Z - 20261102T{h:02d}3000Z # acme-web" for h in range(10)]
    (folder / "2026-11.data").write_text("\n".join([*lines, "inc 20261102T200000Z # x"]))
    here = _everything(timewarrior.read(folder, OPTS), offload=False)
    there = _everything(timewarrior.read(folder, OPTS), offload=True)
    assert there == here and here[3], "the open interval is a warning"


@NO_FORK
def test_a_file_that_breaks_off_fails_in_the_same_place(tmp_path: Path) -> None:
    path = _frames(tmp_path / "frames", 5_000)
    path.write_bytes(path.read_bytes()[:-300])
    with pytest.raises(FileError) as here:
        list(watson.read(path, OPTS).rows)
    parsed = watson.read(path, OPTS)
    got: list[object] = []
    rows = child.offload(parsed, UTC, at_least=0)
    assert rows is not None
    with pytest.raises(FileError) as there:
        got.extend(rows)
    assert str(there.value) == str(here.value)
    assert len(got) == parsed.records > 4_000


@NO_FORK
def test_a_csv_header_is_checked_before_any_child(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Not,A,Toggl,Header\n1,2,3,4\n")
    with pytest.raises(FileError):
        child.offload(toggl.read(path, OPTS), UTC, at_least=0)


@NO_FORK
def test_closing_early_stops_the_child(tmp_path: Path) -> None:
    path = _frames(tmp_path / "frames", 20_000)
    parsed = watson.read(path, OPTS)
    rows = child.offload(parsed, UTC, at_least=0)
    assert rows is not None
    first = next(rows)
    assert first[1] == f"{0:032x}" and first[4][0][3] == 1800
    parsed.close()
    process = parsed.close.__self__.process  # type: ignore[attr-defined]
    assert not process.is_alive() and process.exitcode is not None


def test_a_small_file_stays_in_this_process(tmp_path: Path) -> None:
    path = _frames(tmp_path / "frames", 10)
    parsed = watson.read(path, OPTS)
    assert child.offload(parsed, UTC) is None and parsed.close is Parsed().close


@NO_FORK
def test_the_imported_ledger_is_the_same(acme: Psa, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = _frames(tmp_path / "frames", 6_000, bad_every=1_000)
    args = ["import", "watson", str(path), "--create-missing", "--client", "acme",
            "--skip-invalid", "-f", "json"]  # fmt: skip
    here = json.loads(acme(*args, "--dry-run").stdout)
    monkeypatch.setattr(child, "CHILD_FROM", 0)
    there = json.loads(acme(*args, "--dry-run").stdout)
    assert there == here and here["imported"] == 5_994 and len(here["skipped_invalid"]) == 6
    acme(*args)
    listed = json.loads(
        acme("entries", "--from", "2026-01-01", "--to", "2028-12-31", "-f", "json").stdout
    )
    assert len(listed) == here["entries"]
    again = json.loads(acme(*args).stdout)
    assert again["already_imported"] == 5_994 and again["imported"] == 0


@settings(max_examples=500, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
        ),
    )  # fmt: skip
)
def test_iso_utc_is_isoformat_in_utc_to_the_second(moment: datetime) -> None:
    assert iso_utc(moment) == moment.astimezone(UTC).isoformat()[:19] + "Z"
