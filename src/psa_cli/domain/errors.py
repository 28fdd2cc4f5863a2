"""Errors that reach the user as one line on stderr.

Every error a person can cause carries the problem *and* the fix in its message.
`exit_code` 1 means the ledger refused the operation, 2 means the command was
used wrongly (bad value, unknown option). The CLI turns these into
`psa: <message>` and the exit code; nothing else is printed.
"""

from __future__ import annotations


class PsaError(Exception):
    """Base for every expected failure: one line, an exit code, never a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(PsaError):
    """A value the user typed cannot be parsed (duration, date, amount, ...)."""

    exit_code = 2


class NotFound(PsaError):
    """A client, project, entry, ... named on the command line does not exist."""


class Refused(PsaError):
    """The ledger refuses the operation (locked entry, duplicate code, no timer...)."""


class Locked(Refused):
    """The row belongs to an issued invoice or an approved timesheet."""


class LedgerError(PsaError):
    """The ledger file itself is unusable (not SQLite, newer schema, unreadable)."""


class ConfigError(PsaError):
    """The configuration file is unreadable or a key/value is not allowed."""

    exit_code = 2
