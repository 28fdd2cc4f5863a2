"""`psa X ...` converts only the command X names (cli.main.only): same help, same
behaviour, same errors as the full tree."""

from __future__ import annotations

import pytest
import typer
from typer.main import get_command_name
from typer.testing import CliRunner

from psa_cli.cli.main import build, only
from tests.conftest import Psa


def _words() -> list[str]:
    app = build()
    names = [g.name for g in app.registered_groups if g.name]
    names += [
        c.name or get_command_name(c.callback.__name__)
        for c in app.registered_commands
        if c.callback is not None
    ]
    return sorted(set(names))


@pytest.mark.parametrize("word", _words())
def test_help_of_each_top_level_command_is_unchanged(word: str) -> None:
    runner = CliRunner()
    full = runner.invoke(build(), [word, "--help"])
    pruned_app = only(build(), word)
    pruned = runner.invoke(pruned_app, [word, "--help"])
    assert full.exit_code == pruned.exit_code == 0
    assert pruned.stdout == full.stdout
    tree: typer.Typer = pruned_app
    assert len(tree.registered_groups) + len(tree.registered_commands) == 1


def test_unknown_word_keeps_the_full_tree_for_suggestions() -> None:
    app = only(build(), "reprot")
    assert len(app.registered_groups) > 5
    result = CliRunner().invoke(app, ["reprot"])
    assert result.exit_code == 2
    assert "Did you mean 'report'" in result.stderr


def test_a_pruned_run_gives_the_same_output(acme: Psa) -> None:
    acme("log", "2h", "acme-web", "work")
    runner = CliRunner()
    args = ["report", "unbilled", "--format", "json"]
    full = runner.invoke(build(), args)
    pruned = runner.invoke(only(build(), "report"), args)
    assert full.exit_code == pruned.exit_code == 0
    assert pruned.stdout == full.stdout and '"report": "unbilled"' in full.stdout
