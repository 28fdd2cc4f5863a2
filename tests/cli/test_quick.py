"""The hot path without Typer (cli.quick): it reads exactly the parameters Typer declares,
leaves every unusual command line to Typer, and where it runs a command, the output, exit
code and ledger are those of the Typer tree for the same command line."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from psa_cli.cli import quick
from psa_cli.cli.main import build
from tests.conftest import Psa, invoke

UID = re.compile(r"\b[0-9a-f]{32}\b")


def _typer_params(word: str) -> tuple[tuple[str, ...], int, dict[str, tuple[str, str]]]:
    """The parameters of the Typer command `word`, in quick.COMMANDS' shape."""
    group: Any = typer.main.get_command(build(full=False))
    command = group.commands[word]
    names, required, options = [], 0, {}
    for param in command.params:
        if param.param_type_name == "argument":
            names.append(param.name)
            required += bool(param.required)
            continue
        if param.is_flag:
            for opt in param.opts:
                options[opt] = (param.name, "yes")
            for opt in param.secondary_opts:
                options[opt] = (param.name, "no")
        else:
            for opt in param.opts:
                options[opt] = (param.name, "many" if param.multiple else "value")
    return tuple(names), required, options


@pytest.mark.parametrize("word", sorted(quick.COMMANDS))
def test_commands_hold_exactly_the_parameters_typer_declares(word: str) -> None:
    names, required, options = quick.COMMANDS[word]
    assert _typer_params(word) == (names, required, options)


def test_every_hot_command_is_in_it() -> None:
    from psa_cli.cli.main import HOT

    assert set(quick.COMMANDS) == HOT


def test_global_options_are_typers() -> None:
    group: Any = typer.main.get_command(build(full=False))
    declared = {opt: param.name for param in group.params if not param.is_flag
                for opt in param.opts}  # fmt: skip
    assert {opt: ("ledger" if name == "ledger" else "fmt") for opt, name in declared.items()} == {
        opt: param for opt, (param, _) in quick.GLOBAL.items()
    }


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["status"], ({}, "status", {"person": None, "fmt": None})),
        (["-f", "JSON", "status"], ({"fmt": "JSON"}, "status", {"person": None, "fmt": None})),
        (["--ledger=x.db", "-Ly.db", "stop", "--at", "-5"],
         ({"ledger": "y.db"}, "stop", {"at": "-5", "person": None, "fmt": None})),
        (["start", "web", "--tag", "a", "--tag=b", "-tdesign", "--non-billable", "--billable"],
         ({}, "start", {"project": "web", "note": "", "task": "design", "tag": ["a", "b"],
                        "at": None, "billable": True, "person": None, "fmt": None})),
        (["log", "--", "-1h", "web", "-x"],
         ({}, "log", {"duration": "-1h", "project": "web", "note": "-x", "date": None,
                      "at": None, "task": None, "tag": None, "billable": None,
                      "person": None, "fmt": None})),
        (["log", "1h", "web", "-", "--task", "--", "-d", "today", "--date", "monday"],
         ({}, "log", {"duration": "1h", "project": "web", "note": "-", "date": "monday",
                      "at": None, "task": "--", "tag": None, "billable": None,
                      "person": None, "fmt": None})),
    ],
)  # fmt: skip
def test_parse_reads_as_click_does(argv: list[str], expected: Any) -> None:
    assert quick.parse(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--version"],
        ["--help"],
        ["status", "--help"],
        ["status", "-h"],
        ["-h", "status"],
        ["status", "extra"],
        ["start"],
        ["log", "1h"],
        ["log", "1h", "web", "note", "more"],
        ["start", "web", "--task"],
        ["start", "web", "--billable=yes"],
        ["stop", "--tag", "x"],
        ["status", "-f", "xml"],
        ["-f", "xml", "status"],
        ["--format=Yaml", "stop"],
        ["start", "web", "-x"],
        ["log", "-1h", "web"],
        ["status", "--ledger", "x"],
        ["--", "status"],
        ["Status"],
        ["report", "timesheet"],
        ["start", "web\udcff"],
        ["cancel", "--format", "json"],
        ["--install-completion"],
    ],
)
def test_unusual_command_lines_are_left_to_typer(argv: list[str]) -> None:
    assert quick.parse(argv) is None
    assert quick.run(argv) is None


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_PSA_COMPLETE", "complete_bash")
    assert quick.parse(["status"]) is None


# --- the same command line through both paths --------------------------------------------


@pytest.fixture
def base(acme: Psa, tmp_path: Path) -> Path:
    """A ledger with a task, a second person and a running timer, closed and copied."""
    acme("task", "add", "acme-web", "Design")
    acme("person", "add", "Bob")
    acme("log", "2h", "acme-web", "earlier", "--date", "yesterday", "--at", "09:00")
    acme("start", "acme-web", "running", "--at", "14:00")
    path = tmp_path / "base.db"
    conn = sqlite3.connect(acme.ledger)
    conn.execute("VACUUM INTO ?", (str(path),))
    conn.close()
    return path


def _both(base: Path, work: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Run argv through cli.quick on one copy of `base` and through Typer on another;
    the same exit code, output (uids aside) and ledger."""
    runs = []
    for side in ("quick", "typer"):
        ledger = work / f"{side}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{ledger}{suffix}").unlink(missing_ok=True)
        shutil.copy(base, ledger)
        monkeypatch.setenv("PSA_LEDGER", str(ledger))
        args = [str(ledger) if a == "LEDGER" else a for a in argv]
        if side == "quick":
            assert quick.parse(args) is not None, args
            result = invoke(CliRunner(), args)
        else:
            result = CliRunner().invoke(build(), args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        out = UID.sub("UID", result.stdout.replace(str(ledger), "LEDGER"))
        runs.append((result.exit_code, out, result.stderr, _dump(ledger)))
    assert runs[0] == runs[1], argv


def _dump(ledger: Path) -> list[str]:
    conn = sqlite3.connect(ledger)
    try:
        return [UID.sub("UID", line) for line in conn.iterdump()]
    finally:
        conn.close()


CASES = [
    ["status"], ["-f", "json", "status"], ["status", "--format", "csv"], ["status", "-fJSON"],
    ["status", "--person", "Bob"], ["status", "--person", "nobody"], ["--ledger", "LEDGER", "stop"],
    ["stop", "--at", "15:30"], ["stop", "--at", "13:00"], ["stop", "--at", "nonsense"],
    ["stop", "-f", "csv"], ["cancel"], ["cancel", "--person", "Bob"], ["resume"],
    ["start", "acme-web"], ["start", "acme/acme-web", "note", "--task", "design", "--tag", "a b",
                            "--tag", "x", "--at", "15:00", "-f", "json"],
    ["start", "nope"], ["start", "acme-web", "--task", "nope"], ["start", "acme-web", "--person",
                                                                 "Bob", "--non-billable"],
    ["log", "1h30m", "acme-web", "fixed login"], ["log", "90m", "acme-web", "-d", "yesterday",
                                                  "--at", "23:00", "-f", "json"],
    ["log", "25h", "acme-web"], ["log", "1h", "acm"], ["log", "0", "acme-web"],
    ["log", "1h", "acme-web", "--date", "someday"], ["log", "1:30", "acme-web", "", "--billable",
                                                     "-f", "csv"],
    ["log", "1h", "acme-web", "=1+2", "--tag", "", "--task", "Design"],
    ["-f", "csv", "log", "2h", "acme-web", "--", "-dash note"],
    ["status", "-f", "json", "--format", "csv"], ["-f", "csv", "-f", "json", "status"],
    ["log", "1h", "acme-web", "-d", "yesterday", "--date", "monday", "-t", "x", "-tdesign"],
]  # fmt: skip


@pytest.mark.parametrize("argv", CASES)
def test_the_same_as_typer(argv: list[str], base: Path, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _both(base, tmp_path, argv, monkeypatch)


WORDS = ["acme-web", "nope", "1h", "90m", "2:00", "25h", "note", "", "-", "--", "a b",
         "yesterday", "09:00", "15:30", "json", "csv", "JSON", "Bob", "me", "design"]  # fmt: skip
OPTIONS = ["--tag", "--task", "-t", "--at", "--date", "-d", "--person", "-f", "--format",
           "--billable", "--non-billable"]  # fmt: skip


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    word=st.sampled_from(sorted(quick.COMMANDS)),
    tokens=st.lists(st.sampled_from(WORDS + OPTIONS), max_size=6),
    front=st.sampled_from([[], ["-f", "json"], ["--format=csv"], ["-L", "LEDGER"]]),
)
def test_generated_command_lines_match_typer(word: str, tokens: list[str], front: list[str],
                                             base: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    argv = [*front, word, *tokens]
    if quick.parse(argv) is None:
        assert quick.run(argv) is None
        return
    _both(base, tmp_path, argv, monkeypatch)
