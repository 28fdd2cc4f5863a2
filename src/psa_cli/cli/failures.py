"""How a run of `psa` ends when something goes wrong: one line on stderr
(`psa: <problem>: <fix>`) and an exit code — 1 refused, 2 usage, 130 interrupted, 70 for
an internal error — never a traceback unless PSA_DEBUG=1.

Typer-free: the Typer tree (`cli.main.PsaGroup`) and the hot commands' own dispatcher
(`cli.quick`) end through the same functions.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from psa_cli.cli.state import echo
from psa_cli.domain.errors import PsaError


def fail(message: str, code: int) -> NoReturn:
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    echo(f"psa: {first}", err=True)
    sys.exit(code)


def undecodable(argv: Sequence[str]) -> str | None:
    """The first argument that is not UTF-8 (bytes that are not reach Python as lone
    surrogates, PEP 383: SQLite, JSON and every file format would choke on them later,
    half-way through a command), shown escaped; None when all are."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "backslashreplace").decode()[:60]
    return None


def refuse_undecodable(argv: Sequence[str]) -> None:
    shown = undecodable(argv)
    if shown is not None:
        fail(f"argument '{shown}' is not valid UTF-8 text: check the terminal's "
             "encoding (LANG/LC_ALL) or retype it", 2)  # fmt: skip


def handle(exc: BaseException) -> NoReturn:
    """End the run for an exception a command raised (usage errors of the argument
    parser are worded by the caller first). Re-raises it under PSA_DEBUG=1 when it is
    not one of ours."""
    debug = bool(os.environ.get("PSA_DEBUG"))
    if isinstance(exc, PsaError):
        fail(exc.message, exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        fail("interrupted", 130)
    if type(exc).__name__ == "Abort":  # a declined confirmation or Ctrl-D at a prompt
        fail("aborted: nothing was changed", 1)
    if not isinstance(exc, Exception):
        raise exc
    if type(exc).__module__ == "sqlite3" and not debug:
        fail(f"ledger error: {exc}: retry, or run 'psa db check'", 1)
    if isinstance(exc, OverflowError) and not debug:
        # a date past year 9999 or a number beyond SQLite's 64 bits, from user input
        fail(f"value out of range ({exc}): use a smaller number or a nearer date", 2)
    if isinstance(exc, UnicodeDecodeError) and not debug:
        # SQLite hands back text that is not UTF-8: the ledger file is damaged
        fail("ledger error: stored text is not valid UTF-8 (a damaged file?): run "
             "'psa db check', or restore a backup with 'psa db restore'", 1)  # fmt: skip
    if isinstance(exc, OSError) and not debug:
        # a path the file system refuses (name too long, permissions, disk full): the
        # write transaction, if any, has rolled back
        name = str(exc.filename or "")
        where = f" {name[:80]}{'...' if len(name) > 80 else ''}" if name else ""
        fail(f"cannot use{where}: {exc.strerror or exc}: check the path", 1)
    if debug:
        raise exc
    fail(f"internal error ({type(exc).__name__}: {exc}); rerun with PSA_DEBUG=1 "
         "and report it", 70)  # fmt: skip
