"""Allocations, the capacity report and the schedule (Gantt) through the CLI.

Frozen clock: Thursday 2026-11-26 (ISO week 2026-W48, Monday 2026-11-23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Psa

SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"


@pytest.fixture
def team(acme: Psa) -> Psa:
    """Ana (40 h a week) on acme-web 30 h/w for Nov 23 - Dec 31 and on acme-app 20 h/w
    from Wednesday Dec 2 to Jan 15; Bob (32 h a week) on acme-app 16 h/w."""
    acme("person", "add", "Ana", "--capacity", "40h")
    acme("person", "add", "Bob", "--capacity", "32")
    acme("project", "add", "acme", "Mobile app", "--code", "acme-app",
         "--start", "2026-11-30", "--end", "2027-01-15")  # fmt: skip
    acme("allocate", "Ana", "acme-web", "--hours-per-week", "30", "--from", "2026-11-23",
         "--to", "2026-12-31")  # fmt: skip
    acme("allocate", "Ana", "acme-app", "-H", "20", "--from", "2026-12-02", "--to", "2027-01-15")
    acme("allocate", "Bob", "acme-app", "-H", "16", "--from", "2026-11-30", "--to", "2026-12-18")
    return acme


def test_allocate_list_edit_remove(team: Psa) -> None:
    rows = team.json("allocation", "list")
    assert [(r["id"], r["person"], r["project"], r["hours_per_week"], r["from"], r["to"])
            for r in rows] == [
        (2, "Ana", "acme-app", "20", "2026-12-02", "2027-01-15"),
        (3, "Bob", "acme-app", "16", "2026-11-30", "2026-12-18"),
        (1, "Ana", "acme-web", "30", "2026-11-23", "2026-12-31"),
    ]  # fmt: skip
    assert [r["id"] for r in team.json("allocation", "list", "--person", "bob")] == [3]
    assert [r["id"] for r in team.json("allocation", "list", "--to", "2026-11-29")] == [1]
    edited = team.json("allocation", "edit", "3", "-H", "7.5", "--to", "2026-12-11")
    assert (edited["hours_per_week"], edited["seconds_per_week"], edited["to"]) == (
        "7.5", 27000, "2026-12-11",
    )  # fmt: skip
    out = team("allocation", "remove", "3").stdout
    assert "Removed allocation 3: Bob on acme-app" in out
    assert [r["id"] for r in team.json("allocation", "list")] == [2, 1]
    audit = team.sql("SELECT action FROM audit_log WHERE entity = 'allocations' ORDER BY id")
    assert [a[0] for a in audit] == ["create", "create", "create", "update", "delete"]


def test_allocation_refusals(team: Psa) -> None:
    line = team.fail("allocate", "Ana", "acme-web", "-H", "5", "--from", "2026-12-01",
                     "--to", "2026-12-05")  # fmt: skip
    assert line == (
        "psa: Ana is already allocated to acme-web from 2026-11-23 to 2026-12-31 "
        "(allocation 1): change it with 'psa allocation edit 1' instead"
    )
    assert "--to 2026-11-01 is before --from 2026-12-01: swap them" in team.fail(
        "allocate",
        "Ana",
        "acme-web",
        "-H",
        "5",
        "--from",
        "2026-12-01",
        "--to",
        "2026-11-01",
        code=2,
    )
    assert "is negative" in team.fail(
        "allocate", "Bob", "acme-web", "-H", "-5", "--to", "2026-12-05", code=2
    )
    assert "at most 168" in team.fail(
        "allocate", "Bob", "acme-web", "-H", "200", "--to", "2026-12-05", code=2
    )
    assert "unknown person 'Anna': did you mean 'Ana'" in team.fail(
        "allocate", "Anna", "acme-web", "-H", "5", "--to", "2026-12-05"
    )
    assert "did you mean 'acme-web'" in team.fail(
        "allocate", "Bob", "acme-wbe", "-H", "5", "--to", "2026-12-05"
    )
    assert "give the last day with --to" in team.fail(
        "allocate", "Bob", "acme-web", "-H", "5", code=2
    )
    assert "no allocation 99" in team.fail("allocation", "edit", "99", "-H", "3")
    assert "nothing to change" in team.fail("allocation", "edit", "1", code=2)
    team("person", "edit", "Bob", "--archive")
    assert "Bob is archived: restore them with 'psa person edit Bob --restore'" in team.fail(
        "allocate", "Bob", "acme-web", "-H", "5", "--to", "2026-12-05"
    )
    team("project", "archive", "acme-web")
    assert "project 'acme-web' is archived" in team.fail(
        "allocate", "Ana", "acme-web", "-H", "5", "--from", "2027-02-01", "--to", "2027-02-05"
    )
    team("project", "archive", "acme-web", "--restore")
    # moving Ana's acme-app allocation onto acme-web would overlap allocation 1
    assert "(allocation 1)" in team.fail("allocation", "edit", "2", "--project", "acme-web")


def test_overbooking_is_warned_when_allocating(acme: Psa) -> None:
    acme("person", "add", "Ana", "--capacity", "40h")
    acme("allocate", "Ana", "acme-web", "-H", "30", "--from", "2026-11-23", "--to", "2026-12-31")
    result = acme("project", "add", "acme", "App", "--code", "app")
    result = acme("allocate", "Ana", "app", "-H", "20", "--from", "2026-12-02",
                  "--to", "2026-12-13")  # fmt: skip
    # W49: 30 + 20 x 3/5 = 42h; W50: 30 + 20 = 50h, the worst
    assert result.stderr.strip() == (
        "warning: Ana is over-booked in 2 weeks, 2026-W49 to 2026-W50 (at most 50:00 "
        "allocated for a capacity of 40:00, in 2026-W50): see 'psa report capacity'"
    )


def test_capacity_report_prorates_partial_weeks_and_flags_overbooking(team: Psa) -> None:
    team("log", "3h", "acme-web", "--person", "Ana", "--date", "2026-11-24")
    team("log", "1h30m", "acme-app", "--person", "Ana", "--date", "2026-12-01")
    rows = team.json("report", "capacity", "--weeks", "6", "--from", "2026-11-26",
                     "--person", "Ana")  # fmt: skip
    h = 3600
    got = [(r["week"], r["capacity_seconds"] // 60, r["allocated_seconds"] // 60,
            r["logged_seconds"] // 60, r["free_seconds"] // 60, r["over_booked"])
           for r in rows]  # fmt: skip
    assert got == [
        # W48: acme-web 30h only (acme-app starts Wed Dec 2)
        ("2026-W48", 40 * 60, 30 * 60, 3 * 60, 10 * 60, False),
        # W49: 30h + 20h x 3/5 working days (Wed-Fri) = 42h > 40h
        ("2026-W49", 40 * 60, 42 * 60, 90, -2 * 60, True),
        ("2026-W50", 40 * 60, 50 * 60, 0, -10 * 60, True),
        ("2026-W51", 40 * 60, 50 * 60, 0, -10 * 60, True),
        ("2026-W52", 40 * 60, 50 * 60, 0, -10 * 60, True),
        # W53: acme-web ends Thursday Dec 31: 30h x 4/5 = 24h, + 20h = 44h
        ("2026-W53", 40 * 60, 44 * 60, 0, -4 * 60, True),
    ]
    assert rows[1]["projects"] == {"acme-web": 30 * h, "acme-app": 12 * h}
    assert rows[1]["allocated_percent"] == "105.0"
    bob = team.json("report", "capacity", "--weeks", "4", "--person", "Bob")
    # 16h a week from Monday Nov 30 to Friday Dec 18, capacity 32h
    assert [(r["week"], r["allocated_seconds"] // h, r["free_seconds"] // h) for r in bob] == [
        ("2026-W48", 0, 32), ("2026-W49", 16, 16), ("2026-W50", 16, 16), ("2026-W51", 16, 16),
    ]  # fmt: skip
    csv = team("report", "capacity", "--weeks", "2", "--person", "Ana", "-f", "csv").stdout
    assert csv.splitlines() == [
        "person,week,week_start,capacity_seconds,allocated_seconds,logged_seconds,"
        "free_seconds,over_booked,allocated_percent",
        "Ana,2026-W48,2026-11-23,144000,108000,10800,36000,false,75.0",
        "Ana,2026-W49,2026-11-30,144000,151200,5400,-7200,true,105.0",
    ]
    table = team("report", "capacity", "--weeks", "2").stdout
    assert "OVER-BOOKED" in table and "1 over-booked person-week" in table
    assert "out of range" in team.fail("report", "capacity", "--weeks", "0", code=2)
    assert "invalid week" in team.fail("report", "capacity", "--from", "2026-W60", code=2)


def test_schedule_matches_the_snapshot_at_100_columns(team: Psa) -> None:
    team("task", "add", "acme-app", "Beta", "--due", "2026-12-18")
    team("log", "2h", "acme-web", "--date", "2026-11-20")
    out = team("schedule", "--from", "2026-11-23").stdout
    expected = (SNAPSHOTS / "schedule_ascii_100.txt").read_text()
    assert out == expected, f"schedule output changed:\n{out}"
    assert max(len(line) for line in out.splitlines()) <= 100


def test_schedule_json_and_csv_carry_the_same_data(team: Psa) -> None:
    team("task", "add", "acme-app", "Beta", "--due", "2026-12-18")
    data = team.json("schedule", "--weeks", "4", "--from", "2026-11-23")
    assert [w["week"] for w in data["weeks"]] == ["2026-W48", "2026-W49", "2026-W50",
                                                  "2026-W51"]  # fmt: skip
    app = data["rows"][0]
    assert (app["kind"], app["project"], app["from"], app["to"]) == (
        "project", "acme-app", "2026-11-30", "2027-01-15",
    )  # fmt: skip
    assert [(m["day"], m["label"]) for m in app["milestones"]] == [
        ("2026-11-30", "project start"), ("2026-12-18", "Beta"),
    ]  # fmt: skip
    ana = data["rows"][1]
    assert (ana["person"], ana["hours_per_week"], ana["weeks"]) == (
        "Ana", "20", ["2026-W49", "2026-W50", "2026-W51"],
    )  # fmt: skip
    assert ana["over_booked_weeks"] == ["2026-W49", "2026-W50", "2026-W51"]
    csv = team("schedule", "--weeks", "4", "--from", "2026-11-23", "-f", "csv").stdout
    lines = csv.splitlines()
    assert lines[0] == ("kind,project,person,allocation,hours_per_week,from,to,milestones,"
                        "2026-W48,2026-W49,2026-W50,2026-W51")  # fmt: skip
    assert lines[2] == (
        "allocation,acme-app,Ana,2,20,2026-12-02,2027-01-15,,,over-booked,over-booked,over-booked"
    )


def test_project_dates(acme: Psa) -> None:
    shown = acme.json("project", "edit", "acme-web", "--start", "2026-11-02", "--end", "2027-03-31")
    assert (shown["start"], shown["end"]) == ("2026-11-02", "2027-03-31")
    assert "before it starts" in acme.fail("project", "edit", "acme-web", "--end", "2026-10-01",
                                           code=2)  # fmt: skip
    assert acme.json("project", "edit", "acme-web", "--end", "")["end"] is None
