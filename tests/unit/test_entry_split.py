"""services.entry_split: one entry cut in two in one transaction (the TUI's split)."""

from __future__ import annotations

import pytest

from psa_cli.domain.errors import InvalidInput, Locked, PsaError, Refused
from psa_cli.services.entry_split import split_entry
from psa_cli.services.ledger import Ledger
from tests.conftest import Psa


def _split(entry_id: int, first: str) -> None:
    ledger = Ledger.open()
    try:
        split_entry(ledger, entry_id, first)
    finally:
        ledger.close()


def test_clocked_entry_is_cut_at_start_plus_first_part(acme: Psa) -> None:
    acme("log", "2h", "acme-web", "workshop", "--date", "2026-11-24", "--at", "09:00",
         "--tag", "onsite")  # fmt: skip
    _split(1, "45m")
    first, rest = acme.json("entries", "--from", "2026-11-24", "--to", "2026-11-24")
    # 09:00 Paris = 08:00Z; 45m later = 08:45Z; the rest runs to 10:00Z
    assert (first["started_at"], first["ended_at"], first["seconds"]) == (
        "2026-11-24T08:00:00Z", "2026-11-24T08:45:00Z", 2700)  # fmt: skip
    assert (rest["started_at"], rest["ended_at"], rest["seconds"]) == (
        "2026-11-24T08:45:00Z", "2026-11-24T10:00:00Z", 4500)  # fmt: skip
    assert (rest["note"], rest["tags"], rest["project"]) == ("workshop", ["onsite"], "acme-web")


def test_duration_entry_keeps_its_day_and_total(acme: Psa) -> None:
    acme("log", "1h30m", "acme-web", "calls", "--date", "2026-11-23")
    _split(1, "1h")
    rows = acme.json("entries", "--from", "2026-11-23", "--to", "2026-11-23")
    assert [(e["day"], e["seconds"], e["started_at"]) for e in rows] == [
        ("2026-11-23", 3600, None), ("2026-11-23", 1800, None)]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "error", "message"),
    [
        ("2h", InvalidInput, "the first part must be shorter than the entry's 2h: give e.g. 1h"),
        ("0m", InvalidInput, None),
    ],
)
def test_first_part_must_leave_a_rest(
    acme: Psa, first: str, error: type[PsaError], message: str | None
) -> None:
    acme("log", "2h", "acme-web", "x", "--date", "2026-11-23")
    before = acme.dump()
    with pytest.raises(error) as raised:
        _split(1, first)
    if message:
        assert raised.value.message == message
    assert acme.dump() == before


def test_billed_and_running_entries_are_refused(acme: Psa) -> None:
    acme("log", "2h", "acme-web", "x", "--date", "2026-11-23")
    acme("invoice", "create", "acme")
    acme("invoice", "issue", "1")
    acme("start", "acme-web")
    before = acme.dump()
    with pytest.raises(Locked) as billed:
        _split(1, "1h")
    assert billed.value.message == (
        "entry 1 is billed on invoice INV-2026-0001: it cannot be split; void the invoice or "
        "issue a credit note first"
    )
    with pytest.raises(Refused, match="running timer: stop it before splitting"):
        _split(2, "1m")
    assert acme.dump() == before
