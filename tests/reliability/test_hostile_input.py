"""Hostile input: random and nasty values fed to the CLI (in-process, CliRunner).

Every command either accepts the value (exit 0) or refuses it with exit 1 or 2 and
exactly one stderr line starting `psa: ` — never a traceback, never an internal error
(exit 70) — and a refused command leaves the ledger (and the config file) byte-for-byte
as it was. Each example starts from a fresh copy of one seeded ledger.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Psa

# Values that broke (or could break) parsers: numbers Python accepts but money must not
# (NaN, inf, 1e309, underscores, non-ASCII digits), dates and times out of range,
# SQL- and HTML-looking text, control characters, bidi overrides, lone surrogates
# (what undecodable bytes in argv become), very long text.
# fmt: off
HOSTILE = [
    "", " ", "-", "--", "0", "-0", "-0.0", "+0", "-1", "1.", ".5", "1..2", "1,5", "1 000",
    "1_000", "0x10", "1e3", "1E5", "1e309", "-1e309", "1e-400", "1e9999", "nan", "NaN", "-nan",
    "inf", "-inf", "Infinity", "9" * 30, "9" * 400, "-" + "9" * 30, "100.005", "0.001",
    "5%", "+5", "１２", "٣", "½", "0h", "-1h", "1h-30m", "24h", "25h", "1441m", "86401s",
    "1.5.5h", "10:99", "25:00", "1:60", "99:99:99", "0:00", "2026-02-30", "2026-13-01",
    "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "-2026-01-01", "2026-W53",
    "2026-Q5", "2026-00", "last funday", "yesterday tomorrow", "next year", "today",
    "'; DROP TABLE time_entries; --", "\" OR 1=1 --", "Robert'); DROP TABLE clients;--",
    "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "@SUM(A1)", "\x1b[31mred\x1b[0m",
    "a\nb", "\r", "\t", "\x7f", "\u202egnp.exe", "\ufeff", "\u200b", "\udcff", "\udc80abc",
    "x" * 10_000, "🙂" * 3_000, "%s%n%x", "{0}", "{seq}", "{year}{", "../../etc/passwd",
    "/dev/null", "NUL", "acme", "web", "INV-2026-0001", "1", "2", "999999999999",
]
# fmt: on
NUL_FREE = st.characters(blacklist_characters="\x00")  # argv can never hold NUL
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(NUL_FREE, max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)

# Command shapes: each takes one hostile value. The seeded ledger has client `acme`,
# project `web` (task `design`), entry 1, expense 1, draft invoice 2 and issued INV-2026-0001.
SHAPES: list[Callable[[str], list[str]]] = [
    lambda v: ["log", v, "web"],
    lambda v: ["log", "1h", v],
    lambda v: ["log", "1h", "web", v],
    lambda v: ["log", "1h", "web", "x", "--date", v],
    lambda v: ["log", "1h", "web", "x", "--at", v],
    lambda v: ["log", "1h", "web", "x", "--tag", v],
    lambda v: ["log", "1h", "web", "x", "--task", v],
    lambda v: ["log", "1h", "web", "x", "--person", v],
    lambda v: ["start", "web", v],
    lambda v: ["start", v],
    lambda v: ["start", "web", "--at", v],
    lambda v: ["entry", "edit", v, "--note", "x"],
    lambda v: ["entry", "edit", "1", "--note", v],
    lambda v: ["entry", "edit", "1", "--duration", v],
    lambda v: ["entry", "edit", "1", "--date", v],
    lambda v: ["entry", "edit", "1", "--start", v, "--end", "18:00"],
    lambda v: ["entry", "edit", "1", "--end", v],
    lambda v: ["entry", "edit", "1", "--rate", v],
    lambda v: ["entry", "edit", "1", "--tag", v],
    lambda v: ["entry", "edit", "1", "--project", v],
    lambda v: ["entry", "delete", v],
    lambda v: ["entries", "--from", v],
    lambda v: ["entries", "--period", v],
    lambda v: ["entries", "--format", v],
    lambda v: ["entries", "--format", "csv", "--tag", v],
    lambda v: ["expense", "add", v, "web", "train"],
    lambda v: ["expense", "add", "10", v, "train"],
    lambda v: ["expense", "add", "10", "web", v],
    lambda v: ["expense", "add", "10", "web", "train", "--date", v],
    lambda v: ["expense", "add", "10", "web", "train", "--category", v],
    lambda v: ["expense", "add", "10", "web", "train", "--markup", v],
    lambda v: ["expense", "add", "10", "web", "train", "--currency", v],
    lambda v: ["expense", "add", "10", "web", "train", "--receipt", v],
    lambda v: ["expense", "edit", "1", "--amount", v],
    lambda v: ["client", "add", v],
    lambda v: ["client", "add", "Globex", "--code", v],
    lambda v: ["client", "add", "Globex", "--rate", v],
    lambda v: ["client", "add", "Globex", "--currency", v],
    lambda v: ["client", "add", "Globex", "--tax-rate", v],
    lambda v: ["client", "add", "Globex", "--terms", v],
    lambda v: ["client", "add", "Globex", "--email", v],
    lambda v: ["client", "add", "Globex", "--address", v],
    lambda v: ["client", "add", "Globex", "--country", v],
    lambda v: ["client", "add", "Globex", "--tax-category", v],
    lambda v: ["client", "add", "Globex", "--rounding", v],
    lambda v: ["client", "edit", v, "--name", "x"],
    lambda v: ["client", "edit", "acme", "--name", v],
    lambda v: ["client", "edit", "acme", "--code", v],
    lambda v: ["client", "edit", "acme", "--rate", v],
    lambda v: ["client", "edit", "acme", "--tax-id", v],
    lambda v: ["client", "show", v],
    lambda v: ["project", "add", "acme", v],
    lambda v: ["project", "add", v, "New"],
    lambda v: ["project", "add", "acme", "New", "--code", v],
    lambda v: ["project", "add", "acme", "New", "--rate", v],
    lambda v: ["project", "add", "acme", "New", "--billing", v],
    lambda v: ["project", "add", "acme", "New", "--budget-hours", v],
    lambda v: ["project", "add", "acme", "New", "--budget-amount", v],
    lambda v: ["project", "add", "acme", "New", "--billing", "fixed", "--fee", v],
    lambda v: ["project", "add", "acme", "New", "--cap", v],
    lambda v: [
        "project",
        "add",
        "acme",
        "New",
        "--billing",
        "retainer",
        "--retainer-amount",
        "1000",
        "--retainer-hours",
        v,
    ],  # fmt: skip
    lambda v: ["project", "edit", "web", "--status", v],
    lambda v: ["project", "edit", "web", "--rate", v],
    lambda v: ["project", "edit", "web", "--name", v],
    lambda v: ["task", "add", "web", v],
    lambda v: ["task", "add", "web", "Build", "--estimate", v],
    lambda v: ["task", "add", "web", "Build", "--rate", v],
    lambda v: ["person", "add", v],
    lambda v: ["person", "add", "Ana", "--capacity", v],
    lambda v: ["person", "add", "Ana", "--cost-rate", v],
    lambda v: ["invoice", "create", v],
    lambda v: ["invoice", "create", "acme", "--from", v],
    lambda v: ["invoice", "create", "acme", "--to", v, "--dry-run"],
    lambda v: ["invoice", "create", "acme", "--group-by", v],
    lambda v: ["invoice", "create", "acme", "--period", v],
    lambda v: ["invoice", "show", v],
    lambda v: ["invoice", "pay", "INV-2026-0001", v],
    lambda v: ["invoice", "pay", v, "10"],
    lambda v: ["invoice", "pay", "INV-2026-0001", "10", "--date", v],
    lambda v: ["invoice", "pay", "INV-2026-0001", "10", "--reference", v],
    lambda v: ["invoice", "line", "add", "2", v],
    lambda v: ["invoice", "line", "add", "2", "Extra", "--quantity", v, "--price", "10"],
    lambda v: ["invoice", "line", "add", "2", "Extra", "--price", v],
    lambda v: ["invoice", "line", "add", "2", "Extra", "--price", "1", "--tax-rate", v],
    lambda v: ["invoice", "line", "add", "2", "Extra", "--price", "1", "--unit", v],
    lambda v: ["invoice", "edit", "2", "--discount", v],
    lambda v: ["invoice", "edit", "2", "--due", v],
    lambda v: ["invoice", "edit", "2", "--notes", v],
    lambda v: ["invoice", "edit", "2", "--po", v],
    lambda v: ["invoice", "issue", v],
    lambda v: ["invoice", "void", v],
    lambda v: ["report", "timesheet", "--from", v],
    lambda v: ["report", "timesheet", v, "--month"],
    lambda v: ["report", "timesheet", v, "--week"],
    lambda v: ["report", "timesheet", v, "--quarter"],
    lambda v: ["report", "timesheet", v, "--year"],
    lambda v: ["report", "timesheet", "--by", v],
    lambda v: ["report", "timesheet", "--every", v],
    lambda v: ["report", "revenue", "--to", v],
    lambda v: ["report", "unbilled", "--client", v],
    lambda v: ["report", "aging", "--format", "csv", "--project", v],
    lambda v: ["report", "profitability", "--from", v],
    lambda v: ["report", "utilization", "--person", v],
    lambda v: ["report", "budget", "--project", v],
    lambda v: ["config", "set", v, "x"],
    lambda v: ["config", "set", "rounding.mode", v],
    lambda v: ["config", "set", "rounding.minutes", v],
    lambda v: ["config", "set", "invoice.number_pattern", v],
    lambda v: ["config", "set", "business.name", v],
    lambda v: ["config", "set", "business.currency", v],
    lambda v: ["config", "set", "business.rate", v],
    lambda v: ["config", "set", "invoice.tax_rate", v],
    lambda v: ["config", "set", "time.timezone", v],
    lambda v: ["config", "set", "time.week_start", v],
    lambda v: ["config", "get", v],
    lambda v: ["audit", "--entity", v],
    lambda v: ["export", "beancount", "--from", v],
    lambda v: ["db", "restore", v],
]


class Sandbox:
    """A seeded ledger and config; each example runs against a fresh copy of both."""

    def __init__(self, psa: Psa, tmp_path: Path) -> None:
        self.psa = psa
        self.runner = CliRunner()
        from typer.main import get_command

        from psa_cli.cli.main import app

        # Typer turns the whole tree into click commands on every CliRunner.invoke (~0.1 s
        # here): convert it once, so the examples spend their time in psa itself.
        self.command = get_command(app)
        seed(psa)
        self.config = Path(os.environ["PSA_CONFIG"])
        conn = sqlite3.connect(psa.ledger)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        self.template = tmp_path / "template.db"
        shutil.copyfile(psa.ledger, self.template)
        self.template_bytes = self.template.read_bytes()
        self.template_dump = psa.dump()
        self.config_template = self.config.read_bytes()

    def invoke(self, argv: list[str]) -> Result:
        return self.runner.invoke(self.command, argv)

    def unchanged(self) -> bool:
        """The ledger is the template, byte for byte (or, when SQLite rewrote pages, row for
        row: the dump `Psa.fail` compares)."""
        wal = Path(f"{self.psa.ledger}-wal")
        if self.psa.ledger.read_bytes() == self.template_bytes and (
            not wal.exists() or wal.stat().st_size == 0
        ):
            return True
        return bool(self.psa.dump() == self.template_dump)

    def config_bytes(self) -> bytes:
        return b"<a folder>" if self.config.is_dir() else self.config.read_bytes()

    def reset(self) -> None:
        for suffix in ("-wal", "-shm"):
            Path(f"{self.psa.ledger}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.psa.ledger)
        self.config.write_bytes(self.config_template)

    def run(self, argv: list[str]) -> None:
        """Run `psa ARGV`; assert the outcome is clean (see the module docstring)."""
        config = self.config.read_bytes()
        result = self.invoke(argv)
        shown = f"psa {argv!r} -> {result.exit_code}\nstderr: {result.stderr[:500]!r}"
        assert result.exit_code in (0, 1, 2), f"{shown}\nexc: {result.exception!r}"
        assert "Traceback" not in result.stdout + result.stderr, shown
        if result.exit_code == 0:
            check_sound(self.psa.ledger)
            return
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("psa: "), shown
        assert self.unchanged(), f"{shown}\na refused command changed the ledger"
        assert self.config.read_bytes() == config, f"{shown}\na refused command changed config"


def seed(psa: Psa) -> None:
    psa("init", "--name", "Jane Doe Consulting", "--currency", "EUR", "--rate", "100")
    psa("client", "add", "ACME Corp", "--code", "acme", "--rate", "120", "--tax-rate", "20")
    psa("project", "add", "acme", "Web shop", "--code", "web")
    psa("task", "add", "web", "Design")
    psa("log", "2h", "web", "first", "--date", "2026-11-02")  # entry 1
    psa("expense", "add", "12.50", "web", "Taxi", "--date", "2026-11-02")  # expense 1
    psa("invoice", "create", "acme")  # invoice 1
    psa("invoice", "issue", "1")  # INV-2026-0001
    psa("log", "1h", "web", "second", "--date", "2026-11-03")
    psa("invoice", "create", "acme")  # invoice 2, a draft
    psa("log", "30m", "web", "unbilled", "--date", "2026-11-04")
    psa("config", "set", "business.address", "1 rue X")


def check_sound(ledger: Path) -> None:
    """An accepted value must leave a ledger that passes every `psa db check` invariant."""
    from psa_cli.store.maintenance import check

    conn = sqlite3.connect(ledger)
    try:
        assert check(conn) == []
    finally:
        conn.close()


@pytest.fixture
def sandbox(psa: Psa, tmp_path: Path) -> Sandbox:
    return Sandbox(psa, tmp_path)


_SETTINGS: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": True,  # the same examples on every run: a CI failure reproduces
}


@settings(max_examples=int(os.environ.get("PSA_HOSTILE_EXAMPLES", "400")), **_SETTINGS)
@given(shape=st.sampled_from(SHAPES), value=VALUES)
def test_one_hostile_value(sandbox: Sandbox, shape: Callable[[str], list[str]], value: str) -> None:
    sandbox.reset()
    sandbox.run(shape(value))


def test_every_shape_with_every_listed_value(sandbox: Sandbox) -> None:
    """Not random: each command shape meets a rotating fifth of the HOSTILE list
    (PSA_HOSTILE_ALL=1: every value, 11k runs)."""
    step = 1 if os.environ.get("PSA_HOSTILE_ALL") == "1" else 5
    for i, shape in enumerate(SHAPES):
        for value in HOSTILE[i % step :: step]:
            sandbox.reset()
            sandbox.run(shape(value))


def _clean_refusal(sandbox: Sandbox, argv: list[str], *, code: int | None = None) -> str:
    """Run argv, expect a refusal (exit 1/2, one `psa: ` line, nothing changed)."""

    before, config = sandbox.psa.dump(), sandbox.config_bytes()
    result = sandbox.invoke(argv)
    shown = f"psa {argv!r} -> {result.exit_code}: {result.stderr!r} {result.exception!r}"
    assert result.exit_code in ((code,) if code else (1, 2)), shown
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("psa: "), shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert sandbox.psa.dump() == before and sandbox.config_bytes() == config, shown
    return lines[0]


def test_missing_and_unreadable_files(sandbox: Sandbox, tmp_path: Path) -> None:
    missing = str(tmp_path / "no" / "such.file")
    folder = tmp_path / "a-folder"  # unreadable as a file, even for root
    folder.mkdir()
    plain = tmp_path / "plain.txt"
    plain.write_text("not a folder")
    under_a_file = str(plain / "x.out")  # ENOTDIR whatever the permissions
    long_name = str(tmp_path / ("n" * 300))  # ENAMETOOLONG
    cases = [
        ["expense", "add", "10", "web", "Taxi", "--receipt", missing],
        ["expense", "add", "10", "web", "Taxi", "--receipt", str(folder)],
        ["expense", "add", "10", "web", "Taxi", "--receipt", long_name],
        ["db", "restore", missing, "--force"],
        ["db", "restore", str(folder), "--force"],
        ["db", "restore", long_name, "--force"],
        ["db", "restore", str(plain), "--force"],
        ["db", "backup", under_a_file],
        ["db", "backup", long_name],
        ["invoice", "export", "INV-2026-0001", "--to", "json", "-o", under_a_file],
        ["invoice", "export", "INV-2026-0001", "--to", "md", "-o", long_name],
        ["export", "beancount", "-o", under_a_file],
        ["export", "hledger", "-o", long_name],
        ["import", "watson", missing],
        ["import", "watson", str(folder)],
        ["import", "toggl", str(plain)],
        ["import", "watson", long_name],
        ["--ledger", str(folder), "entries"],
        ["--ledger", under_a_file, "log", "1h", "web"],
    ]
    for argv in cases:
        sandbox.reset()
        _clean_refusal(sandbox, argv)
    assert not (tmp_path / "no").exists() and not list(folder.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_files(sandbox: Sandbox, tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(b"%PDF")
    locked.chmod(0)
    try:
        _clean_refusal(sandbox, ["expense", "add", "10", "web", "Taxi", "--receipt", str(locked)])
        _clean_refusal(sandbox, ["db", "restore", str(locked), "--force"])
        _clean_refusal(sandbox, ["import", "watson", str(locked)])
    finally:
        locked.chmod(0o600)


def _ledger_bytes(sandbox: Sandbox) -> bytes:
    return sandbox.psa.ledger.read_bytes()


def test_corrupted_foreign_and_newer_ledgers(sandbox: Sandbox, tmp_path: Path) -> None:

    good = sandbox.template.read_bytes()
    variants = {
        "truncated": good[: len(good) // 3],
        "header only": good[:100],
        "zeroed pages": good[:4096] + b"\0" * (len(good) - 4096),
        "garbage pages": good[:4096] + os.urandom(len(good) - 4096),
        "not sqlite": b"PK\x03\x04 a zip file, say" * 100,
        "empty": b"",
    }
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('someone else''s data')")
    conn.commit()
    conn.close()
    variants["foreign"] = foreign.read_bytes()
    newer = tmp_path / "newer.db"
    shutil.copyfile(sandbox.template, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    variants["newer schema"] = newer.read_bytes()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = -3")  # a damaged header (found by hypothesis)
    conn.close()
    variants["negative schema"] = newer.read_bytes()
    for name, data in variants.items():
        for argv in (["entries"], ["log", "1h", "web", "x"], ["client", "list"], ["status"]):
            sandbox.reset()
            sandbox.psa.ledger.write_bytes(data)
            result = sandbox.invoke(argv)
            shown = f"{name}: psa {argv} -> {result.exit_code}: {result.stderr!r}"
            if name == "empty":  # an empty file is a new ledger: psa creates its schema
                assert stat.S_IMODE(sandbox.psa.ledger.stat().st_mode) == 0o600
                continue
            assert result.exit_code in (1, 2), shown
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("psa: "), shown
            assert "Traceback" not in result.stdout + result.stderr, shown
            assert _ledger_bytes(sandbox) == data, f"{shown}: the file was changed"


def test_bad_config_files(sandbox: Sandbox) -> None:
    bad = [
        b"[business\nname = 'x'",  # not TOML
        b"\xff\xfe not utf-8",
        b"[business]\nrate = 1e309\n",  # a float (inf): psa takes text or whole numbers
        b"[business]\nrate = 'nan'\n",
        b"[rounding]\nminutes = 99999999999999999999999\n",
        b"[business]\ncurrency = 'EURO'\n",
        b"[nope]\nkey = 1\n",
        b"business = 5\n",
        b"[invoice]\nnumber_pattern = '{seq'\n",
        b"[time]\ntimezone = 'Mars/Olympus'\n",
    ]
    for data in bad:
        for argv in (["entries"], ["log", "1h", "web", "x"], ["config", "set", "business.name",
                                                             "y"], ["config", "list"]):  # fmt: skip
            sandbox.reset()
            sandbox.config.write_bytes(data)
            line = _clean_refusal(sandbox, argv)
            assert str(sandbox.config) in line, line
    sandbox.reset()
    sandbox.config.unlink()
    sandbox.config.mkdir()  # a folder where the config file should be
    try:
        _clean_refusal(sandbox, ["entries"])
    finally:
        sandbox.config.rmdir()


@settings(max_examples=int(os.environ.get("PSA_HOSTILE_EXAMPLES", "400")) // 5, **_SETTINGS)
@given(data=st.data())
def test_randomly_damaged_ledger(sandbox: Sandbox, data: st.DataObject) -> None:
    """Random bytes overwritten anywhere in the file: psa says so in one line or works."""

    raw = bytearray(sandbox.template.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        chunk = data.draw(st.binary(min_size=1, max_size=64))
        raw[at : at + len(chunk)] = chunk
    argv = data.draw(st.sampled_from([["entries"], ["log", "1h", "web"], ["invoice", "list"],
                                      ["report", "timesheet"]]))  # fmt: skip
    sandbox.reset()
    sandbox.psa.ledger.write_bytes(bytes(raw))
    result = sandbox.invoke(argv)
    shown = f"psa {argv} -> {result.exit_code}: {result.stderr!r} {result.exception!r}"
    assert result.exit_code in (0, 1, 2), shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    if result.exit_code:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("psa: "), shown
        assert _ledger_bytes(sandbox) == bytes(raw), f"{shown}: a refused command wrote"


FOUND = [  # what this file found (each was an internal error, exit 70, before its fix)
    ["log", "1h", "web", "x", "--person", "\udcff"],  # lone surrogate: undecodable argv
    ["expense", "add", "10", "web", "\udc80abc"],
    ["config", "set", "business.name", "\udc80abc"],
    ["entry", "delete", "9" * 30],  # beyond SQLite's 64-bit integers
    ["invoice", "pay", "9" * 400, "10"],
    ["invoice", "issue", "9" * 30],
    ["report", "timesheet", "9999-12-31", "--week"],  # a week past year 9999
    ["db", "restore", "x" * 10_000],  # file name too long
    ["invoice", "issue", "1"],  # already issued: warned 'issuing anyway', then refused
]


def test_what_this_file_found(sandbox: Sandbox) -> None:
    for argv in FOUND:
        sandbox.reset()
        _clean_refusal(sandbox, argv)


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_a_reader_that_goes_away(sandbox: Sandbox, tmp_path: Path, fmt: str) -> None:
    """`psa entries | head -1`: quiet, no traceback (a streaming reader's snapshot used to
    end on the closed connection and print 'Exception ignored ... ProgrammingError')."""
    import json
    import subprocess
    import sys

    frames = tmp_path / "frames.json"
    start = 1_735_714_800
    frames.write_text(json.dumps([[start + i * 3600, start + i * 3600 + 600, "web",
                                   f"{i:032x}", [], start] for i in range(3000)]))  # fmt: skip
    sandbox.psa("import", "watson", str(frames))
    child = subprocess.Popen(
        [sys.executable, "-m", "psa_cli", "entries", "--period", "all", "-f", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stdout.readline()
    child.stdout.close()  # the reader goes away after one line
    _, err = child.communicate(timeout=120)
    assert err == b"", err.decode()[-2000:]
    assert child.returncode in (0, 1)
