"""`psa export json|csv` of entries, `psa export json --all` and its round trip through
`psa import psa` into an empty ledger: the same document, byte for byte."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from tests.conftest import Psa

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def _books(acme: Psa) -> None:
    """Imported time, a task, an issued and paid invoice, an expense, a credit note."""
    acme("import", "toggl", str(FIXTURES / "toggl.csv"), "--create-missing")
    acme("task", "add", "acme-web", "Design", "--rate", "150")
    acme("log", "1h", "acme-web", "wireframes", "--task", "design", "--date", "2026-11-10")
    acme("expense", "add", "50", "acme-web", "Train", "--date", "2026-11-04")
    acme("invoice", "create", "acme")
    acme("invoice", "issue", "1", "--date", "2026-11-20")
    acme("invoice", "pay", "INV-2026-0001", "100", "--date", "2026-11-25")
    acme("invoice", "credit", "INV-2026-0001", "--lines", "1")
    acme("log", "15m", "acme-web", "oops", "--date", "2026-11-26")
    acme("entry", "delete", "7")  # a hole in the ids: the counter must survive the trip


def test_round_trip_is_identical_byte_for_byte(acme: Psa, tmp_path: Path) -> None:
    _books(acme)
    first = tmp_path / "ledger.json"
    acme("export", "json", "--all", "-o", str(first))
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    doc = json.loads(first.read_text())
    # written row by row, the text is still json.dumps(indent=2)'s own
    assert first.read_text() == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    assert acme("export", "json", "--all").stdout == first.read_text()
    assert (doc["format"], doc["version"]) == ("psa.ledger", 1)
    assert len(doc["tables"]["time_entries"]) == 6
    assert doc["sequences"]["time_entries"] == 7

    empty = tmp_path / "restored.db"
    out = acme("--ledger", str(empty), "import", "psa", str(first)).stdout
    assert out.startswith("Restored ")
    second = tmp_path / "again.json"
    acme("--ledger", str(empty), "export", "json", "--all", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()
    assert ", OK. " in acme("--ledger", str(empty), "db", "check").stdout
    # ids go on where they stopped, never reusing the deleted 7
    acme("--ledger", str(empty), "log", "30m", "acme-web", "--date", "2026-11-26")
    assert json.loads(acme("--ledger", str(empty), "export", "json", "--from",
                           "2026-11-26").stdout)[0]["id"] == 8  # fmt: skip


def test_restore_refuses_a_ledger_holding_data_and_bad_documents(acme: Psa, tmp_path: Path) -> None:
    doc = tmp_path / "ledger.json"
    acme("export", "json", "--all", "-o", str(doc))
    assert acme.fail("import", "psa", str(doc)) == (
        "psa: the ledger already holds data (1 clients, 1 projects, 1 people): restore into "
        "a new ledger, e.g. 'psa --ledger new.db import psa FILE'"
    )
    other = tmp_path / "other.json"
    other.write_text('{"format": "something"}')
    assert acme.fail("import", "psa", str(other)) == (
        "psa: other.json is not a whole-ledger document: make one with "
        "'psa export json --all -o FILE'"
    )
    newer = json.loads(doc.read_text())
    newer["schema"] = 999
    other.write_text(json.dumps(newer))
    assert "comes from a newer ledger (schema 999" in acme.fail("import", "psa", str(other))


def test_restore_into_a_ledger_with_only_the_automatic_me(acme: Psa, tmp_path: Path) -> None:
    doc = tmp_path / "ledger.json"
    acme("export", "json", "--all", "-o", str(doc))
    fresh = tmp_path / "fresh.db"
    acme("--ledger", str(fresh), "status")  # creates the ledger
    acme("--ledger", str(fresh), "person", "list")
    acme("--ledger", str(fresh), "import", "psa", str(doc), "--dry-run")
    acme("--ledger", str(fresh), "import", "psa", str(doc))
    again = acme("--ledger", str(fresh), "export", "json", "--all").stdout
    assert again == doc.read_text()


def test_export_entries_json_csv_with_dates(acme: Psa, tmp_path: Path) -> None:
    acme("import", "toggl", str(FIXTURES / "toggl.csv"), "--create-missing")
    data = json.loads(acme("export", "json", "--from", "2026-11-03", "--to", "2026-11-04").stdout)
    assert [(e["day"], e["seconds"], e["project"], e["tags"]) for e in data] == [
        ("2026-11-03", 1800, "jane-doe-consulting-internal", ["meeting"]),
        ("2026-11-04", 1800, "jane-doe-consulting-internal", ["meeting"]),
    ]
    text = acme("export", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["seconds"] for r in rows] == ["5400", "2700", "1800", "1800", "1200"]
    assert rows[0]["tags"] == "frontend;urgent"
    assert rows[4]["note"] == '\'=HYPERLINK("http://x")'  # neutralised for spreadsheets


def test_export_files_are_private_and_never_overwritten(acme: Psa, tmp_path: Path) -> None:
    acme("log", "1h", "acme-web", "x", "--date", "2026-11-02")
    target = tmp_path / "entries.csv"
    assert acme("export", "csv", "-o", str(target)).stdout == f"Wrote 1 entry to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert acme.fail("export", "json", "-o", str(target)) == (
        f"psa: {target} exists: choose another file or add --force to overwrite"
    )
    acme("export", "json", "-o", str(target), "--force")
    assert json.loads(target.read_text())[0]["seconds"] == 3600
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert acme.fail("export", "json", "--all", "--from", "2026-11-01", code=2) == (
        "psa: --all exports the whole ledger: drop --from/--to/--period"
    )


def _frames(tmp_path: Path, count: int) -> Path:
    start = 1_790_000_000
    frames = [[start + 3600 * n, start + 3600 * n + 1800, "acme-web", f"{n:032x}",
               ["bulk"] if n % 2 else [], 0] for n in range(count)]  # fmt: skip
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames))
    return path


def test_restore_reads_the_document_a_row_at_a_time(acme: Psa, tmp_path: Path) -> None:
    """A 30k-entry document (~25 MB): json.loads alone would hold ~60 MB of dicts; the
    restore's Python heap stays near a batch of rows, and the result is the same ledger."""
    import tracemalloc

    from psa_cli.services import ledger_document
    from psa_cli.services.ledger import Ledger

    acme("import", "watson", str(_frames(tmp_path, 30_000)))
    doc = tmp_path / "ledger.json"
    acme("export", "json", "--all", "-o", str(doc))
    target = tmp_path / "restored.db"
    book = Ledger.open(target)
    tracemalloc.start()
    try:
        result = ledger_document.restore(book, str(doc))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        book.close()
    assert result.rows["time_entries"] == 30_000 and result.rows["entry_tags"] == 15_000
    assert peak < 16 * 2**20, f"peak {peak / 2**20:.1f} MiB for a {doc.stat().st_size:,} B file"
    again = acme("--ledger", str(target), "export", "json", "--all").stdout
    assert again == doc.read_text()
    assert ", OK. " in acme("--ledger", str(target), "db", "check").stdout


def test_restore_refuses_a_broken_document_and_keeps_the_ledger(acme: Psa, tmp_path: Path) -> None:
    acme("import", "watson", str(_frames(tmp_path, 12_000)))
    text = acme("export", "json", "--all").stdout
    target = Psa(tmp_path / "restored.db")
    target("--ledger", str(target.ledger), "status")  # an empty ledger
    bad = tmp_path / "bad.json"

    def refused(document: str) -> str:
        bad.write_text(document)
        return target.fail("--ledger", str(target.ledger), "import", "psa", str(bad))

    cut = text[: len(text) * 3 // 4]  # rows of time_entries went in before the cut
    with pytest.raises(json.JSONDecodeError) as json_says:
        json.loads(cut)
    where = f"line {json_says.value.lineno} column {json_says.value.colno}"
    assert refused(cut) == (
        f"psa: bad.json: not a whole-ledger JSON file ({json_says.value.msg}: {where}): give "
        "a 'psa export json --all' file"
    )
    doc = json.loads(text)
    tables_first = {"tables": doc["tables"], **{k: v for k, v in doc.items() if k != "tables"}}
    assert refused(json.dumps(tables_first)) == (
        "psa: bad.json is not a whole-ledger document: make one with 'psa export json --all "
        "-o FILE'"
    )
    twice = text.replace('\n  "sequences"', '\n  "tables": {},\n  "sequences"')
    assert refused(twice) == "psa: bad.json has 'tables' twice: export the ledger again"
    assert refused("[1, 2]") == (
        "psa: bad.json is not a whole-ledger document: make one with 'psa export json --all "
        "-o FILE'"
    )
    assert refused("date,hours\n") == (
        "psa: bad.json: not a whole-ledger JSON file (Expecting value: line 1 column 1): give "
        "a 'psa export json --all' file"
    )
