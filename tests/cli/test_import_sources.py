"""`psa import SOURCE FILE` for each tool: the fixture files under tests/fixtures/imports are
written from the layouts in STYLE.md; every total below is worked out by hand from them
(Europe/Paris, UTC+1 in November)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Psa

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def _by_project(psa: Psa) -> dict[str, int]:
    rows = psa.sql("SELECT p.code, sum(e.seconds) FROM time_entries e "
                   "JOIN projects p ON p.id = e.project_id GROUP BY p.code")  # fmt: skip
    return dict(rows)


def _entries(psa: Psa) -> list[tuple[object, ...]]:
    return psa.sql("SELECT day, started_at, ended_at, seconds, billable, note FROM time_entries "
                   "ORDER BY id")  # fmt: skip


def _tags(psa: Psa) -> list[tuple[object, ...]]:
    return psa.sql("SELECT entry_id, tag FROM entry_tags ORDER BY entry_id, tag")


def test_toggl_with_bom_reordered_columns_and_midnight(acme: Psa) -> None:
    first = acme(
        "import", "toggl", str(FIXTURES / "toggl.csv"), "--create-missing"
    ).stdout  # fmt: skip
    assert first.splitlines()[0] == (
        "Imported 4 of 4 records from toggl as 5 entries; 0 already imported, 0 invalid."
    )
    # 09:00-10:30 + 14:00-14:45 + 08:15-08:35 = 1h30 + 45m + 20m = 2h35m on Web shop;
    # the 23:30-00:30 call is cut at midnight into two halves of 30 minutes.
    assert _by_project(acme) == {"acme-web": 9300, "jane-doe-consulting-internal": 3600}
    assert _entries(acme)[:4] == [
        ("2026-11-02", "2026-11-02T08:00:00Z", "2026-11-02T09:30:00Z", 5400, 1, "Checkout flow"),
        ("2026-11-02", "2026-11-02T13:00:00Z", "2026-11-02T13:45:00Z", 2700, 1, "Payment bug"),
        ("2026-11-03", "2026-11-03T22:30:00Z", "2026-11-03T23:00:00Z", 1800, 0, "Weekly call"),
        ("2026-11-04", "2026-11-03T23:00:00Z", "2026-11-03T23:30:00Z", 1800, 0, "Weekly call"),
    ]
    assert _tags(acme) == [(1, "frontend"), (1, "urgent"), (3, "meeting"), (4, "meeting")]
    people = acme.sql("SELECT DISTINCT p.name, p.email FROM time_entries e "
                      "JOIN people p ON p.id = e.person_id")  # fmt: skip
    assert people == [("Jane Doe", "jane@example.com")]
    assert acme.sql("SELECT code, name FROM clients ORDER BY id") == [
        ("acme", "ACME Corp"), ("jane-doe-consulting", "Jane Doe Consulting")]  # fmt: skip


def test_clockify_us_dates_am_pm_and_tasks(acme: Psa) -> None:
    acme("person", "add", "Jane Doe", "--email", "jane@example.com")
    acme("task", "add", "acme-web", "Design")
    acme("import", "clockify", str(FIXTURES / "clockify.csv"), "--create-missing")
    # 09:00-11:15 AM (2h15) + 1:00-1:40 PM (40m) on Web shop; 4:30-5:00 PM on Hosting
    assert _by_project(acme) == {"acme-web": 10500, "acme-hosting": 1800}
    assert _entries(acme)[1] == ("2026-11-09", "2026-11-09T12:00:00Z", "2026-11-09T12:40:00Z",
                                 2400, 1, "Product page")  # fmt: skip
    assert acme.sql("SELECT billable FROM time_entries WHERE id = 3") == [(0,)]
    assert acme.sql("SELECT count(*) FROM time_entries e JOIN tasks t ON t.id = e.task_id "
                    "WHERE t.name = 'Design'") == [(2,)]  # fmt: skip
    assert acme.sql("SELECT count(*) FROM people") == [(2,)]  # matched, not created twice


def test_clockify_german_headers_and_day_first_dates(acme: Psa) -> None:
    acme("person", "add", "Jane Doe")
    acme("import", "clockify", str(FIXTURES / "clockify_de.csv"), "--day-first")
    assert _entries(acme) == [("2026-11-09", "2026-11-09T08:00:00Z", "2026-11-09T09:30:00Z",
                               5400, 1, "Produktseite")]  # fmt: skip


def test_harvest_without_clock_times(acme: Psa) -> None:
    acme("person", "add", "Jane Doe")
    acme("import", "harvest", str(FIXTURES / "harvest.csv"), "--create-missing")
    # 2.5 h + 0.75 h on Web shop; '1:15' (h:mm) on Hosting, not billable
    assert _by_project(acme) == {"acme-web": 11700, "acme-hosting": 4500}
    assert _entries(acme) == [
        ("2026-11-16", None, None, 9000, 1, "Search filters"),
        ("2026-11-16", None, None, 2700, 1, "Search filters"),
        ("2026-11-17", None, None, 4500, 0, "Backups"),
    ]


def test_kimai_clock_times_overnight_and_duration_only(acme: Psa) -> None:
    acme("import", "kimai", str(FIXTURES / "kimai.csv"), "--create-missing")
    # 08:30-12:00 (3h30) + 22:00-01:00 (3h, cut at midnight 2h + 1h) on Web shop;
    # a 1:45 duration without clock times on Hosting
    assert _by_project(acme) == {"acme-web": 23400, "acme-hosting": 6300}
    assert [(d, s) for d, _, _, s, _, _ in _entries(acme)] == [
        ("2026-11-18", 12600), ("2026-11-18", 7200), ("2026-11-19", 3600),
        ("2026-11-19", 6300)]  # fmt: skip
    assert acme.sql("SELECT name FROM tasks ORDER BY id") == [("Development",), ("Support",)]


def test_watson_frames_and_log_json(acme: Psa) -> None:
    acme("import", "watson", str(FIXTURES / "watson_frames.json"), "--create-missing",
         "--client", "acme")  # fmt: skip
    # frames: 07:00-09:00 and 10:00-10:30 UTC on acme-web, 07:00-08:30 UTC on Hosting
    assert _by_project(acme) == {"acme-web": 9000, "acme-hosting": 5400}
    assert _tags(acme) == [(1, "review"), (3, "ops"), (3, "urgent")]
    acme("import", "watson", str(FIXTURES / "watson_log.json"))
    # log --json: 10:00-11:30 and 14:00-14:20 at +01:00
    assert _by_project(acme) == {"acme-web": 9000 + 6600, "acme-hosting": 5400}
    assert _entries(acme)[3][:3] == ("2026-11-24", "2026-11-24T09:00:00Z", "2026-11-24T10:30:00Z")
    assert acme.sql("SELECT DISTINCT source, length(source_key) FROM time_entries") == [
        ("watson", 32)]  # fmt: skip


def test_timewarrior_export_skips_the_open_interval(acme: Psa) -> None:
    result = acme("import", "timewarrior", str(FIXTURES / "timew_export.json"),
                  "--create-missing", "--client", "acme")  # fmt: skip
    assert result.stderr.strip() == (
        "warning: item 3: open interval (still running) skipped: stop it ('timew stop') "
        "and import again"
    )
    # first tag = project: acme-web 08:00-10:30 UTC, Hosting 13:00-13:45 UTC
    assert _by_project(acme) == {"acme-web": 9000, "acme-hosting": 2700}
    assert acme.sql("SELECT note FROM time_entries ORDER BY id") == [("Mock-ups",), ("",)]
    assert _tags(acme) == [(1, "design")]


def test_timewarrior_data_folder(acme: Psa) -> None:
    result = acme("import", "timewarrior", str(FIXTURES / "timewarrior-data"),
                  "--create-missing", "--client", "acme")  # fmt: skip
    assert "2026-11.data line 3: open interval" in result.stderr
    assert _by_project(acme) == {"acme-web": 9000, "acme-hosting": 2700}
    assert _tags(acme) == [(1, "design"), (2, "on-call")]  # "on call" made one word


def test_timewarrior_project_option_keeps_every_tag(acme: Psa) -> None:
    acme("import", "timewarrior", str(FIXTURES / "timew_export.json"), "--project", "acme-web")
    assert _by_project(acme) == {"acme-web": 9000 + 2700}
    assert _tags(acme) == [(1, "acme-web"), (1, "design"), (2, "Hosting")]
