"""Readers of other time trackers' exports: file -> plain `SourceRow`s, nothing else.

Pure code (no ledger, no SQL): each module reads one tool's layout and returns a
`Parsed` (rows, per-row problems with their line, warnings). Matching names to the
ledger, idempotence and the transaction are `services/importing.py`'s job.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from psa_cli.importers.records import Parsed, ReadOptions

SOURCES = ("toggl", "clockify", "harvest", "kimai", "watson", "timewarrior")


def read(source: str, path: Path, opts: ReadOptions) -> Parsed:
    """Read `path` as an export of `source` (one of SOURCES)."""
    module = importlib.import_module(f"psa_cli.importers.{source}")
    parsed: Parsed = module.read(path, opts)
    return parsed
