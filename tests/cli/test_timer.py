"""start / stop / status / cancel / resume / log through the real CLI."""

from __future__ import annotations

import pytest

from tests.conftest import Psa


def test_log_records_duration_note_task_and_tags(acme: Psa) -> None:
    acme("task", "add", "acme-web", "Design", "--estimate", "8h")
    out = acme("log", "1h30m", "acme-web", "fixed login", "--task", "design", "--tag", "bug")
    assert "Logged 1h30m on acme-web [Design]" in out.stdout
    [entry] = acme.json("entries")
    assert entry["seconds"] == 5400
    assert entry["day"] == "2026-11-26"
    assert entry["task"] == "Design"
    assert entry["tags"] == ["bug"]
    assert entry["note"] == "fixed login"
    assert entry["billable"] is True
    assert entry["started_at"] is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1h30m", 5400), ("1.5h", 5400), ("90m", 5400), ("1:30", 5400), ("2", 7200), ("45m", 2700)],
)
def test_log_duration_forms(acme: Psa, text: str, seconds: int) -> None:
    acme("log", text, "acme-web")
    assert acme.json("entries")[0]["seconds"] == seconds


def test_log_dates(acme: Psa) -> None:
    acme("log", "1h", "acme-web", "--date", "yesterday")
    acme("log", "1h", "acme-web", "--date", "last friday")
    acme("log", "1h", "acme-web", "--date", "monday")
    acme("log", "1h", "acme-web", "--date", "2026-11-02")
    days = sorted(e["day"] for e in acme.json("entries"))
    # today is Thursday 2026-11-26: monday = 23rd, last friday = 20th (previous week)
    assert days == ["2026-11-02", "2026-11-20", "2026-11-23", "2026-11-25"]


def test_log_with_clock_time_crossing_midnight_splits_by_day(acme: Psa) -> None:
    out = acme("log", "3h", "acme-web", "deploy", "--date", "yesterday", "--at", "23:00")
    assert "crossed midnight" in out.stderr
    entries = acme.json("entries")
    assert [(e["day"], e["seconds"]) for e in entries] == [
        ("2026-11-25", 3600),
        ("2026-11-26", 7200),
    ]
    assert entries[0]["started_at"] == "2026-11-25T22:00:00Z"  # 23:00 Paris = 22:00 UTC
    assert entries[1]["ended_at"] == "2026-11-26T01:00:00Z"


def test_non_billable_project_and_flag(acme: Psa) -> None:
    acme("project", "add", "acme", "Internal", "--code", "acme-int", "--billing", "non-billable")
    acme("log", "1h", "acme-int")
    acme("log", "1h", "acme-web", "--non-billable")
    acme("log", "1h", "acme-web")
    flags = [e["billable"] for e in acme.json("entries")]
    assert sorted(flags) == [False, False, True]
    assert len(acme.json("entries", "--billable")) == 1
    assert len(acme.json("entries", "--non-billable")) == 2


def test_start_status_stop(acme: Psa, monkeypatch: pytest.MonkeyPatch) -> None:
    out = acme("start", "acme-web", "review", "--at", "14:00", "--tag", "meeting")
    assert "Started acme-web" in out.stdout and "14:00" in out.stdout
    status = acme.json("status")
    assert status["running"] is True
    assert status["elapsed_seconds"] == 2 * 3600  # now is 16:00 Paris
    assert status["entry"]["tags"] == ["meeting"]
    assert "Running: acme-web" in acme("status").stdout
    monkeypatch.setenv("PSA_NOW", "2026-11-26T15:30:00Z")
    out = acme("stop")
    assert "after 2h30m" in out.stdout and "14:00–16:30" in out.stdout
    [entry] = acme.json("entries")
    assert entry["seconds"] == 9000
    assert entry["started_at"] == "2026-11-26T13:00:00Z"
    assert entry["ended_at"] == "2026-11-26T15:30:00Z"
    assert acme.json("status")["running"] is False
    assert "No timer running. Today: 2h30m." in acme("status").stdout


def test_start_while_running_stops_the_first(acme: Psa) -> None:
    acme("project", "add", "acme", "Mobile app", "--code", "acme-app")
    acme("start", "acme-web", "--at", "13:00")
    out = acme("start", "acme-app", "--at", "15:00")
    assert "warning: stopped acme-web after 2h" in out.stderr
    entries = acme.json("entries")
    assert [(e["project"], e["seconds"], e["running"]) for e in entries] == [
        ("acme-web", 7200, False),
        ("acme-app", 0, True),
    ]


def test_timer_across_midnight_counts_in_both_days(
    acme: Psa, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme("start", "acme-web", "--at", "yesterday 22:30")
    monkeypatch.setenv("PSA_NOW", "2026-11-26T00:15:00Z")  # 01:15 Paris
    out = acme("stop")
    assert "crossed midnight: split into 2 entries" in out.stderr
    entries = acme.json("entries")
    assert [(e["day"], e["seconds"]) for e in entries] == [
        ("2026-11-25", 5400),
        ("2026-11-26", 4500),
    ]


def test_overlap_is_warned(acme: Psa) -> None:
    acme("log", "2h", "acme-web", "--at", "09:00")
    out = acme("start", "acme-web", "--at", "10:00")
    assert "overlaps entry 1" in out.stderr


def test_cancel_and_resume(acme: Psa) -> None:
    acme("task", "add", "acme-web", "Design")
    acme("start", "acme-web", "mockups", "--task", "Design", "--tag", "ux", "--at", "10:00")
    acme("stop", "--at", "11:00")
    out = acme("resume")
    assert 'Started acme-web [Design] "mockups" +ux' in out.stdout
    acme("cancel")
    entries = acme.json("entries")
    assert len(entries) == 1 and entries[0]["seconds"] == 3600
    assert acme.fail("cancel") == "psa: no timer is running: nothing to cancel"


def test_stop_before_start_is_refused(acme: Psa) -> None:
    acme("start", "acme-web", "--at", "14:00")
    msg = acme.fail("stop", "--at", "13:00")
    assert "started at 14:00" in msg


def test_start_in_future_refused(acme: Psa) -> None:
    assert "in the future" in acme.fail("start", "acme-web", "--at", "18:00", code=2)


def test_refusals_are_one_line_and_change_nothing(acme: Psa) -> None:
    acme("log", "1h", "acme-web")
    assert acme.fail("log", "abc", "acme-web", code=2) == (
        "psa: invalid duration 'abc': write it like 1h30m, 1.5h, 90m or 1:30"
    )
    assert (
        acme.fail("log", "1h", "acm-web")
        == "psa: unknown project 'acm-web': did you mean 'acme-web'?"
    )
    assert "no timer is running" in acme.fail("stop")
    assert "no such day" in acme.fail("log", "1h", "acme-web", "--date", "2026-02-30", code=2)
    assert "at most 24h" in acme.fail("log", "25h", "acme-web", code=2)
    assert "longer than zero" in acme.fail("log", "0m", "acme-web", code=2)
    assert "invalid duration" in acme.fail("log", "--", "-1h", "acme-web", code=2)
    assert "a day has 24h" in acme.fail("log", "23h30m", "acme-web")
    assert "unknown task" in acme.fail("log", "1h", "acme-web", "--task", "nope")
    assert "unknown person" in acme.fail("log", "1h", "acme-web", "--person", "bob")
    assert "control characters" in acme.fail("log", "1h", "acme-web", "bad\x07note", code=2)


def test_usage_errors_are_one_line_exit_2(acme: Psa) -> None:
    line = acme.fail("log", code=2)
    assert "Missing argument" in line and "psa log --help" in line
    assert "No such option" in acme.fail("log", "1h", "acme-web", "--bogus", code=2)
    assert "is not one of" in acme.fail("--format", "xml", "entries", code=2)


def test_archived_project_refuses_new_time(acme: Psa) -> None:
    acme("project", "archive", "acme-web")
    assert "is archived" in acme.fail("log", "1h", "acme-web")
    acme("project", "archive", "acme-web", "--restore")
    acme("log", "1h", "acme-web")


def test_client_slash_project_and_name(acme: Psa) -> None:
    acme("log", "1h", "acme/acme-web")
    acme("log", "1h", "acme/web shop")
    acme("log", "1h", "Web shop")
    assert len(acme.json("entries", "--project", "acme-web")) == 3


@pytest.mark.parametrize(
    "argv",
    [["start", "acme-web", "-f", "xml"], ["log", "1h", "acme-web", "--format", "yaml"],
     ["stop", "-f", "xml"], ["resume", "-f", "pdf"]],
)  # fmt: skip
def test_a_bad_format_is_refused_before_anything_is_written(acme: Psa, argv: list[str]) -> None:
    acme("log", "1h", "acme-web", "--at", "09:00")
    if argv[0] == "stop":
        acme("start", "acme-web")
    line = acme.fail(*argv, code=2)
    assert "is not one of table, json, csv" in line
