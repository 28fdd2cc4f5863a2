"""Every test runs against its own temp ledger and config (never the user's)."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

FROZEN_NOW = "2026-11-26T15:00:00Z"  # Thursday, 16:00 in Europe/Paris


@pytest.fixture(autouse=True)
def isolated_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ledger = tmp_path / "data" / "ledger.db"
    monkeypatch.setenv("PSA_LEDGER", str(ledger))
    monkeypatch.setenv("PSA_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("PSA_TZ", "Europe/Paris")
    monkeypatch.setenv("PSA_NOW", FROZEN_NOW)
    monkeypatch.delenv("PSA_DEBUG", raising=False)
    return ledger


def invoke(runner: CliRunner, args: list[str], stdin: str | None = None) -> Any:
    """Run `psa ARGS` in-process as the console script does: a hot command line through
    `cli.quick` (no Typer), anything else through the Typer tree; a CliRunner Result."""
    from psa_cli.cli import quick

    if quick.parse(args) is None:
        from psa_cli.cli.main import app

        return runner.invoke(app, args, input=stdin)
    from typer.testing import Result

    with runner.isolation(input=stdin) as (out, err, both):
        code = quick.run(args)
        assert code is not None
        sys.stdout.flush()
        sys.stderr.flush()
        captured = out.getvalue(), err.getvalue(), both.getvalue()
    return Result(runner, *captured, None, code, SystemExit(code) if code else None)


class Psa:
    """Run `psa ...` in-process, as `invoke` does."""

    def __init__(self, ledger: Path) -> None:
        self.ledger = ledger
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, stdin: str | None = None) -> Any:
        result = invoke(self.runner, list(args), stdin)
        assert result.exit_code == code, (
            f"psa {' '.join(args)} -> {result.exit_code}\nstdout: {result.stdout}\n"
            f"stderr: {result.stderr}\nexc: {result.exception!r}"
        )
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--format", "json").stdout)

    def fail(self, *args: str, code: int = 1) -> str:
        """Run a command that must be refused; return its single stderr line."""
        before = self.dump()
        result = self(*args, code=code)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
        assert lines[0].startswith("psa: "), lines[0]
        assert "Traceback" not in result.stderr + result.stdout
        assert self.dump() == before, "a refused command changed the ledger"
        return lines[0]

    def dump(self) -> list[str]:
        if not self.ledger.exists():
            return []
        conn = sqlite3.connect(self.ledger)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master")
        except sqlite3.DatabaseError:  # not a ledger at all: compare the raw bytes
            conn.close()
            return [self.ledger.read_bytes().hex()]
        try:
            return [
                line for line in conn.iterdump() if "audit_log" not in line or "INSERT" not in line
            ] + [str(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])]
        finally:
            conn.close()

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.ledger)
        try:
            return conn.execute(query, params).fetchall()
        finally:
            conn.close()


@pytest.fixture
def psa(isolated_ledger: Path) -> Psa:
    return Psa(isolated_ledger)


@pytest.fixture
def acme(psa: Psa) -> Psa:
    """A ledger with business details, a client 'acme' and a project 'acme-web'."""
    psa("init", "--name", "Jane Doe Consulting", "--currency", "EUR", "--rate", "100")
    psa("client", "add", "ACME Corp", "--code", "acme", "--rate", "120", "--tax-rate", "20",
        "--terms", "30")  # fmt: skip
    psa("project", "add", "acme", "Web shop", "--code", "acme-web", "--budget-hours", "40")
    return psa


Runner = Callable[..., Any]
