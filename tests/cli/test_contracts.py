"""Contracts through the CLI, and how the draft engine bills from them.

Clock frozen at 2026-11-26 (Europe/Paris). acme: client rate 120/h, VAT 20 %.
Figures worked out by hand in the comments (docs/billing.md, "Contracts").
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from tests.conftest import Psa


def _lines(doc: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [(ln["kind"], ln["quantity"], ln["unit_price"], ln["net"]) for ln in doc["lines"]]


@pytest.fixture
def support(acme: Psa) -> Psa:
    """acme-sup: an hourly project (by its columns) under a retainer contract from
    November: 1000.00 a month for 10 h, overage at 90/h."""
    acme("project", "add", "acme", "Support", "--code", "acme-sup")
    acme("contract", "add", "acme-sup", "--type", "retainer", "--amount", "1000",
         "--hours", "10", "--overage-rate", "90", "--from", "2026-11-01")  # fmt: skip
    return acme


def test_retainer_period_with_overage(support: Psa) -> None:
    support("log", "7h", "acme-sup", "patches", "--date", "2026-11-02")
    support("log", "5h", "acme-sup", "upgrade", "--date", "2026-11-03")
    support("log", "2h", "acme-sup", "october, before the contract", "--date", "2026-10-30")
    use = support.json("contract", "show", "1")["consumption"]
    # November: 12 h used of 10 h -> 2 h over at 90 = 180.00; nothing invoiced yet
    assert (use["used_seconds"], use["left_seconds"], use["overage_seconds"]) == (
        43200, 0, 7200)  # fmt: skip
    assert (use["overage_amount"], use["billed"]) == ("180.00", "0.00")
    doc = support.json("invoice", "create", "acme", "--project", "acme-sup")
    # October is outside the contract: hourly at the client's 120 -> 2 h = 240.00;
    # November: retainer 1000.00 + overage 2 h x 90 = 180.00
    assert _lines(doc) == [("time", "2.00", "120.00", "240.00"),
                           ("retainer", "1.00", "1000.00", "1000.00"),
                           ("time", "2.00", "90.00", "180.00")]  # fmt: skip
    assert doc["totals"]["net"] == "1420.00" and doc["totals"]["gross"] == "1704.00"
    assert support.sql("SELECT position, contract_id FROM invoice_lines ORDER BY position") == [
        (1, None), (2, 1), (3, 1)]  # fmt: skip
    support("invoice", "issue", "1")
    assert support.json("contract", "show", "1")["consumption"]["billed"] == "1180.00"


def test_retainer_rollover_reads_the_contracts_months(acme: Psa) -> None:
    acme("project", "add", "acme", "Care", "--code", "acme-care")
    acme("contract", "add", "acme-care", "--type", "retainer", "--amount", "500", "--hours",
         "10h", "--rollover", "--from", "2026-10-01")  # fmt: skip
    acme("log", "6h", "acme-care", "october", "--date", "2026-10-05")
    acme("invoice", "create", "acme", "--to", "2026-10-31")
    acme("invoice", "issue", "1")
    acme("log", "13h", "acme-care", "november", "--date", "2026-11-05")
    use = acme.json("contract", "show", "1")["consumption"]
    # October used 6 h of 10: 4 h roll over; November 13 h of 10 + 4 = 14 -> 1 h left
    assert (use["rolled_over_seconds"], use["left_seconds"], use["overage_seconds"]) == (
        14400, 3600, 0)  # fmt: skip
    doc = acme.json("invoice", "create", "acme")
    assert _lines(doc) == [("retainer", "1.00", "500.00", "500.00")]


def test_fixed_contract_milestones_become_lines(acme: Psa) -> None:
    acme("contract", "add", "acme-web", "--type", "fixed", "--amount", "10000",
         "--from", "2026-10-01", "--to", "2027-03-31")  # fmt: skip
    acme("contract", "milestone", "add", "1", "Kick-off", "--amount", "3000", "--date",
         "2026-10-15")  # fmt: skip
    acme("contract", "milestone", "add", "1", "Design", "--amount", "4000", "--date", "2026-11-20")
    acme("contract", "milestone", "add", "1", "Launch", "--amount", "3000", "--date", "2027-02-01")
    assert "has 0.00 EUR of its fixed fee left to plan" in acme.fail(
        "contract", "milestone", "add", "1", "Extra", "--amount", "1", "--date", "2027-02-01"
    )
    assert "outside contract 1" in acme.fail(
        "contract", "milestone", "add", "1", "Late", "--amount", "1", "--date", "2027-05-01",
        code=2)  # fmt: skip
    acme("log", "3h", "acme-web", "work under a fixed fee", "--date", "2026-11-05")
    doc = acme.json("invoice", "create", "acme")
    # due by today (2026-11-26): Kick-off 3000 + Design 4000; the logged time is not billed
    assert [(ln["description"], ln["net"]) for ln in doc["lines"]] == [
        ("Web shop: Kick-off", "3000.00"), ("Web shop: Design", "4000.00")]  # fmt: skip
    shown = acme.json("contract", "show", "1")
    assert [m["status"] for m in shown["milestones"]] == ["on draft", "on draft", "unbilled"]
    # a second draft finds nothing: milestones on a draft are taken
    assert "nothing to invoice" in acme.fail("invoice", "create", "acme", "--no-expenses")
    acme("invoice", "issue", "1")
    use = acme.json("contract", "show", "1")["consumption"]
    assert use == {
        "billed": "7000.00",
        "total": "10000.00",
        "milestones_billed": "7000.00",
        "milestones_unbilled": "3000.00",
        "unscheduled": "0.00",
        "left": "3000.00",
    }
    # crediting the Design line frees the milestone for the next draft
    acme("invoice", "credit", "INV-2026-0001", "--lines", "2")
    assert acme.json("contract", "show", "1")["consumption"]["billed"] == "3000.00"
    redo = acme.json("invoice", "create", "acme", "--no-expenses")
    assert [(ln["description"], ln["net"]) for ln in redo["lines"]] == [
        ("Web shop: Design", "4000.00")]  # fmt: skip
    table = acme("contract", "show", "1").stdout
    assert "Left to bill" in table and "Kick-off" in table


def test_tm_contract_cap(acme: Psa) -> None:
    acme("contract", "add", "acme-web", "--type", "tm", "--cap", "1000", "--from", "2026-11-01")
    acme("log", "5h", "acme-web", "build", "--date", "2026-11-10")
    acme("invoice", "create", "acme")
    acme("invoice", "issue", "1")  # 5 h x 120 = 600.00
    acme("log", "4h", "acme-web", "more", "--date", "2026-11-12")
    # 600 + 4 h x 120 = 1 080.00 > 1 000.00
    assert "acme-web (contract 1): 1,080.00 EUR would pass its not-to-exceed cap of " \
        "1,000.00 EUR" in acme.fail("invoice", "create", "acme")  # fmt: skip
    acme("invoice", "create", "acme", "--allow-over-cap")
    use = acme.json("contract", "show", "1")["consumption"]
    assert (use["cap"], use["billed"], use["left"], use["logged_seconds"]) == (
        "1000.00", "600.00", "400.00", 32400)  # fmt: skip
    row = acme("contract", "show", "1", "-f", "csv").stdout.splitlines()
    assert row[0].endswith("consumption_billed,consumption_cap,consumption_left,"
                           "consumption_logged_seconds")  # fmt: skip
    assert row[1].endswith(",600.00,1000.00,400.00,32400")


def test_contract_input_errors(acme: Psa) -> None:
    assert "a retainer contract needs --hours H" in acme.fail(
        "contract", "add", "acme-web", "--type", "retainer", "--amount", "5", code=2
    )
    assert "--hours does not apply to a tm contract" in acme.fail(
        "contract", "add", "acme-web", "--type", "tm", "--cap", "5", "--hours", "3", code=2
    )
    assert "invalid contract type 'monthly'" in acme.fail(
        "contract", "add", "acme-web", "--type", "monthly", code=2
    )
    assert "ends (2026-01-01) before it starts" in acme.fail(
        "contract", "add", "acme-web", "--type", "tm", "--cap", "5", "--to", "2026-01-01",
        code=2)  # fmt: skip
    # a client with one open project stands for it
    added = acme.json("contract", "add", "acme", "--type", "tm", "--cap", "5000")
    assert (added["project"], added["start"], added["active"]) == ("acme-web", "2026-11-26", True)
    assert "contracts of a project may not overlap" in acme.fail(
        "contract", "add", "acme-web", "--type", "tm", "--cap", "1", "--from", "2027-01-01"
    )
    acme("project", "add", "acme", "Other", "--code", "acme-other")
    assert "has 2 open projects (acme-other, acme-web)" in acme.fail(
        "contract", "add", "acme", "--type", "tm", "--cap", "5"
    )
    assert "milestones belong to fixed-fee contracts" in acme.fail(
        "contract", "milestone", "add", "1", "x", "--amount", "1", "--date", "today"
    )
    assert "no contract 7" in acme.fail("contract", "show", "7")
    rows = acme.json("contract", "list", "--client", "acme")
    assert [(r["id"], r["type"], r["cap"]) for r in rows] == [(1, "tm", "5000.00")]
    assert acme("contract", "list", "-f", "csv").stdout.splitlines()[0].startswith("id,uid,")


def test_db_check_finds_overlapping_contracts_and_overplanned_milestones(acme: Psa) -> None:
    acme(
        "contract", "add", "acme-web", "--type", "fixed", "--amount", "100", "--from", "2026-11-01"
    )
    acme("contract", "milestone", "add", "1", "All", "--amount", "100", "--date", "2026-12-01")
    assert "OK" in acme("db", "check").stdout
    conn = sqlite3.connect(acme.ledger)
    with conn:  # written behind psa's back: what db check is for
        conn.execute("UPDATE contract_milestones SET amount_minor = 20000")
        conn.execute(
            "INSERT INTO contracts (uid, client_id, project_id, kind, currency, start_day, "
            "cap_minor, created_at, updated_at) SELECT 'x', client_id, project_id, 'tm', "
            "currency, '2027-01-01', 1, created_at, updated_at FROM contracts"
        )
    conn.close()
    out = acme("db", "check", code=1)
    text = out.stdout + out.stderr
    assert "contracts of a project do not overlap: violated by contract 1" in text
    assert "milestones stay within their fixed fee: violated by contract 1 (20000 > 10000)" in text


def test_end_and_remove_a_contract(support: Psa) -> None:
    support("log", "3h", "acme-sup", "november", "--date", "2026-11-10")
    support("log", "2h", "acme-sup", "after the end", "--date", "2026-11-20")
    ended = support.json("contract", "end", "1", "--on", "2026-11-15")
    assert (ended["end"], ended["active"]) == ("2026-11-15", False)
    doc = support.json("invoice", "create", "acme", "--project", "acme-sup")
    # 3 h under the retainer (1000.00, nothing over); 20 Nov is hourly again: 2 h x 120
    assert _lines(doc) == [("time", "2.00", "120.00", "240.00"),
                           ("retainer", "1.00", "1000.00", "1000.00")]  # fmt: skip
    assert "contract 1 starts on 2026-11-01" in support.fail(
        "contract", "end", "1", "--on", "2026-10-01", code=2)  # fmt: skip
    assert "has invoice lines: end it instead" in support.fail("contract", "remove", "1")
    support("invoice", "delete", "1")
    # a contract that follows: the first may not be extended over it
    support("contract", "add", "acme-sup", "--type", "tm", "--cap", "900", "--from", "2026-12-01")
    assert "has contract 2 from 2026-12-01" in support.fail("contract", "end", "1", "--on",
                                                            "2026-12-31")  # fmt: skip
    removed = support.json("contract", "remove", "1")
    assert (removed["id"], removed["type"]) == (1, "retainer")
    assert [c["id"] for c in support.json("contract", "list")] == [2]
    actions = support.sql("SELECT action FROM audit_log WHERE entity = 'contracts' ORDER BY id")
    assert actions == [("create",), ("update",), ("create",), ("delete",)]


def test_milestone_after_the_new_end_refuses_it(acme: Psa) -> None:
    acme("contract", "add", "acme-web", "--type", "fixed", "--amount", "500")
    acme("contract", "milestone", "add", "1", "Delivery", "--amount", "500", "--date",
         "2026-12-20")  # fmt: skip
    assert "milestone 'Delivery' of contract 1 falls after 2026-12-01" in acme.fail(
        "contract", "end", "1", "--on", "2026-12-01")  # fmt: skip
    assert acme("contract", "remove", "1").stdout == "Removed fixed contract 1 of acme-web.\n"
    assert acme.sql("SELECT count(*) FROM contract_milestones") == [(0,)]


@pytest.mark.parametrize("group_by", ["task", "project", "day", "entry"])
def test_tm_contract_prices_like_the_project(acme: Psa, group_by: str) -> None:
    """Under a T&M contract the draft goes entry by entry, not summed in SQL: the same
    lines and figures either way (rounding up to 15 minutes per entry on)."""
    acme("config", "set", "rounding.mode", "up")
    acme("config", "set", "rounding.minutes", "15")
    acme("task", "add", "acme-web", "Design", "--rate", "150")
    for dur, day, task in (("1h20m", "02", "design"), ("50m", "02", None), ("2h05m", "03", None),
                           ("10m", "04", "design"), ("3h", "05", None)):  # fmt: skip
        acme("log", dur, "acme-web", "work", "--date", f"2026-11-{day}",
             *(["--task", task] if task else []))  # fmt: skip
    args = ("invoice", "create", "acme", "--dry-run", "--group-by", group_by)
    before = acme.json(*args)
    acme("contract", "add", "acme-web", "--type", "tm", "--cap", "100000", "--from", "2026-11-01")
    after = acme.json(*args)
    keys = ("description", "quantity", "unit_price", "net", "period", "entries")
    assert [[ln[k] for k in keys] for ln in after["lines"]] == [
        [ln[k] for k in keys] for ln in before["lines"]]  # fmt: skip
    assert after["totals"] == before["totals"]


def test_retainer_bills_every_month_of_the_contract(acme: Psa) -> None:
    """A retainer is owed each month, worked or not: from 1 September, 800.00 for 5 h;
    nothing logged in September or October, 6 h in November (1 h over at the client's
    120/h, no overage rate)."""
    acme("project", "add", "acme", "Care", "--code", "acme-care")
    acme("contract", "add", "acme-care", "--type", "retainer", "--amount", "800", "--hours",
         "5", "--from", "2026-09-01")  # fmt: skip
    acme("log", "6h", "acme-care", "november", "--date", "2026-11-04")
    doc = acme.json("invoice", "create", "acme", "--project", "acme-care")
    assert [(ln["description"], ln["net"], ln["period"]["from"]) for ln in doc["lines"]] == [
        ("Care — retainer 2026-09", "800.00", "2026-09-01"),
        ("Care — retainer 2026-10", "800.00", "2026-10-01"),
        ("Care — retainer 2026-11", "800.00", "2026-11-01"),
        ("Care — overage 2026-11 (1h over 5h)", "120.00", "2026-11-01"),
    ]  # fmt: skip
    # 3 x 800 + 120 = 2 520.00
    assert doc["totals"]["net"] == "2520.00"
    # the months on this draft are taken: a second draft has nothing to bill
    assert "nothing to invoice" in acme.fail("invoice", "create", "acme", "--project", "acme-care")
    acme("invoice", "issue", "1")
    acme("invoice", "void", "INV-2026-0001")
    # voided: the months are owed again (from October, as asked)
    again = acme.json("invoice", "create", "acme", "--project", "acme-care", "--from",
                      "2026-10-01")  # fmt: skip
    assert [ln["description"] for ln in again["lines"]] == [
        "Care — retainer 2026-10",
        "Care — retainer 2026-11",
        "Care — overage 2026-11 (1h over 5h)",
    ]
