"""`psa report ...` against the hand-computed ledger of docs/reports.md ("The example ledger").

Every figure asserted here is worked out in docs/reports.md; if a rule changes, both move.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FROZEN_NOW, Psa

BUILD = [
    "init --name Jane --currency EUR --rate 100",
    "client add 'ACME Corp' --code acme --rate 120 --tax-rate 20 --terms 30",
    "project add acme 'Web shop' --code acme-web --budget-hours 40 --budget-amount 5000",
    "person edit me --cost-rate 50",
    "person add Alice --capacity 32 --cost-rate 40 --rate 90",
    "person add Bob --capacity 0",
    "client add Globex --code globex --tax-rate 20 --terms 14",
    "project add globex Support --code gx",
    "project add acme Fix --code acme-fix --billing fixed --fee 2000 --budget-hours 7",
    "project add acme Care --code acme-care --billing retainer --retainer-amount 500 "
    "--retainer-hours 5 --rate 90 --budget-hours 8",
    "project add acme Legacy --code acme-old",
    "task add acme-web Design --rate 150",
    "log 2h acme-web wireframes --task Design --date 2026-06-15",  # entry 1
    "log 3h acme-web checkout --date 2026-06-16 --tag bug",
    "log 1h acme-web sync --date 2026-09-01 --non-billable",
    "log 4h acme-web payments --date 2026-09-02 --person Alice",
    "log 6h acme-fix audit --date 2026-10-05",  # entry 5
    "log 3h acme-care support --date 2026-10-06",
    "log 7h acme-care support --date 2026-11-09",
    "log 2h gx tickets --date 2026-11-10 --person Alice",
    "log 1h30m gx tickets --date 2026-11-10",
    "start acme-web deploy --tag deploy --at '2026-11-22 23:00'",  # entries 10 and 11
    "stop --at '2026-11-23 01:00'",
    "log 1h30m acme-web review --date 2026-11-24 --person Bob",
    "log 2h acme-old 'old bug' --date 2026-11-24",
    "log 1h acme-web 'rush fix' --date 2026-11-25",
    "entry edit 14 --rate 200",
    "log 30m acme-web standup --date 2026-11-25 --non-billable",
    "expense add 50 acme-web Train --markup 10 --date 2026-11-24",
    "expense add 20 acme-web Software --non-billable --date 2026-11-24",
    "project archive acme-old",
    "invoice create acme --project acme-web --to 2026-06-30 --no-expenses",
    "invoice issue 1 --date 2026-07-01",
    "invoice pay INV-2026-0001 200 --date 2026-08-10",
    "invoice create acme --project acme-web --from 2026-09-01 --to 2026-09-30 --no-expenses",
    "invoice issue 2 --date 2026-10-01",
    "invoice create globex",
    "invoice issue 3 --date 2026-11-11",
    "invoice void INV-2026-0003",
    "invoice create acme --project acme-fix --percent 30 --milestone Kick-off --no-expenses",
    "invoice issue 4 --date 2026-10-20",
    "invoice create acme --project acme-care --to 2026-10-31 --no-expenses",
    "invoice issue 5 --date 2026-11-02",
    "invoice pay INV-2026-0005 600 --date 2026-11-20",
    "invoice credit INV-2026-0001 --lines 2",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example ledger, built once through the CLI, copied into each test."""
    import shlex

    base = tmp_path_factory.mktemp("agency")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in {"PSA_LEDGER": base / "ledger.db", "PSA_CONFIG": base / "config.toml",
                           "XDG_DATA_HOME": base, "XDG_CONFIG_HOME": base,
                           "PSA_TZ": "Europe/Paris", "PSA_NOW": FROZEN_NOW}.items():  # fmt: skip
            mp.setenv(key, str(value))
        psa = Psa(base / "ledger.db")
        for line in BUILD:
            psa(*shlex.split(line))
    yield base


@pytest.fixture
def agency(built: Path, psa: Psa, isolated_ledger: Path) -> Psa:
    isolated_ledger.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built / "ledger.db", isolated_ledger)
    config = isolated_ledger.parent.parent / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built / "config.toml", config)
    return psa


def by(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in rows}


# -- timesheet ------------------------------------------------------------------------------


def test_timesheet_this_week_by_project(agency: Psa) -> None:
    t = agency.json("report", "timesheet")  # default: this week, Monday 23 to Sunday 29
    assert (t["from"], t["to"], t["every"]) == ("2026-11-23", "2026-11-29", "day")
    assert [p["label"] for p in t["periods"]][:3] == ["2026-11-23", "2026-11-24", "2026-11-25"]
    rows = by(t["rows"], "key")
    assert rows["acme-web"]["seconds"] == [3600, 5400, 5400, 0, 0, 0, 0]
    assert rows["acme-web"]["billable_seconds"] == [3600, 5400, 3600, 0, 0, 0, 0]
    assert rows["acme-old"]["seconds"] == [0, 7200, 0, 0, 0, 0, 0]  # archived: still counted
    assert t["totals"]["seconds"] == [3600, 12600, 5400, 0, 0, 0, 0]
    assert (t["totals"]["total_seconds"], t["totals"]["billable_total_seconds"]) == (21600, 19800)


def test_timer_across_midnight_counts_in_both_weeks(agency: Psa) -> None:
    last = agency.json("report", "timesheet", "--last-week", "--by", "person")
    assert last["rows"] == [{"key": "me", "name": "me", "seconds": [0, 0, 0, 0, 0, 0, 3600],
                             "billable_seconds": [0, 0, 0, 0, 0, 0, 3600],
                             "total_seconds": 3600, "billable_total_seconds": 3600,
                             "non_billable_total_seconds": 0}]  # fmt: skip
    assert agency.json("report", "timesheet", "--week", "2026-11-22") == last | {
        "by": "project", "rows": [{**last["rows"][0], "key": "acme-web", "name": "Web shop"}]
    }  # fmt: skip
    this = by(agency.json("report", "timesheet", "--by", "person")["rows"], "key")
    assert this["me"]["seconds"][:3] == [3600, 7200, 5400] and this["Bob"]["total_seconds"] == 5400
    sunday = agency.json("report", "timesheet", "--week", "--by", "person")
    agency("config", "set", "time.week_start", "sunday")
    shifted = agency.json("report", "timesheet", "--week", "--by", "person")
    assert (shifted["from"], shifted["to"]) == ("2026-11-22", "2026-11-28")
    assert by(shifted["rows"], "key")["me"]["seconds"][:2] == [3600, 3600] != sunday


def test_timesheet_by_tag_task_client(agency: Psa) -> None:
    tags = by(agency.json("report", "timesheet", "--by", "tag")["rows"], "key")
    assert tags["deploy"]["total_seconds"] == 3600
    assert tags["(untagged)"]["total_seconds"] == 18000
    june = agency.json("report", "timesheet", "--month", "2026-06", "--by", "task")
    assert june["every"] == "day" and len(june["periods"]) == 30
    assert [(r["task"], r["total_seconds"]) for r in june["rows"]] == [
        ("(no task)", 10800), ("Design", 7200)]  # fmt: skip
    clients = agency.json("report", "timesheet", "--year", "2026", "--by", "client")
    assert clients["every"] == "month" and len(clients["periods"]) == 12
    totals = {r["key"]: r["total_seconds"] for r in clients["rows"]}
    assert totals == {"acme": 118800, "globex": 12600}  # 33h and 3h30m
    tagged = agency.json("report", "timesheet", "--tag", "deploy", "--last-week")
    assert tagged["totals"]["total_seconds"] == 3600  # via the tag index


def test_timesheet_csv_table_and_chart(agency: Psa) -> None:
    csv = agency("report", "timesheet", "-f", "csv").stdout.splitlines()
    assert csv[0] == "period,key,name,seconds,billable_seconds,non_billable_seconds"
    assert "2026-11-25,acme-web,Web shop,5400,3600,1800" in csv
    out = agency("report", "timesheet", "--chart").stdout
    assert "Mon 23" in out and "Hours per day" in out and "█ billable  ░ non-billable" in out
    wed = next(line for line in out.splitlines() if line.startswith("Wed 25") and "░" in line)
    assert wed.endswith("1:30")
    year = agency("report", "timesheet", "--year", "--every", "week", "--chart").stdout
    assert "53 weeks: totals only" in year and "23 Nov" in year  # the chart has every week
    assert "charts are drawn for people" in agency.fail("report", "timesheet", "--chart", "-f",
                                                        "json", code=2)  # fmt: skip


# -- unbilled -------------------------------------------------------------------------------


def test_unbilled_work_in_progress(agency: Psa) -> None:
    u = agency.json("report", "unbilled")
    rows = by(u["rows"], "project")
    web = rows["acme-web"]
    assert (web["seconds"], web["time_value"], web["expenses"], web["value"]) == (
        27000, "980.00", "55.00", "1035.00")  # fmt: skip
    assert (web["oldest"], web["age_days"]) == ("2026-06-16", 163)  # credited, unbilled again
    assert rows["acme-care"]["value"] == "680.00"  # retainer 500 + 2h overage at 90
    assert rows["gx"]["value"] == "330.00"  # void invoice released it: 2h x 90 + 1h30m x 100
    assert (rows["acme-fix"]["seconds"], rows["acme-fix"]["value"]) == (21600, "0.00")
    assert rows["acme-old"]["value"] == "240.00"  # archived projects still owe
    assert by(u["clients"], "client")["acme"]["value"] == "1955.00"
    assert u["totals"] == [{"currency": "EUR", "seconds": 93600, "time_value": "2230.00",
                            "expenses": "55.00", "value": "2285.00"}]  # fmt: skip
    # the value is what a draft would bill
    draft = agency.json("invoice", "create", "acme", "--dry-run")
    assert draft["totals"]["lines"] == "1955.00"


def test_unbilled_filters(agency: Psa) -> None:
    bug = agency.json("report", "unbilled", "--tag", "bug")["rows"]
    assert [(r["project"], r["value"]) for r in bug] == [("acme-web", "360.00")]
    alice = agency.json("report", "unbilled", "--person", "Alice")["rows"]
    assert [(r["project"], r["seconds"], r["value"]) for r in alice] == [("gx", 7200, "180.00")]
    old = agency.json("report", "unbilled", "--project", "acme-old")["rows"]
    assert [r["value"] for r in old] == ["240.00"]
    november = agency.json("report", "unbilled", "--month", "2026-11", "--client", "acme")
    assert by(november["rows"], "project")["acme-web"]["value"] == "675.00"  # 420 + 200 + 55


def test_unbilled_values_with_rounding_like_a_draft(acme: Psa) -> None:
    acme("log", "50m", "acme-web", "--date", "2026-11-02")
    acme("log", "20m", "acme-web", "--date", "2026-11-03")
    assert acme.json("report", "unbilled")["rows"][0]["value"] == "140.00"  # 70m x 120
    acme("config", "set", "rounding.mode", "up")
    acme("config", "set", "rounding.minutes", "15")
    row = acme.json("report", "unbilled")["rows"][0]
    assert (row["seconds"], row["billed_seconds"], row["value"]) == (4200, 5400, "180.00")
    assert acme.json("invoice", "create", "acme", "--dry-run")["totals"]["lines"] == "180.00"
    acme("config", "set", "rounding.scope", "line")  # 70m -> 1h15m on one line
    assert acme.json("report", "unbilled")["rows"][0]["value"] == "150.00"
    assert acme.json("invoice", "create", "acme", "--dry-run")["totals"]["lines"] == "150.00"


# -- budget, utilization --------------------------------------------------------------------


def test_budget_burn_forecast_and_warnings(agency: Psa) -> None:
    result = agency("report", "budget", "-f", "json")
    import json

    rows = by(json.loads(result.stdout)["rows"], "project")
    web = rows["acme-web"]
    assert (web["used_seconds"], web["hours_percent"], web["used_amount"]) == (
        54000, "37.5", "1815.00")  # fmt: skip
    assert (web["amount_percent"], web["recent_seconds"], web["recent_amount"]) == (
        "36.3", 18000, "675.00")  # fmt: skip
    assert (web["runs_out"], web["warning"]) == ("2027-04-08", None)
    assert (rows["acme-fix"]["burned_percent"], rows["acme-fix"]["warning"]) == ("85.7", "80% used")
    care = rows["acme-care"]
    assert (care["burned_percent"], care["warning"], care["runs_out"]) == (
        "125.0", "over budget", None)  # fmt: skip
    assert "warning: acme-care: over budget (125.0% of its budget)" in result.stderr
    agency("project", "archive", "acme-fix")
    assert "acme-fix" not in by(agency.json("report", "budget")["rows"], "project")
    assert "acme-fix" in by(agency.json("report", "budget", "--all")["rows"], "project")


def test_utilization_week_and_month(agency: Psa) -> None:
    week = agency.json("report", "utilization", "--week")
    assert week["every"] == "week" and week["target_percent"] == "75"
    people = {r["person"]: r["total"] for r in week["rows"]}
    assert (people["me"]["capacity_seconds"], people["me"]["logged_seconds"]) == (144000, 16200)
    assert (people["me"]["utilization_percent"], people["me"]["billable_percent"]) == (
        "10.0", "88.9")  # fmt: skip
    assert (people["Alice"]["capacity_seconds"], people["Alice"]["status"]) == (
        115200, "below target")  # fmt: skip
    only_me = agency.json("report", "utilization", "--week", "--person", "me")
    assert [p["person"] for p in only_me["rows"]] == ["me"]
    assert only_me["filters"]["people"] == ["me"]
    bob = people["Bob"]
    assert (bob["capacity_seconds"], bob["utilization_percent"], bob["status"]) == (
        0, None, "no capacity")  # fmt: skip
    month = agency.json("report", "utilization", "--month", "2026-11", "--every", "month")
    me = month["rows"][2]
    assert (me["person"], me["capacity_seconds"], me["utilization_percent"]) == (
        "me", [604800], ["8.0"])  # fmt: skip
    assert month["rows"][0]["utilization_percent"] == ["1.5"]  # Alice
    weeks = agency.json("report", "utilization", "--month", "2026-11")  # auto: weeks
    assert [p["label"] for p in weeks["periods"]][:2] == ["2026-11-01", "2026-11-02"]
    assert weeks["rows"][2]["capacity_seconds"] == [0, 144000, 144000, 144000, 144000, 28800]
    csv = agency("report", "utilization", "--week", "-f", "csv").stdout.splitlines()
    assert csv[0].startswith("person,period,from,to,capacity_seconds,logged_seconds")
    agency("config", "set", "time.utilization_target", "5")
    month = agency.json("report", "utilization", "--month", "2026-11")
    assert month["rows"][2]["total"]["status"] == "on target"


# -- profitability, aging, revenue ----------------------------------------------------------


def test_profitability(agency: Psa) -> None:
    result = agency("report", "profitability", "-f", "json")
    import json

    report = json.loads(result.stdout)
    rows = by(report["rows"], "project")
    web = rows["acme-web"]
    assert (web["invoiced"], web["unbilled"], web["revenue"]) == ("780.00", "1035.00", "1815.00")
    assert (web["cost"], web["margin"], web["margin_percent"]) == ("705.00", "1110.00", "61.2")
    assert web["uncosted_seconds"] == 5400 and "no cost rate for Bob" in result.stderr
    assert [rows[p]["margin"] for p in ("acme-care", "acme-fix", "acme-old", "gx")] == [
        "680.00", "300.00", "140.00", "175.00"]  # fmt: skip
    assert by(report["clients"], "client")["acme"]["margin_percent"] == "58.1"
    assert report["totals"][0] | {"currency": "EUR"} == {
        "currency": "EUR", "invoiced": "1880.00", "unbilled": "2285.00", "revenue": "4165.00",
        "uncosted_seconds": 5400, "cost": "1760.00", "margin": "2405.00",
        "margin_percent": "57.7"}  # fmt: skip
    invoiced = by(agency.json("report", "profitability", "--invoiced")["clients"], "client")
    assert (invoiced["globex"]["margin"], invoiced["globex"]["margin_percent"]) == ("-155.00", None)


def test_aging_buckets(agency: Psa) -> None:
    today = agency.json("report", "aging")
    assert today["rows"] == [{"client": "acme", "name": "ACME Corp", "currency": "EUR",
                              "current": "0.00", "days_1_30": "1296.00", "days_31_60": "0.00",
                              "days_61_90": "0.00", "days_over_90": "160.00",
                              "total": "1456.00", "invoices": 3}]  # fmt: skip
    numbers = [(i["number"], i["days_overdue"], i["due"]) for i in today["invoices"]]
    assert numbers == [("INV-2026-0001", 118, "160.00"), ("INV-2026-0002", 26, "576.00"),
                       ("INV-2026-0004", 7, "720.00")]  # fmt: skip
    september = agency.json("report", "aging", "--to", "2026-09-15")["rows"][0]
    assert (september["days_31_60"], september["total"]) == ("592.00", "592.00")
    october = agency.json("report", "aging", "--to", "2026-10-15")["rows"][0]
    assert (october["current"], october["days_61_90"]) == ("576.00", "592.00")
    assert agency.json("report", "aging", "--client", "globex")["rows"] == []  # void


def test_revenue_by_month(agency: Psa) -> None:
    r = agency.json("report", "revenue")
    rows = by(r["rows"], "month")
    assert rows["2026-06"]["recognised"] == "660.00"  # time when worked, invoiced or not
    assert rows["2026-07"]["invoiced"] == "660.00"
    assert rows["2026-08"]["collected"] == "200.00"
    oct_ = rows["2026-10"]
    assert (oct_["invoiced"], oct_["recognised_retainer"], oct_["recognised_fixed"]) == (
        "1080.00", "500.00", "600.00")  # fmt: skip
    nov = rows["2026-11"]
    assert (nov["invoiced"], nov["collected"]) == ("140.00", "600.00")  # 500 - 360 credited
    assert (nov["recognised_time"], nov["recognised_retainer"], nov["recognised_expenses"]) == (
        "1190.00", "680.00", "55.00")  # fmt: skip
    assert r["totals"][0]["recognised"] == "4165.00" and r["totals"][0]["invoiced"] == "1880.00"
    q4 = agency.json("report", "revenue", "--quarter", "2026-Q4")
    assert q4["months"] == ["2026-10", "2026-11", "2026-12"]
    chart = agency("report", "revenue", "--chart").stdout
    assert "Recognised revenue per month (EUR)" in chart
    assert next(ln for ln in chart.splitlines() if ln.startswith("2026-11  ")).endswith("1,925.00")


def test_period_and_filter_refusals(agency: Psa) -> None:
    assert "give one period" in agency.fail("report", "unbilled", "--week", "--month", code=2)
    assert "say which period" in agency.fail("report", "revenue", "2026", code=2)
    assert "invalid month" in agency.fail("report", "revenue", "--month", "2026-13", code=2)
    assert "invalid quarter" in agency.fail("report", "revenue", "--quarter", "Q5", code=2)
    assert "is after" in agency.fail("report", "budget", "--from", "2026-12-01", "--to",
                                     "2026-11-01", code=2)  # fmt: skip
    # profitability and aging are per project/client and per client: no such filters
    assert "No such option: --tag" in agency.fail("report", "profitability", "--tag", "x", code=2)
    assert "No such option: --project" in agency.fail("report", "aging", "--project", "gx", code=2)
    assert "invalid --by" in agency.fail("report", "timesheet", "--by", "week", code=2)
    assert "unknown client" in agency.fail("report", "unbilled", "--client", "nope")
    assert "takes no value" in agency.fail("report", "timesheet", "--last-week", "x", code=2)
    last_month = agency.json("report", "revenue", "--last-month")
    assert (last_month["from"], last_month["to"]) == ("2026-10-01", "2026-10-31")


def test_tables_render(agency: Psa) -> None:
    for name in ("timesheet", "unbilled", "budget", "utilization", "profitability", "aging",
                 "revenue"):  # fmt: skip
        out = agency("report", name)
        assert "Traceback" not in out.stdout + out.stderr and out.stdout.strip()
    assert "1,035.00" in agency("report", "unbilled").stdout
    csv = agency("report", "profitability", "--by", "client", "-f", "csv").stdout
    assert csv.startswith("client,currency,invoiced,unbilled,revenue,seconds")
