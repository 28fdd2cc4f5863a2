"""The month totals (entry_months, person_months): the plan covers every day of a period
exactly once (whole months or single days), the triggers and bulk writers keep the tables
equal to the entries' sums, and every report gives the same figures with and without them."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psa_cli.services.config import Config
from psa_cli.services.ledger import Ledger
from psa_cli.services.reports import ReportRequest
from psa_cli.store import report_months, report_sums, schema_months
from tests.conftest import Psa
from tests.unit.generated import generated_ledger

ROOT = Path(__file__).resolve().parents[2]
DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))


def _days(lo: date, hi: date) -> set[date]:
    return {lo + timedelta(days=n) for n in range((hi - lo).days + 1)}


def _month_days(first: str, last: str, lo: date, hi: date) -> set[date]:
    return {d for d in _days(lo, hi) if first <= d.isoformat()[:7] <= last}


@settings(max_examples=400)
@given(bounds=st.tuples(DAYS, DAYS).map(sorted), ends=st.tuples(DAYS, DAYS).map(sorted),
       open_lo=st.booleans(), open_hi=st.booleans(),
       every=st.sampled_from(["all", "month"]))  # fmt: skip
def test_the_plan_covers_each_day_of_a_period_once(
    bounds: list[date], ends: list[date], open_lo: bool, open_hi: bool, every: str
) -> None:
    """Whole months from the totals plus the odd days from the entries: every day of the
    period that can hold an entry (within the ledger's first and last day), none twice."""
    lo, hi = ends
    spans = [(None if open_lo else lo.isoformat(), None if open_hi else hi.isoformat())]
    plan = report_months.plan(spans, every, (bounds[0].isoformat(), bounds[1].isoformat()))
    assert plan is not None
    first = bounds[0] if open_lo else max(lo, bounds[0])
    last = bounds[1] if open_hi else min(hi, bounds[1])
    wanted = _days(first, last) if first <= last else set()
    months = [_month_days(a, b, bounds[0], bounds[1]) for i, a, b in plan.months]
    inside = _days(bounds[0], bounds[1])  # no entry lies outside the ledger's first and last day
    days = [_days(date.fromisoformat(a), date.fromisoformat(b)) & inside for i, a, b in plan.days]
    pieces = months + days
    assert set().union(*pieces) == wanted
    assert sum(len(p) for p in pieces) == len(wanted), "a day counted twice"
    assert all(i == 0 for i, _, _ in plan.months + plan.days)
    assert len(plan.days) <= 2  # the odd days before the first and after the last month
    for _, a, b in plan.days:  # ... and never a whole month
        firsts = [d for d in _days(date.fromisoformat(a), date.fromisoformat(b)) if d.day == 1]
        assert not any(date.fromisoformat(b) >= (d + timedelta(days=31)).replace(day=1)
                       - timedelta(days=1) for d in firsts), (a, b)  # fmt: skip


def test_weeks_days_and_an_empty_ledger_read_the_entries() -> None:
    spans: list[tuple[str | None, str | None]] = [("2026-01-05", "2026-01-11")]
    assert report_months.plan(spans, "week", ("2025-01-01", "2026-12-31")) is None
    assert report_months.plan(spans, "day", ("2025-01-01", "2026-12-31")) is None
    assert report_months.plan(spans, "all", (None, None)) is None


def test_three_years_over_every_entry_read_months_only() -> None:
    plan = report_months.plan([("2023-11-27", "2026-11-26")], "all", ("2023-11-27", "2026-11-26"))
    assert plan is not None and plan.days == []
    assert plan.months == [(0, report_months.LOW_MONTH, report_months.HIGH_MONTH)]


# --- the table against the entries, and the reports both ways ---------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 generated entries (person, task and entry rates), then edited one by one:
    the triggers' work."""
    path = tmp_path_factory.mktemp("gen") / "ledger.db"
    conn = generated_ledger(path, 3000)
    with conn:
        # the triggers: new entries; moved across months, projects, people, tasks; deleted;
        # zeroed
        conn.execute("INSERT INTO time_entries (uid, person_id, project_id, task_id, note, day, "
                     "seconds, billable, created_at, updated_at) SELECT uid || 'x', person_id, "
                     "project_id, task_id, note, date(day, '+3 days'), seconds, billable, "
                     "created_at, updated_at FROM time_entries WHERE id % 31 = 0")  # fmt: skip
        conn.execute("UPDATE time_entries SET day = date(day, '-20 days') WHERE id % 11 = 0")
        conn.execute("UPDATE time_entries SET project_id = 1, task_id = NULL WHERE id % 13 = 0")
        conn.execute("UPDATE time_entries SET person_id = 1 WHERE id % 17 = 0")
        conn.execute("UPDATE time_entries SET billable = 1 - billable WHERE id % 19 = 0")
        conn.execute("UPDATE time_entries SET seconds = 0, started_at = NULL, ended_at = NULL "
                     "WHERE id % 23 = 0")  # fmt: skip
        conn.execute("DELETE FROM entry_tags WHERE entry_id % 29 = 0")
        conn.execute("DELETE FROM time_entries WHERE id % 29 = 0")
    conn.close()
    return path


def test_the_triggers_keep_the_table_equal_to_the_entries(generated: Path) -> None:
    conn = sqlite3.connect(generated)
    try:
        assert conn.execute(schema_months.MISMATCHES).fetchall() == []
        (entries,) = conn.execute("SELECT count(*) FROM time_entries").fetchone()
        for table in schema_months.NAMES:
            (rows,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert 0 < rows < entries
            conn.execute(f"UPDATE {table} SET seconds = seconds + 1 WHERE month = "
                         f"(SELECT min(month) FROM {table})")  # fmt: skip
            found = conn.execute(schema_months.MISMATCHES).fetchall()  # the check can fail
            assert {where for _, where in found} == {table, f"entries, not {table}"}
            conn.rollback()
    finally:
        conn.rollback()
        conn.close()


def _report(path: Path, name: str, req: ReportRequest, **kw: Any) -> Any:
    """The report as JSON data, or the refusal's message (the same either way too)."""
    from psa_cli.domain.errors import PsaError
    from psa_cli.services import report_money, report_revenue, report_time

    ledger = Ledger(path, Config(path.with_suffix(".toml"), {"business.rate": "95"}))
    try:
        module = {"timesheet": report_time, "utilization": report_time,
                  "profitability": report_money, "budget": report_money,
                  "unbilled": report_money, "revenue": report_revenue}[name]  # fmt: skip
        return json.loads(json.dumps(getattr(module, name)(ledger, req, **kw), default=str))
    except PsaError as exc:
        return f"refused: {exc}"
    finally:
        ledger.close()


REPORTS = [("timesheet", {}), ("timesheet", {"by": "task"}), ("timesheet", {"by": "client"}),
           ("timesheet", {"by": "person"}), ("timesheet", {"every": "month"}),
           ("utilization", {}), ("utilization", {"every": "month"}), ("profitability", {}),
           ("budget", {}), ("unbilled", {}), ("revenue", {})]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(ends=st.tuples(st.dates(date(2023, 10, 1), date(2026, 12, 31)),
                      st.dates(date(2023, 10, 1), date(2026, 12, 31))).map(sorted),
       report=st.sampled_from(REPORTS), people=st.sampled_from([[], ["me"]]),
       clients=st.sampled_from([[], ["acme"]]))  # fmt: skip
def test_every_report_is_the_same_with_and_without_the_month_totals(
    generated: Path, ends: list[date], report: tuple[str, dict[str, Any]], people: list[str],
    clients: list[str],
) -> None:  # fmt: skip
    name, kw = report
    req = ReportRequest(date_from=ends[0].isoformat(), date_to=ends[1].isoformat(),
                        people=people, clients=clients)  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PSA_NOW", "2026-11-26T15:00:00Z")
        with_months = _report(generated, name, req, **kw)
        patch.setattr(report_sums, "USE_MONTHS", False)
        without = _report(generated, name, req, **kw)
    assert with_months == without


def test_the_month_totals_are_read(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 3-year timesheet and utilisation read the month totals through their keys (no
    temp B-tree), and the entries' report indexes not at all."""
    monkeypatch.setenv("PSA_NOW", "2026-11-26T15:00:00Z")
    from psa_cli.services import report_time

    ledger = Ledger(generated, Config(generated.with_suffix(".toml"), {}))
    statements: list[str] = []
    ledger.conn.set_trace_callback(statements.append)
    req = ReportRequest(date_from="2023-11-01", date_to="2026-11-30")
    report_time.timesheet(ledger, req)
    report_time.timesheet(ledger, req, by="task")
    report_time.utilization(ledger, req)
    ledger.conn.set_trace_callback(None)
    months = [s for s in statements if "entry_months" in s or "person_months" in s]
    assert len(months) >= 3
    assert not any("time_entries_report_project" in s or "time_entries_report_person" in s
                   for s in statements)  # fmt: skip
    for sql in months:
        plan = [r[3] for r in ledger.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        reads = [line for line in plan if " e USING " in line]
        covering = ("PRIMARY KEY", "COVERING INDEX entry_months_", "COVERING INDEX person_months_")
        assert reads and all(any(c in r for c in covering) for r in reads), plan
        assert not any("TEMP B-TREE" in line for line in plan), plan
    ledger.close()


def test_a_big_import_and_a_restore_sum_their_months(
    acme: Psa, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk writers turn the triggers off and account for their rows themselves (the
    import adds what it counted whenever it holds more than MONTHS_HELD month rows)."""
    from psa_cli.services import import_writer

    monkeypatch.setattr(import_writer, "MONTHS_HELD", 5)
    start = 1_790_000_000
    frames = [[start + 5000 * n, start + 5000 * n + 3600, f"p{n % 3}", f"{n:032x}",
               ["t"] if n % 4 == 0 else [], 0] for n in range(21_000)]  # fmt: skip
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames))
    acme("log", "2h", "acme-web", "before")
    acme("import", "watson", str(path), "--create-missing", "--client", "acme")
    assert acme.sql(schema_months.MISMATCHES) == []
    assert acme.sql("SELECT count(*) FROM sqlite_master WHERE name LIKE 'entry_months_%' "
                    "AND type = 'trigger'") == [(3,)]  # fmt: skip
    document = tmp_path / "ledger.json"
    acme("export", "json", "--all", "-o", str(document))
    assert not set(schema_months.NAMES) & set(json.loads(document.read_text())["tables"])
    restored = tmp_path / "restored.db"
    acme("--ledger", str(restored), "import", "psa", str(document))
    conn = sqlite3.connect(restored)
    try:
        assert conn.execute(schema_months.MISMATCHES).fetchall() == []
        for table in schema_months.NAMES:
            assert (
                conn.execute(f"SELECT sum(seconds) FROM {table}").fetchone()
                == conn.execute("SELECT sum(seconds) FROM time_entries").fetchone()
            )
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                            "AND name LIKE 'entry_months_%'").fetchone() == (3,)  # fmt: skip
    finally:
        conn.close()
