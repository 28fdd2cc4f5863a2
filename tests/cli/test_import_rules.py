"""Import rules: once only, all or nothing, --skip-invalid, --dry-run, name matching."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Psa

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
HEADER = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n"  # noqa: E501


def _toggl(tmp_path: Path, *rows: str) -> str:
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return str(path)


GOOD = "me,,ACME Corp,Web shop,,Good,Yes,2026-11-02,09:00:00,2026-11-02,10:00:00,01:00:00,"
LATE = "me,,ACME Corp,Web shop,,Late,Yes,2026-11-03,09:00:00,2026-11-03,09:30:00,00:30:00,"


def test_second_import_adds_nothing(acme: Psa) -> None:
    args = ("import", "toggl", str(FIXTURES / "toggl.csv"), "--create-missing")
    acme(*args)
    before = acme.dump()
    again = acme(*args, "--format", "json")
    assert '"imported": 0' in again.stdout and '"already_imported": 4' in again.stdout
    assert acme.dump()[:-1] == before[:-1]  # no row anywhere (the audit count aside)
    assert acme.sql("SELECT count(*) FROM time_entries") == [(5,)]


def test_a_grown_export_adds_only_the_new_rows(acme: Psa, tmp_path: Path) -> None:
    acme("import", "toggl", _toggl(tmp_path, GOOD))
    out = acme("import", "toggl", _toggl(tmp_path, GOOD, LATE)).stdout
    assert out.startswith("Imported 1 of 2 records from toggl; 1 already imported, 0 invalid.")
    assert acme.sql("SELECT note FROM time_entries ORDER BY id") == [("Good",), ("Late",)]


def test_identical_rows_in_one_file_are_two_entries(acme: Psa, tmp_path: Path) -> None:
    acme("import", "toggl", _toggl(tmp_path, GOOD, GOOD))
    keys = [k for (k,) in acme.sql("SELECT source_key FROM time_entries ORDER BY id")]
    assert len(keys) == 2 and keys[1] == keys[0] + "~2"
    # again: both are already there; with a third copy, only that one is new
    assert acme("import", "toggl", _toggl(tmp_path, GOOD, GOOD)).stdout.startswith(
        "Imported 0 of 2 records from toggl; 2 already imported, 0 invalid.")  # fmt: skip
    assert acme("import", "toggl", _toggl(tmp_path, GOOD, GOOD, GOOD)).stdout.startswith(
        "Imported 1 of 3 records from toggl; 2 already imported, 0 invalid.")  # fmt: skip
    assert acme.sql("SELECT source_key FROM time_entries ORDER BY id")[2] == (keys[0] + "~3",)


def test_imported_entries_take_the_next_ids_and_their_own_tags(acme: Psa) -> None:
    """The import numbers its entries itself (no read-back): after every id ever used,
    a deleted newest entry's included, and each tag row on its own entry."""
    acme("log", "1h", "acme-web", "kept")
    acme("log", "1h", "acme-web", "deleted")
    acme("entry", "delete", "2")
    acme("import", "watson", str(FIXTURES / "watson_frames.json"), "--create-missing",
         "--client", "acme")  # fmt: skip
    ids = [i for (i,) in acme.sql("SELECT id FROM time_entries WHERE source = 'watson' "
                                  "ORDER BY id")]  # fmt: skip
    assert ids == list(range(3, 3 + len(ids))) and len(ids) >= 3
    frames = json.loads((FIXTURES / "watson_frames.json").read_text())
    wanted = sorted((frame[3], tag) for frame in frames for tag in frame[4])
    got = acme.sql("SELECT e.source_key, t.tag FROM entry_tags AS t JOIN time_entries AS e "
                   "ON e.id = t.entry_id WHERE e.source = 'watson' ORDER BY 1, 2")  # fmt: skip
    assert [(key.split("#")[0], tag) for key, tag in got] == wanted and wanted
    acme("log", "1h", "acme-web", "after")
    assert acme.sql("SELECT max(id) FROM time_entries") == [(3 + len(ids),)]


def test_a_bad_row_refuses_the_whole_file(acme: Psa, tmp_path: Path) -> None:
    bad = "me,,ACME Corp,Web shop,,Bad,Yes,2026-11-02,25:00:00,2026-11-02,10:00:00,,"
    message = acme.fail("import", "toggl", _toggl(tmp_path, GOOD, bad, LATE))
    assert message == (
        "psa: line 3: time '25:00:00' is not understood: use HH:MM:SS or 5:30 PM; nothing was "
        "imported: fix the file, or pass --skip-invalid to import the other rows"
    )


def test_skip_invalid_imports_the_rest_and_names_the_lines(acme: Psa, tmp_path: Path) -> None:
    bad = "me,,ACME Corp,Web shop,,Bad,maybe,2026-11-02,09:00:00,2026-11-02,10:00:00,,"
    ends_early = "me,,ACME Corp,Web shop,,Back,Yes,2026-11-04,10:00:00,2026-11-04,09:00:00,,"
    result = acme("import", "toggl", _toggl(tmp_path, GOOD, bad, ends_early, LATE),
                  "--skip-invalid")  # fmt: skip
    assert result.stderr.splitlines() == [
        "warning: skipped line 3: billable 'maybe' is not yes or no",
        "warning: skipped line 4: it ends before it starts: check the end date and time",
    ]
    assert result.stdout.startswith("Imported 2 of 4 records from toggl; 0 already imported, "
                                    "2 invalid.")  # fmt: skip
    assert acme.sql("SELECT sum(seconds) FROM time_entries") == [(5400,)]


def test_dry_run_changes_nothing(acme: Psa) -> None:
    before = acme.dump()
    out = acme("import", "kimai", str(FIXTURES / "kimai.csv"), "--create-missing",
               "--dry-run").stdout  # fmt: skip
    assert out.splitlines() == [
        "Would import 3 of 3 records from kimai as 4 entries; 0 already imported, 0 invalid.",
        "Would create: task acme-web/Development, person jane, project acme-hosting, "
        "task acme-hosting/Support",
        "  acme-hosting  1:45",
        "  acme-web  6:30",
        "Dry run: nothing was written.",
    ]
    assert acme.dump() == before


def test_unknown_names_are_refused_with_the_fix(acme: Psa) -> None:
    frames = str(FIXTURES / "watson_frames.json")
    assert acme.fail("import", "watson", frames) == (
        "psa: item 3: unknown project 'Hosting': add it with 'psa project add', map it with "
        "--map-project 'Hosting=CODE', or pass --create-missing; nothing was imported: fix the "
        "file, or pass --skip-invalid to import the other rows"
    )
    message = acme.fail("import", "watson", frames, "--create-missing")
    assert "project 'Hosting' is new and the row names no client: pass --client" in message
    assert "unknown task 'Development' in acme-web" in acme.fail(
        "import", "harvest", str(FIXTURES / "harvest.csv"), "--map-project", "Hosting=acme-web"
    )


def test_map_project_person_and_billable_defaults(acme: Psa) -> None:
    acme("project", "add", "acme", "Operations", "--code", "ops")
    acme("person", "add", "Sam")
    acme("import", "watson", str(FIXTURES / "watson_frames.json"), "--map-project", "hosting=ops",
         "--person", "Sam", "--non-billable")  # fmt: skip
    assert acme.sql("SELECT p.code, sum(e.seconds), min(e.billable), max(x.name) FROM "
                    "time_entries e JOIN projects p ON p.id = e.project_id JOIN people x ON "
                    "x.id = e.person_id GROUP BY p.code ORDER BY p.code") == [
        ("acme-web", 9000, 0, "Sam"), ("ops", 5400, 0, "Sam")]  # fmt: skip


def test_files_that_are_not_the_tool_s_export(acme: Psa, tmp_path: Path) -> None:
    assert acme.fail("import", "harvest", str(FIXTURES / "toggl.csv")) == (
        "psa: toggl.csv: no 'date' column in the header (found: Description, Project, Client, "
        "Start date, Start time, Stop date, Stop time, Duration): is this a Harvest detailed "
        "CSV export?"
    )
    assert acme.fail("import", "watson", str(FIXTURES / "toggl.csv")).startswith(
        "psa: toggl.csv: not a Watson frames or 'watson log --json' JSON file"
    )
    assert acme.fail("import", "toggl", str(tmp_path / "nope.csv")) == (
        f"psa: no file {tmp_path / 'nope.csv'}: check the path"
    )
    assert acme.fail("import", "excel", "x.csv", code=2).startswith(
        "psa: Invalid value for SOURCE: 'excel' is not one of toggl, clockify"
    )
    assert acme.fail("import", "watson", "x", "--map-project", "oops", code=2) == (
        "psa: --map-project 'oops': write it OLD=NEW, e.g. 'Website=acme-web'"
    )


def test_json_summary_and_one_audit_row(acme: Psa) -> None:
    data = acme.json("import", "harvest", str(FIXTURES / "harvest.csv"), "--create-missing")
    assert data["entries"] == 3
    assert data["seconds_by_project"] == {"acme-web": 11700, "acme-hosting": 4500}
    assert data["created"] == ["task acme-web/Development", "person Jane Doe",
                               "project acme-hosting", "task acme-hosting/Maintenance"]  # fmt: skip
    assert acme.sql("SELECT entity, entity_id, action FROM audit_log WHERE action = 'import'") == [
        ("time_entries", None, "import")]  # fmt: skip


def test_a_big_import_rebuilds_the_indexes_and_keeps_the_ledger_sound(
    acme: Psa, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over 20k new entries (guessed from the first batch's share of the file) the
    secondary indexes are dropped and built again after the insert; the tag rows carry
    their entry's facts (checked by db check)."""
    from psa_cli.services import import_writer
    from psa_cli.store import imports as store

    assert all("WHERE" in sql for name, sql in acme.sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        if name in import_writer.UNTOUCHED)  # fmt: skip
    dropped: list[tuple[str, ...]] = []
    drop = store.drop_entry_indexes

    def dropping(conn: Any, keep: tuple[str, ...] = ()) -> list[str]:
        dropped.append(tuple(k for k in keep if k not in import_writer.UNTOUCHED))
        assert set(import_writer.UNTOUCHED) <= set(keep)
        return drop(conn, keep)

    monkeypatch.setattr(store, "drop_entry_indexes", dropping)
    indexes = acme.sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    start = 1_790_000_000  # 2026-09-21, 1 h frames every 2 h
    frames = [[start + 7200 * n, start + 7200 * n + 3600, "acme-web", f"{n:032x}",
               ["bulk"] if n % 3 == 0 else [], 0] for n in range(21_000)]  # fmt: skip
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames))
    acme("import", "watson", str(path))
    assert dropped == [()]  # the source index too: nothing from watson to look up yet
    # frames across midnight are cut in two (key#2): 21,000 records, one uid per entry
    assert acme.sql("SELECT count(*) FILTER (WHERE source_key NOT LIKE '%#%'), sum(seconds), "
                    "count(DISTINCT uid) = count(*) FROM time_entries") == [
        (21_000, 21_000 * 3600, 1)]  # fmt: skip
    assert acme.sql("SELECT count(*) FROM entry_tags WHERE tag = 'bulk'") == [(7000,)]
    after = acme.sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    assert after == indexes
    assert ", OK. " in acme("db", "check").stdout
    entries = acme.sql("SELECT count(*) FROM time_entries")
    acme("import", "watson", str(path))  # and once only
    assert acme.sql("SELECT count(*) FROM time_entries") == entries
    assert dropped == [()]  # nothing new: no rebuild
    more = [[start + 7200 * n, start + 7200 * n + 3600, "acme-web", f"{n:032x}", [], 0]
            for n in range(21_000, 84_000)]  # fmt: skip
    path.write_text(json.dumps(frames + more))
    acme("import", "watson", str(path))
    assert dropped == [(), (store.SOURCE_INDEX,)]  # kept: this import looked keys up in it
    assert acme.sql("SELECT count(*) FILTER (WHERE source_key NOT LIKE '%#%') "
                    "FROM time_entries") == [(84_000,)]  # fmt: skip
    assert acme.sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "ORDER BY name") == indexes  # fmt: skip


def test_a_file_that_breaks_off_after_written_batches_is_refused_whole(
    acme: Psa, tmp_path: Path
) -> None:
    """The file is read as it is written: 30,000 frames in Watson's indented layout went in
    before the reader met the cut; all of it rolls back, and the message says where."""
    start = 1_790_000_000
    frames = [[start + 3600 * n, start + 3600 * n + 1800, "acme-web", f"{n:032x}", [], 0]
              for n in range(30_000)]  # fmt: skip
    text = json.dumps(frames, indent=1)
    path = tmp_path / "frames"
    path.write_text(text[: len(text) - 40])  # a disk that filled up while Watson saved
    with pytest.raises(json.JSONDecodeError) as json_says:
        json.loads(text[: len(text) - 40])
    where = f"line {json_says.value.lineno} column {json_says.value.colno}"
    before = acme.dump()
    assert acme.fail("import", "watson", str(path)) == (
        "psa: frames: not a Watson frames or 'watson log --json' JSON file (Unterminated string "
        f"starting at: {where})"
    )
    assert acme.dump() == before
    path.write_text(text)
    assert acme("import", "watson", str(path)).stdout == (
        "Imported 30000 of 30000 records from watson; 0 already imported, 0 invalid.\n"
        "  acme-web  15000:00\n"
    )


def test_a_whole_25_hour_day_is_refused_not_stored(acme: Psa, tmp_path: Path) -> None:
    """Europe/Paris leaves summer time on 2026-10-25: that local day lasts 25 h."""
    path = tmp_path / "frames"
    day_long = [1792879200, 1792969200, "acme-web", "f" * 32, [], 0]  # 10-24 22:00Z - 10-25 23:00Z
    normal = [1792879200, 1792882800, "acme-web", "e" * 32, [], 0]  # the first hour of it
    path.write_text(json.dumps([day_long, normal]))
    assert acme.fail("import", "watson", str(path)).startswith(
        "psa: item 1: more than 24 hours on one day: split it into several rows; nothing was"
    )
    acme("import", "watson", str(path), "--skip-invalid")
    assert acme.sql("SELECT day, started_at, seconds FROM time_entries") == [
        ("2026-10-25", "2026-10-24T22:00:00Z", 3600)]  # fmt: skip


def test_a_bad_row_after_written_batches_still_leaves_the_ledger_unchanged(
    acme: Psa, tmp_path: Path
) -> None:
    """Batches are written as they are read: a bad last row rolls them back, indexes too."""
    start = 1_790_000_000
    frames: list[object] = [[start + 3600 * n, start + 3600 * n + 1800, "acme-web",
                             f"{n:032x}", [], 0] for n in range(25_000)]  # fmt: skip
    frames.append([start, start + 60, "Elsewhere", "bad", [], 0])  # read fine, matched last
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames))
    assert acme.fail("import", "watson", str(path)) == (
        "psa: item 25001: unknown project 'Elsewhere': add it with 'psa project add', map it "
        "with --map-project 'Elsewhere=CODE', or pass --create-missing; nothing was imported: "
        "fix the file, or pass --skip-invalid to import the other rows"
    )
