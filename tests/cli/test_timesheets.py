"""Timesheet approval: submit, approve, reject, reopen; approved weeks lock their time;
`invoice.approved_only` keeps drafts to approved time.

Frozen clock: Thursday 2026-11-26, ISO week 2026-W48 (Monday 2026-11-23)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Psa


@pytest.fixture
def week(acme: Psa) -> Psa:
    acme("person", "add", "Ana Lee")
    acme("log", "3h", "acme-web", "--person", "Ana Lee", "--date", "2026-11-24")
    acme("log", "2h", "acme-web", "--person", "Ana Lee", "--date", "2026-11-16")
    acme("log", "1h", "acme-web", "--date", "2026-11-25")
    return acme


def test_submit_approve_reject_reopen(week: Psa) -> None:
    out = week("timesheet", "submit", "--person", "Ana Lee", "--week", "2026-W48").stdout
    assert out == "Submitted Ana Lee's 2026-W48 (3:00 in 1 entry) for approval.\n"
    states = {r["person"]: r["state"] for r in week.json("timesheet", "status")}
    assert states == {"me": "open", "Ana Lee": "submitted"}
    line = week.fail("timesheet", "submit", "--person", "Ana Lee")
    assert 'already submitted: approve it with \'psa timesheet approve "Ana Lee"' in line
    row = week.json("timesheet", "reject", "Ana Lee", "--week", "this", "--reason",
                    "Tuesday is missing its note")  # fmt: skip
    assert (row["state"], row["reason"]) == ("rejected", "Tuesday is missing its note")
    assert "is rejected, not submitted" in week.fail("timesheet", "approve", "Ana Lee",
                                                     "--week", "2026-W48")  # fmt: skip
    week("timesheet", "submit", "--person", "Ana Lee", "--week", "2026-11-25")
    row = week.json("timesheet", "approve", "Ana Lee", "--week", "W48")
    assert (row["state"], row["logged_seconds"], row["week_start"]) == (
        "approved", 3 * 3600, "2026-11-23",
    )  # fmt: skip
    assert "already approved: reopen it first" in week.fail(
        "timesheet", "submit", "--person", "Ana Lee"
    )
    week("timesheet", "reopen", "Ana Lee", "--week", "2026-W48")
    assert week.json("timesheet", "status", "--person", "Ana Lee")[0]["state"] == "open"
    assert "already open" in week.fail("timesheet", "reopen", "Ana Lee", "--week", "W48")
    history = week.json("timesheet", "status", "--all")
    assert [(r["person"], r["week"], r["state"]) for r in history] == [
        ("Ana Lee", "2026-W48", "open")
    ]
    csv = week("timesheet", "status", "--week", "last", "-f", "csv").stdout.splitlines()
    assert csv[0].startswith("person,week,week_start,state,logged_seconds,entries")
    assert csv[1].startswith("me,2026-W47,2026-11-16,open,0,0")
    assert csv[2].startswith("Ana Lee,2026-W47,2026-11-16,open,7200,1")


def test_refusals(week: Psa) -> None:
    assert "reason must not be empty" in week.fail(
        "timesheet", "reject", "Ana Lee", "--week", "W48", "--reason", " ", code=2
    )
    assert "say which week" in week.fail("timesheet", "approve", "Ana Lee", code=2)
    assert "invalid week '2026-W99'" in week.fail(
        "timesheet", "submit", "--week", "2026-W99", code=2
    )
    assert "has not started yet" in week.fail("timesheet", "submit", "--week", "next")
    assert "unknown person 'Ana': did you mean 'Ana Lee'" in week.fail(
        "timesheet", "approve", "Ana", "--week", "W48"
    )
    assert "is open, not submitted: submit it first" in week.fail(
        "timesheet", "approve", "Ana Lee", "--week", "W48"
    )
    week("start", "acme-web")
    week("timesheet", "submit")
    assert "has a timer running in 2026-W48: stop it" in week.fail(
        "timesheet", "approve", "me", "--week", "this"
    )


def test_approved_week_locks_its_entries(week: Psa) -> None:
    week("timesheet", "submit", "--person", "Ana Lee")
    week("timesheet", "approve", "Ana Lee", "--week", "W48")
    [entry] = week.json("entries", "--person", "Ana Lee", "--from", "2026-11-23")
    hint = "reopen it with 'psa timesheet reopen \"Ana Lee\" --week 2026-W48'"
    line = week.fail("entry", "edit", str(entry["id"]), "--note", "changed")
    assert line == (
        "psa: 2026-11-24 is in Ana Lee's approved timesheet 2026-W48: time there cannot be "
        f"edited; {hint}"
    )
    assert "cannot be deleted" in week.fail("entry", "delete", str(entry["id"]))
    assert hint in week.fail("log", "1h", "acme-web", "--person", "Ana Lee", "--date", "monday")
    assert "cannot be logged" in week.fail("start", "acme-web", "--person", "Ana Lee")
    # moving an entry of an open week into the approved one is refused too
    [older] = week.json("entries", "--person", "Ana Lee", "--to", "2026-11-22")
    assert "cannot be logged" in week.fail("entry", "edit", str(older["id"]), "--date",
                                           "2026-11-23")  # fmt: skip
    # other people and other weeks are untouched
    week("log", "1h", "acme-web", "--date", "monday")
    week("log", "1h", "acme-web", "--person", "Ana Lee", "--date", "2026-11-30")
    week("timesheet", "reopen", "Ana Lee", "--week", "2026-W48")
    week("entry", "edit", str(entry["id"]), "--note", "changed")


def test_approved_only_limits_drafts_to_approved_time(week: Psa) -> None:
    assert week("config", "get", "invoice.approved_only").stdout.strip() == "false"
    week("config", "set", "invoice.approved_only", "true")
    assert "nothing to invoice" in week.fail("invoice", "create", "acme", "--dry-run")
    week("timesheet", "submit", "--person", "Ana Lee", "--week", "2026-W47")
    week("timesheet", "approve", "Ana Lee", "--week", "2026-W47")
    # only Ana's 2h of W47 at the client rate 120: 240.00 net, VAT 20% -> 288.00
    doc = week.json("invoice", "create", "acme", "--dry-run")
    assert doc["totals"]["net"] == "240.00" and doc["totals"]["gross"] == "288.00"
    grouped = week.json("invoice", "create", "acme", "--group-by", "project", "--dry-run")
    assert grouped["totals"]["net"] == "240.00"
    week("config", "set", "invoice.approved_only", "false")
    # all 6h: 720.00
    assert week.json("invoice", "create", "acme", "--dry-run")["totals"]["net"] == "720.00"
    assert "is not true or false" in week.fail(
        "config", "set", "invoice.approved_only", "maybe", code=2
    )


def test_db_check_invariants_of_planning_tables(week: Psa) -> None:
    week("allocate", "Ana Lee", "acme-web", "-H", "10", "--to", "2026-12-31")
    week("timesheet", "submit", "--person", "Ana Lee")
    week("timesheet", "approve", "Ana Lee", "--week", "W48")
    assert "OK" in week("db", "check").stdout
    conn = sqlite3.connect(week.ledger)  # damage the ledger by hand
    conn.execute("UPDATE timesheets SET week_start = '2026-11-24'")
    conn.execute("UPDATE allocations SET end_day = '2026-13-01'")
    conn.execute(
        "INSERT INTO time_entries (uid, person_id, project_id, day, started_at, seconds, "
        "created_at, updated_at) VALUES ('x', 2, 1, '2026-11-25', '2026-11-25T08:00:00Z', 0, "
        "'2026-11-25T08:00:00Z', '2026-11-25T08:00:00Z')"
    )
    conn.commit()
    conn.close()
    out = week("db", "check", code=1)
    text = out.stdout + out.stderr
    assert "timesheet weeks run Monday to Sunday: violated by 1 (2026-W48)" in text
    assert "allocation and task days are ISO dates: violated by allocation 1" in text
    assert "approved weeks hold no running timer: violated by 2026-W48 (Ana Lee)" in text


def test_splitting_an_entry_of_an_approved_week_is_refused(week: Psa) -> None:
    """The TUI's split goes through the same lock check as edit and delete."""
    from psa_cli.domain.errors import Locked
    from psa_cli.services.entry_split import split_entry
    from psa_cli.services.ledger import Ledger

    week("timesheet", "submit", "--person", "Ana Lee")
    week("timesheet", "approve", "Ana Lee", "--week", "W48")
    [entry] = week.json("entries", "--person", "Ana Lee", "--from", "2026-11-23")
    before = week.dump()
    ledger = Ledger.open(week.ledger)
    try:
        with pytest.raises(Locked, match="time there cannot be split; reopen it with"):
            split_entry(ledger, entry["id"], "1h")
    finally:
        ledger.close()
    assert week.dump() == before


def test_importing_into_an_approved_week_is_refused(week: Psa) -> None:
    frames = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "watson_log.json"
    week("timesheet", "submit", "--person", "Ana Lee")
    week("timesheet", "approve", "Ana Lee", "--week", "W48")
    line = week.fail("import", "watson", str(frames), "--person", "Ana Lee")
    assert line == (
        "psa: 2026-11-24 is in Ana Lee's approved timesheet 2026-W48: time there cannot be "
        'imported (nothing was imported); reopen it with \'psa timesheet reopen "Ana Lee" '
        "--week 2026-W48'"
    )
    week("import", "watson", str(frames))  # the default person's week is open
    week("timesheet", "reopen", "Ana Lee", "--week", "W48")
    week("import", "watson", str(frames), "--person", "Ana Lee")
