"""Behaviour found wrong by a first read of the CLI reference, pinned down."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Psa


def test_ids_are_never_reused(acme: Psa) -> None:
    acme("start", "acme-web", "--at", "15:00")
    acme("cancel")
    acme("log", "1h", "acme-web")
    assert [e["id"] for e in acme.json("entries")] == [2]


def test_limit_shows_the_most_recent(acme: Psa) -> None:
    for day in ("2026-11-20", "2026-11-23", "2026-11-25"):
        acme("log", "1h", "acme-web", "--date", day)
    assert [e["day"] for e in acme.json("entries", "--limit", "2")] == ["2026-11-23", "2026-11-25"]


def test_log_at_with_its_own_day(acme: Psa) -> None:
    acme("log", "1h", "acme-web", "--at", "yesterday 9:00")
    [entry] = acme.json("entries")
    assert entry["day"] == "2026-11-25" and entry["started_at"] == "2026-11-25T08:00:00Z"


def test_project_edit_reports_logged_time(acme: Psa) -> None:
    acme("log", "2h", "acme-web")
    edited = acme.json("project", "edit", "acme-web", "--rate", "130")
    assert edited["logged_seconds"] == 7200 and edited["rate"] == "130.00"


def test_backup_into_new_folder(acme: Psa, tmp_path: Path) -> None:
    out = acme("db", "backup", f"{tmp_path}/backups/").stdout
    made = list((tmp_path / "backups").iterdir())
    assert len(made) == 1 and made[0].suffix == ".db" and str(made[0]) in out


def test_bad_frozen_clock_is_a_usage_error(acme: Psa, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSA_NOW", "garbage")
    assert "PSA_NOW='garbage'" in acme.fail("status", code=2)


def test_stop_csv_has_one_row_and_warnings_on_stderr(acme: Psa) -> None:
    acme("log", "2h", "acme-web", "--at", "13:00")
    acme("start", "acme-web", "--at", "14:00")
    result = acme("stop", "--format", "csv")
    assert len(result.stdout.strip().splitlines()) == 2  # header + the one entry
    assert "overlaps entry 1" in result.stderr


def test_no_command_prints_help_without_error_line(psa: Psa) -> None:
    result = psa(code=2)
    assert "Usage" in result.stdout and "psa:" not in result.stderr


def test_entry_show_lists_tags_plainly(acme: Psa) -> None:
    acme("log", "1h", "acme-web", "--tag", "dev", "--tag", "ops")
    out = acme("entry", "show", "1").stdout
    assert "dev, ops" in out and "['" not in out


def test_tables_print_user_text_as_is_never_as_rich_markup(acme: Psa) -> None:
    """A note with `[/x]` raised MarkupError (an internal error); `[bold]` vanished and
    `:smile:` became an emoji."""
    note = "[/x] fix [bold]login[/bold] :smile: 42"
    acme("client", "add", "[red]Evil[/red] Ltd", "--code", "evil")
    acme("log", "1h", "acme-web", note)
    assert note in acme("entries").stdout
    assert note in acme("entry", "show", "1").stdout
    assert "[red]Evil[/red] Ltd" in acme("client", "list").stdout
    assert "\x1b[" not in acme("entries").stdout  # no colour codes in a pipe either


def test_entries_table_shows_the_newest_rows_json_gives_all(
    acme: Psa, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psa_cli.cli import entries

    monkeypatch.setattr(entries, "TABLE_ROWS", 2)
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        acme("log", "1h", "acme-web", f"on {day}", "--date", day)
    out = acme("entries", "--period", "week").stdout
    assert "on 2026-11-23" not in out and "on 2026-11-25" in out
    assert "showing 2 of 3 entries, 3:00 total" in out and "-f csv for more" in out
    assert len(acme.json("entries", "--period", "week")) == 3
    assert "for more" not in acme("entries", "--period", "week", "-n", "2").stdout
