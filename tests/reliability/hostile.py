"""The sandbox the hostile-input tests share: one seeded ledger and config, a fresh copy
of both for every run, and the checks every run must pass."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck

from tests.conftest import Psa


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


SETTINGS: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": True,  # the same examples on every run: a CI failure reproduces
}


def clean_refusal(sandbox: Sandbox, argv: list[str], *, code: int | None = None) -> str:
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
