"""The hot path: `psa status`, `start`, `stop`, `log`, `cancel` and `resume` run without
importing Typer when their command line is an ordinary one.

`import typer` and building its click command take ~45 ms of the ~95 ms a `psa status`
took (docs/performance.md, "The hot path"); a prompt-side tracker is run dozens of times a
day. So `parse` reads the command lines these six commands accept, the way click reads
them (options anywhere after the command word, `--opt=value`, `-tvalue`, `--` ending the
options, the last of a repeated option winning, `--tag` collecting), and `run` calls the
same functions the Typer commands call (`cli.timer_verbs`), ending through the same
failure handling (`cli.failures`).

Anything else — `--help`, `--version`, an unknown or misspelt option, a missing or extra
argument, a bad `--format`, text that is not UTF-8, shell completion — makes `parse`
return None and the run goes to Typer, which words the usage error, prints the help, or
completes. So this module never words a usage error of its own, and a command line gives
the same output, exit code and ledger either way (tests/cli/test_quick.py runs both on
generated command lines). `COMMANDS` must hold exactly the parameters Typer declares in
`cli.timer`; a test compares them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from psa_cli.cli.failures import undecodable
from psa_cli.cli.state import FORMATS

# option word -> (parameter, kind): "value" takes the next word (or =value), "many" too
# and collects, "yes"/"no" set True/False
Options = dict[str, tuple[str, str]]

_PERSON: Options = {"--person": ("person", "value")}
_FORMAT: Options = {"--format": ("fmt", "value"), "-f": ("fmt", "value")}
_AT: Options = {"--at": ("at", "value")}
_TASK: Options = {"--task": ("task", "value"), "-t": ("task", "value")}
_TAG: Options = {"--tag": ("tag", "many")}
_BILLABLE: Options = {"--billable": ("billable", "yes"), "--non-billable": ("billable", "no")}
_DATE: Options = {"--date": ("date", "value"), "-d": ("date", "value")}

# command -> (positional parameters, how many are required, options)
COMMANDS: dict[str, tuple[tuple[str, ...], int, Options]] = {
    "start": (("project", "note"), 1, {**_TASK, **_TAG, **_AT, **_BILLABLE, **_PERSON, **_FORMAT}),
    "stop": ((), 0, {**_AT, **_PERSON, **_FORMAT}),
    "status": ((), 0, {**_PERSON, **_FORMAT}),
    "cancel": ((), 0, {**_PERSON}),
    "resume": ((), 0, {**_AT, **_PERSON, **_FORMAT}),
    "log": (("duration", "project", "note"), 2,
            {**_DATE, **_AT, **_TASK, **_TAG, **_BILLABLE, **_PERSON, **_FORMAT}),
}  # fmt: skip
GLOBAL: Options = {"--ledger": ("ledger", "value"), "-L": ("ledger", "value"), **_FORMAT}


class _Unusual(Exception):
    """A command line this module leaves to Typer."""


def parse(argv: Sequence[str]) -> tuple[dict[str, Any], str, dict[str, Any]] | None:
    """(global options, command, its keyword arguments), or None: leave it to Typer."""
    if "_PSA_COMPLETE" in os.environ or undecodable(argv) is not None:
        return None  # (Typer's path refuses text that is not UTF-8 in one line)
    try:
        at, globals_ = _options(argv, 0, GLOBAL)
        if at >= len(argv) or argv[at] not in COMMANDS:
            return None
        word = argv[at]
        names, required, options = COMMANDS[word]
        positional: list[str] = []
        kwargs = _options(argv, at + 1, options, positional=positional)[1]
    except _Unusual:
        return None
    if not required <= len(positional) <= len(names):
        return None
    for fmt in (globals_.get("fmt"), kwargs.get("fmt")):
        if fmt is not None and fmt.lower() not in FORMATS:
            return None
    for name, param in zip(names, [*positional, *[""] * (len(names) - len(positional))],
                           strict=True):  # fmt: skip
        kwargs[name] = param
    for name, _kind in options.values():
        kwargs.setdefault(name, None)
    return globals_, word, kwargs


def _options(argv: Sequence[str], at: int, options: Options,
             positional: list[str] | None = None) -> tuple[int, dict[str, Any]]:  # fmt: skip
    """Read options from argv[at:] as click does; (where reading stopped, the values).
    Without `positional`, the first word that is not an option ends the reading (a
    group's options come before its command); with it, words go there, and `--` makes
    every later one a word."""
    values: dict[str, Any] = {}
    while at < len(argv):
        token = argv[at]
        if token == "--" and positional is not None:
            positional.extend(argv[at + 1 :])
            return len(argv), values
        if token[:1] != "-" or token == "-" or token == "--":
            if positional is None:
                return at, values
            positional.append(token)
            at += 1
            continue
        if token.startswith("--"):
            name, equals, attached = token.partition("=")
            value: str | None = attached if equals else None
        else:  # -tVALUE is -t with VALUE
            name, value = token[:2], (token[2:] or None)
        if name not in options:
            raise _Unusual(token)
        param, kind = options[name]
        at += 1
        if kind in ("yes", "no"):
            if value is not None:
                raise _Unusual(token)  # --billable=x: click's own error
            values[param] = kind == "yes"
            continue
        if value is None:
            if at >= len(argv):
                raise _Unusual(token)  # the option's value is missing
            value = argv[at]
            at += 1
        if kind == "many":
            values.setdefault(param, []).append(value)
        else:
            values[param] = value
    return at, values


def run(argv: Sequence[str]) -> int | None:
    """Run the command line without Typer; its exit code, or None when it is one for
    Typer (nothing has been done then)."""
    parsed = parse(argv)
    if parsed is None:
        return None
    globals_, word, kwargs = parsed
    from psa_cli.cli import timer_verbs
    from psa_cli.cli.failures import handle
    from psa_cli.cli.state import STATE, close_ledger

    STATE.ledger_path = globals_.get("ledger")
    STATE.fmt = (globals_.get("fmt") or "table").lower()
    STATE.ledger = None
    try:
        try:
            getattr(timer_verbs, word)(**kwargs)
        except (Exception, KeyboardInterrupt) as exc:
            handle(exc)
        finally:
            close_ledger()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def main() -> None:
    """The `psa` console script: a hot command line runs here, anything else in Typer
    (`cli.main.main`)."""
    import sys

    code = run(sys.argv[1:])
    if code is None:
        from psa_cli.cli.main import main as typer_main

        typer_main()
        return
    # No interpreter teardown once the output is out (os._exit skips ~15 ms of module
    # clean-up; the ledger is closed): as the Typer path does for these commands.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that went away: what was printed is all it wanted
            pass
    os._exit(code)
