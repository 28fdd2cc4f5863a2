"""`psa X ...` converts only the command X names (cli.main.only): same help, same
behaviour, same errors as the full tree."""

from __future__ import annotations

import pytest
import typer
from typer.main import get_command_name
from typer.testing import CliRunner

from psa_cli.cli.main import build, command_words, only
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


def _subwords() -> list[tuple[str, str]]:
    pairs = []
    for group in build().registered_groups:
        assert group.name and group.typer_instance
        for command in group.typer_instance.registered_commands:
            assert command.callback is not None
            pairs.append((group.name, command.name or get_command_name(command.callback.__name__)))
        pairs += [(group.name, g.name) for g in group.typer_instance.registered_groups if g.name]
    return pairs


@pytest.mark.parametrize(("word", "sub"), _subwords())
def test_help_of_each_group_command_is_unchanged_when_cut_to_it(word: str, sub: str) -> None:
    runner = CliRunner()
    whole_group = runner.invoke(only(build(), word), [word, sub, "--help"])
    cut_app = only(build(), word, sub)
    cut = runner.invoke(cut_app, [word, sub, "--help"])
    assert whole_group.exit_code == cut.exit_code == 0
    assert cut.stdout == whole_group.stdout and f"psa {word} {sub}" in cut.stdout
    (group,) = cut_app.registered_groups
    assert group.typer_instance is not None
    inner = group.typer_instance
    assert len(inner.registered_commands) + len(inner.registered_groups) == 1


def _report_commands(app: typer.Typer) -> int:
    (group,) = [g for g in app.registered_groups if g.name == "report"]
    assert group.typer_instance is not None
    return len(group.typer_instance.registered_commands)


def test_cutting_a_group_leaves_the_shared_sub_app_whole() -> None:
    before = _report_commands(build())
    assert _report_commands(only(build(), "report", "timesheet")) == 1
    assert _report_commands(build()) == before > 5


def test_unknown_sub_command_keeps_the_group_for_suggestions() -> None:
    app = only(build(), "report", "timeshet")
    (group,) = app.registered_groups
    assert group.typer_instance is not None and len(group.typer_instance.registered_commands) > 5
    result = CliRunner().invoke(app, ["report", "timeshet"])
    assert result.exit_code == 2
    assert "Did you mean 'timesheet'" in result.stderr


def test_command_words_skip_global_options() -> None:
    assert command_words(["-L", "x.db", "-f", "json", "report", "aging"]) == ("report", "aging")
    assert command_words(["report", "--from", "2026-01-01"]) == ("report", None)
    assert command_words(["--help", "report"]) == (None, None)
    assert command_words(["--version"]) == (None, None)


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
    cut = runner.invoke(only(build(), "report", "unbilled"), args)
    assert full.exit_code == pruned.exit_code == cut.exit_code == 0
    assert cut.stdout == pruned.stdout == full.stdout and '"report": "unbilled"' in full.stdout
