"""Every command has help text, answers --help, and is documented in docs/cli.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from psa_cli.cli.main import app

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[tuple[str, Any]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def walk(prefix: str, command: Any) -> None:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(f"{prefix} {name}".strip(), sub)
        else:
            found.append((prefix, command))

    walk("", root)
    return found


COMMANDS = _commands()


def test_command_tree_is_complete() -> None:
    names = {name for name, _ in COMMANDS}
    expected = {
        "init", "start", "stop", "status", "cancel", "resume", "log", "entries", "entry edit",
        "entry delete", "entry show", "client add", "client list", "client show", "client edit",
        "client archive", "project add", "project list", "project show", "project edit",
        "project archive", "task add", "task list", "task done", "person add", "person list",
        "person edit", "expense add", "expense list", "expense edit", "expense delete",
        "config get", "config set", "config list", "config path", "db path", "db check",
        "db backup",
    }  # fmt: skip
    assert expected <= names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_and_docs(name: str, command: Any) -> None:
    assert command.help and len(command.help.strip()) > 10, f"psa {name} has no help text"
    result = CliRunner().invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout
    docs = (ROOT / "docs" / "cli.md").read_text()
    assert f"### psa {name}\n" in docs, f"'psa {name}' is missing from docs/cli.md"
