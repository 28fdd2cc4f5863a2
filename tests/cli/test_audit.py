"""`psa audit`: every mutation is recorded (create, update old → new, delete, bulk invoice
writes) in the same transaction as the change, and shown newest first."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Psa


def _trail(psa: Psa, *args: str) -> list[dict[str, Any]]:
    return psa.json("audit", "--limit", "1000", *args)  # type: ignore[no-any-return]


def test_create_update_delete_of_an_entry_are_recorded(acme: Psa) -> None:
    acme("log", "1h30m", "acme-web", "fixed login")
    acme("entry", "edit", "1", "--note", "fixed the login form")
    acme("entry", "delete", "1", "--yes")
    rows = _trail(acme, "--entity", "entry", "--id", "1")
    assert [r["action"] for r in rows] == ["delete", "update", "create"]
    deleted, updated, created = rows
    assert created["entity"] == "time_entries" and created["entity_id"] == 1
    assert created["detail"]["seconds"] == 5400
    assert created["detail"]["note"] == "fixed login"
    assert updated["detail"] == {"note": ["fixed login", "fixed the login form"]}
    assert deleted["detail"]["note"] == "fixed the login form"
    assert all(r["at"].endswith("Z") for r in rows)


def test_table_shows_old_to_new_in_local_time(acme: Psa) -> None:
    acme("log", "1h", "acme-web", "a")
    acme("entry", "edit", "1", "--note", "b")
    out = acme("audit", "--entity", "entry", "--limit", "1").stdout
    assert "note: a → b" in out
    assert "2026-11-26 16:00:00" in out  # 15:00 UTC in Europe/Paris
    assert "create" not in out  # --limit 1: only the newest row


def test_invoice_lifecycle_is_recorded_including_bulk_writes(acme: Psa) -> None:
    for _ in range(3):
        acme("log", "2h", "acme-web", "work")
    acme("invoice", "create", "acme")
    acme("invoice", "line", "add", "1", "Setup", "--quantity", "1", "--price", "50")
    acme("invoice", "issue", "1")
    acme("invoice", "void", "1")
    rows = _trail(acme, "--entity", "invoice", "--id", "1")
    actions = [r["action"] for r in reversed(rows)]
    assert actions[:3] == ["create", "lines", "attach"]
    attach = next(r for r in rows if r["action"] == "attach")
    assert attach["detail"]["time_entries"] == 3
    assert attach["detail"]["first_id"] == 1 and attach["detail"]["last_id"] == 3
    issued = next(r for r in rows if r["action"] == "update" and "number" in r["detail"])
    assert issued["detail"]["number"] == [None, "INV-2026-0001"]
    assert issued["detail"]["status"] == ["draft", "issued"]
    release = next(r for r in rows if r["action"] == "release")
    assert release["detail"] == {"time_entries": 3, "expenses": 0}
    lines = _trail(acme, "--entity", "line")
    assert [r["action"] for r in lines] == ["create"]  # the manual line
    assert lines[0]["detail"]["description"] == "Setup"


def test_every_write_in_a_session_leaves_a_row(acme: Psa) -> None:
    """Counting: each command that changes rows adds at least one audit row."""
    before = len(_trail(acme))
    commands = [
        ("log", "1h", "acme-web", "x"),
        ("expense", "add", "12.50", "acme-web", "Train"),
        ("client", "edit", "acme", "--terms", "45"),
        ("task", "add", "acme-web", "Design"),
        ("person", "add", "Bob"),
    ]
    for n, args in enumerate(commands, start=1):
        acme(*args)
        assert len(_trail(acme)) > before, args
        before = len(_trail(acme))
        assert n


def test_since_filters_by_local_day_and_csv_carries_json_detail(
    acme: Psa, monkeypatch: Any
) -> None:
    acme("log", "1h", "acme-web", "old")
    monkeypatch.setenv("PSA_NOW", "2026-11-28T09:00:00Z")
    acme("log", "2h", "acme-web", "new")
    rows = _trail(acme, "--since", "2026-11-28")
    assert len(rows) == 1 and rows[0]["detail"]["note"] == "new"
    out = acme("audit", "--since", "2026-11-28", "--format", "csv").stdout.splitlines()
    assert out[0] == "id,at,entity,entity_id,action,detail"
    detail = json.loads(next(iter(__import__("csv").reader(out[1:])))[5])
    assert detail["seconds"] == 7200


def test_bad_filters_are_refused_with_a_fix(acme: Psa) -> None:
    assert "unknown entity 'entrie'" in acme.fail("audit", "--entity", "entrie", code=2)
    assert "--id needs --entity" in acme.fail("audit", "--id", "3", code=2)
    assert "--limit must be between" in acme.fail("audit", "--limit", "0", code=2)
