"""Tag rows carry their entry's report facts (store/schema_tags.py): the triggers keep them
equal to the entry through every write, and `psa db check` verifies it."""

from __future__ import annotations

from tests.conftest import Psa

FACTS = "g.day, g.seconds, g.billable, g.project_id, g.person_id"
ENTRY = "e.day, e.seconds, e.billable, e.project_id, e.person_id"


def _mismatches(psa: Psa) -> list[tuple[object, ...]]:
    return psa.sql(
        f"SELECT g.entry_id, g.tag FROM entry_tags g JOIN time_entries e ON e.id = g.entry_id "
        f"WHERE ({FACTS}) IS NOT ({ENTRY})"
    )


def test_facts_follow_every_kind_of_write(acme: Psa) -> None:
    acme("project", "add", "acme", "Mobile", "--code", "acme-app")
    acme("person", "add", "Bob")
    acme("log", "1h", "acme-web", "x", "--tag", "bug", "--tag", "urgent")
    assert acme.sql("SELECT tag, day, seconds, billable FROM entry_tags ORDER BY tag") == [
        ("bug", "2026-11-26", 3600, 1),
        ("urgent", "2026-11-26", 3600, 1),
    ]
    acme("entry", "edit", "1", "--duration", "2h30m", "--date", "2026-11-20")
    acme("entry", "edit", "1", "--project", "acme-app", "--person", "bob", "--non-billable")
    acme("entry", "edit", "1", "--add-tag", "review")
    assert _mismatches(acme) == []
    rows = acme.sql("SELECT DISTINCT day, seconds, billable FROM entry_tags")
    assert rows == [("2026-11-20", 9000, 0)]
    acme("start", "acme-web", "timer", "--tag", "deploy", "--at", "14:00")
    assert acme.sql("SELECT seconds FROM entry_tags WHERE tag = 'deploy'") == [(0,)]
    acme("stop")  # now is 16:00 in Paris (frozen clock): two hours
    assert _mismatches(acme) == []
    (seconds,) = acme.sql("SELECT seconds FROM entry_tags WHERE tag = 'deploy'")[0]
    assert seconds == 7200
    acme("entry", "delete", "2", "--yes")
    assert acme.sql("SELECT count(*) FROM entry_tags WHERE tag = 'deploy'") == [(0,)]
    acme("db", "check")


def test_report_by_tag_reads_the_facts(acme: Psa) -> None:
    acme("log", "1h", "acme-web", "a", "--tag", "bug")
    acme("log", "2h", "acme-web", "b", "--tag", "bug", "--tag", "ops", "--non-billable")
    acme("log", "30m", "acme-web", "c")
    acme("entry", "edit", "2", "--duration", "3h")  # the report must see 3h, not 2h
    report = acme.json("report", "timesheet", "--by", "tag", "--week")
    rows = {r["key"]: r for r in report["rows"]}
    assert rows["bug"]["total_seconds"] == 4 * 3600
    assert rows["bug"]["billable_total_seconds"] == 3600
    assert rows["ops"]["total_seconds"] == 3 * 3600
    assert rows["(untagged)"]["total_seconds"] == 1800
    assert report["totals"]["total_seconds"] == 4 * 3600 + 1800
    monthly = acme.json("report", "timesheet", "--by", "tag", "--month", "--every", "week")
    weekly = {r["key"]: r["total_seconds"] for r in monthly["rows"]}
    assert weekly == {"bug": 4 * 3600, "ops": 3 * 3600, "(untagged)": 1800}


def test_db_check_names_a_tag_row_out_of_step(acme: Psa) -> None:
    acme("log", "1h", "acme-web", "a", "--tag", "bug")
    import sqlite3

    conn = sqlite3.connect(acme.ledger)
    conn.execute("DROP TRIGGER entry_tags_follow")
    conn.execute("UPDATE time_entries SET seconds = 60")
    conn.commit()
    conn.close()
    out = acme("db", "check", code=1).stdout
    assert "tag rows carry their entry's day" in out
