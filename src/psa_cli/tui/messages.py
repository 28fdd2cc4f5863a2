"""Messages the TUI posts upwards (attributes down, messages up)."""

from __future__ import annotations

from textual.message import Message


class LedgerChanged(Message):
    """The ledger file changed (another process or one of our workers committed)."""

    def __init__(self, version: int) -> None:
        super().__init__()
        self.version = version
