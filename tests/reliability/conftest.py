"""Fixtures of the reliability tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Psa
from tests.reliability.hostile import Sandbox


@pytest.fixture
def sandbox(psa: Psa, tmp_path: Path) -> Sandbox:
    """A seeded ledger and config; each run starts from a fresh copy of both."""
    return Sandbox(psa, tmp_path)
