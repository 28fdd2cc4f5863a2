"""Hostile files: missing, unreadable, too-long and misplaced paths, corrupted, foreign,
newer and randomly damaged ledgers, bad config files, a reader that goes away. Each
refusal is one `psa: ` line with the ledger (and config) unchanged; see
test_hostile_input.py for the values typed on the command line."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reliability.hostile import SETTINGS, Sandbox, clean_refusal


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
        clean_refusal(sandbox, argv)
    assert not (tmp_path / "no").exists() and not list(folder.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_files(sandbox: Sandbox, tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(b"%PDF")
    locked.chmod(0)
    try:
        clean_refusal(sandbox, ["expense", "add", "10", "web", "Taxi", "--receipt", str(locked)])
        clean_refusal(sandbox, ["db", "restore", str(locked), "--force"])
        clean_refusal(sandbox, ["import", "watson", str(locked)])
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
            line = clean_refusal(sandbox, argv)
            assert str(sandbox.config) in line, line
    sandbox.reset()
    sandbox.config.unlink()
    sandbox.config.mkdir()  # a folder where the config file should be
    try:
        clean_refusal(sandbox, ["entries"])
    finally:
        sandbox.config.rmdir()


@settings(max_examples=int(os.environ.get("PSA_HOSTILE_EXAMPLES", "400")) // 5, **SETTINGS)
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
