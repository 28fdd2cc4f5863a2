"""The reports' SQL: per-entry rounding in integer SQL equals `billing.Rounding.apply`; the
range sums read covering indexes without sorting; the ranged path and the grouped (tag)
path value a generated ledger identically, with every rate level and rounding in play."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psa_cli.domain.billing import Rounding
from psa_cli.services.config import Config
from psa_cli.services.ledger import Ledger
from psa_cli.services.report_value import value_time
from psa_cli.services.reports import ReportRequest, prepare
from psa_cli.store import reports as store
from tests.unit.generated import generated_ledger

ROOT = Path(__file__).resolve().parents[2]


@settings(max_examples=300)
@given(
    st.integers(0, 86400),
    st.sampled_from(["none", "up", "down", "nearest"]),
    st.integers(1, 240),
    st.integers(0, 1440),
)
def test_rounding_sql_equals_rounding_apply(
    seconds: int, mode: str, minutes: int, low: int
) -> None:  # noqa: E501
    expr = store.rounding_sql(mode, minutes, low, col="x")
    conn = sqlite3.connect(":memory:")
    (value,) = conn.execute(f"SELECT {expr} FROM (SELECT ? AS x)", (seconds,)).fetchone()
    assert value == Rounding(mode, minutes, low).apply(seconds)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4,000-entry generated ledger with person rates, task rates and entry rates."""
    path = tmp_path_factory.mktemp("gen") / "ledger.db"
    conn = generated_ledger(path, 4000)
    with conn:
        conn.execute("UPDATE tasks SET rate_minor = 17500 WHERE id % 4 = 0")
        conn.execute(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag) SELECT id, 'all' FROM time_entries"
        )
    conn.close()
    return path


def _ledger(path: Path, **values: Any) -> Ledger:
    return Ledger(path, Config(path.with_suffix(".toml"), {"business.rate": "95", **values}))


@pytest.mark.parametrize("rounding", [{}, {"rounding.mode": "up", "rounding.minutes": 15},
                                      {"rounding.scope": "line", "rounding.mode": "nearest",
                                       "rounding.minutes": 6}])  # fmt: skip
@pytest.mark.parametrize("mode", ["draft", "hourly"])
def test_ranged_and_grouped_paths_agree(
    generated: Path, rounding: dict[str, Any], mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSA_NOW", "2026-11-26T15:00:00Z")
    ledger = _ledger(generated, **rounding)
    ctx = prepare(ledger, ReportRequest(date_from="2024-01-01", date_to="2026-11-26"),
                  default="all")  # fmt: skip
    periods, _ = ctx.periods("month")
    tagged = store.Scope(ctx.scope.date_from, ctx.scope.date_to, tags=["all"])
    for unbilled in (False, True):
        ctx.scope.unbilled = tagged.unbilled = unbilled
        ranged = value_time(ctx, ctx.scope, periods, mode=mode, warnings=[])
        grouped = value_time(ctx, tagged, periods, mode=mode, warnings=[])
        strip = {k: (v.seconds, v.billed, v.value, v.unvalued) for k, v in ranged.items()}
        assert strip == {k: (v.seconds, v.billed, v.value, v.unvalued) for k, v in grouped.items()}
        assert sum(v.value for v in ranged.values()) > 0
    ledger.close()


def test_range_sums_read_covering_indexes_without_sorting(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ranged statements of every report: index ranges only, no temp B-tree."""
    monkeypatch.setenv("PSA_NOW", "2026-11-26T15:00:00Z")
    ledger = _ledger(generated, **{"rounding.mode": "up", "rounding.minutes": 15})
    statements: list[str] = []
    ledger.conn.set_trace_callback(statements.append)
    from psa_cli.services import report_money, report_revenue, report_time

    req = ReportRequest(date_from="2023-11-27", date_to="2026-11-26")
    report_time.timesheet(ledger, req)
    report_time.timesheet(ledger, req, by="task")
    report_time.utilization(ledger, req)
    report_money.unbilled(ledger, req)
    report_money.budget(ledger, req)
    report_money.profitability(ledger, req)
    report_revenue.revenue(ledger, req)
    ledger.conn.set_trace_callback(None)
    checked = 0
    for sql in statements:
        if "INDEXED BY time_entries_report_" not in sql:
            continue
        plan = [r[3] for r in ledger.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        reads = [line for line in plan if " e USING " in line or line.startswith("SCAN e")]
        assert reads and all("COVERING INDEX time_entries_report_" in r for r in reads), plan
        if "time_entries_report_rate" not in sql:  # the few entries with their own rate
            assert not any("TEMP B-TREE" in line for line in plan), plan
        checked += 1
    assert checked >= 8
    ledger.close()
