"""Contacts, interactions, deals and the pipeline report, through the CLI.

Clock frozen at 2026-11-26 (Europe/Paris); figures worked out by hand in the comments.
"""

from __future__ import annotations

import csv
import io

from tests.conftest import Psa


def test_contacts_add_list_edit_remove(acme: Psa) -> None:
    out = acme("contact", "add", "acme", "Ada Lovelace", "--role", "CTO",
               "--email", "ada@acme.example", "--phone", "+33 1 23 45 67 89").stdout  # fmt: skip
    assert out == "Added contact 1 Ada Lovelace to acme.\n"
    acme("contact", "add", "acme", "Bob Builder", "--role", "Accounts")
    rows = acme.json("contact", "list", "--client", "acme")
    assert [(r["id"], r["name"], r["role"], r["email"]) for r in rows] == [
        (1, "Ada Lovelace", "CTO", "ada@acme.example"),
        (2, "Bob Builder", "Accounts", ""),
    ]
    assert "is not an e-mail address" in acme.fail("contact", "add", "acme", "X", "--email",
                                                   "x@nowhere", code=2)  # fmt: skip
    assert "is not a phone number" in acme.fail("contact", "add", "acme", "X", "--phone",
                                                "call me", code=2)  # fmt: skip
    assert "already has a contact named" in acme.fail("contact", "add", "acme", "ada lovelace")
    assert "unknown client 'nope'" in acme.fail("contact", "add", "nope", "X")
    assert "no contact 9" in acme.fail("contact", "edit", "9", "--role", "x")
    edited = acme.json("contact", "edit", "2", "--email", "bob@acme.example", "--role", "")
    assert (edited["email"], edited["role"]) == ("bob@acme.example", "")
    csv_rows = list(csv.DictReader(io.StringIO(acme("contact", "list", "-f", "csv").stdout)))
    assert [r["name"] for r in csv_rows] == ["Ada Lovelace", "Bob Builder"]
    assert acme("contact", "remove", "2").stdout == "Removed contact 2 Bob Builder from acme.\n"
    assert [r["id"] for r in acme.json("contact", "list")] == [1]
    assert acme.sql("SELECT action FROM audit_log WHERE entity = 'contacts' ORDER BY id") == [
        ("create",), ("create",), ("update",), ("delete",)]  # fmt: skip


def test_interactions_listed_on_client_show(acme: Psa) -> None:
    acme("contact", "add", "acme", "Ada Lovelace")
    acme("interaction", "add", "acme", "Kick-off call", "--type", "call", "--contact",
         "ada lovelace", "--date", "2026-11-02")  # fmt: skip
    for n in range(6):
        acme("interaction", "add", "acme", f"note {n}", "--date", f"2026-11-1{n}")
    rec = acme.json("interaction", "add", "acme", "Sent the proposal", "--type", "email",
                    "--contact", "1")  # fmt: skip
    assert (rec["day"], rec["type"], rec["contact"]) == ("2026-11-26", "email", "Ada Lovelace")
    assert "invalid interaction type 'fax'" in acme.fail(
        "interaction", "add", "acme", "x", "--type", "fax", code=2)  # fmt: skip
    assert "unknown contact 'Zed' for acme" in acme.fail(
        "interaction", "add", "acme", "x", "--contact", "Zed")  # fmt: skip
    shown = acme.json("client", "show", "acme")
    # latest 5, newest first: today's e-mail, then notes of the 15th .. 12th
    assert [i["text"] for i in shown["interactions"]] == [
        "Sent the proposal", "note 5", "note 4", "note 3", "note 2"]  # fmt: skip
    assert shown["contacts"][0]["interactions"] == 2
    table = acme("client", "show", "acme").stdout
    assert "Latest interactions (5):" in table and "Sent the proposal" in table
    assert len(acme.json("interaction", "list", "--client", "acme")) == 8
    assert [i["text"] for i in acme.json("interaction", "list", "-n", "1")] == [
        "Sent the proposal"]  # fmt: skip
    # removing the contact keeps the interactions, without the name
    assert acme.json("contact", "remove", "1")["name"] == "Ada Lovelace"
    assert acme.json("interaction", "list", "-n", "1")[0]["contact"] is None


def test_deal_lifecycle_won_creates_project(acme: Psa) -> None:
    deal = acme.json("deal", "add", "acme", "Shop redesign", "--value", "12000",
                     "--close-date", "2026-12-15")  # fmt: skip
    assert (deal["stage"], deal["probability"], deal["weighted"]) == ("lead", 10, "1200.00")
    moved = acme.json("deal", "move", "1", "proposal")
    assert (moved["stage"], moved["probability"], moved["weighted"]) == (
        "proposal", 50, "6000.00")  # fmt: skip
    moved = acme.json("deal", "move", "1", "negotiation", "--probability", "80")
    assert (moved["probability"], moved["weighted"]) == (80, "9600.00")
    assert "close a deal with 'psa deal won 1'" in acme.fail("deal", "move", "1", "won", code=2)
    won = acme.json("deal", "won", "1", "--create-project", "--code", "acme-shop")
    assert (won["stage"], won["probability"], won["closed_on"], won["project"]) == (
        "won", 100, "2026-11-26", "acme-shop")  # fmt: skip
    project = acme.json("project", "show", "acme-shop")
    assert (project["client"], project["name"], project["budget_amount"]) == (
        "acme", "Shop redesign", "12000.00")  # fmt: skip
    assert "already won" in acme.fail("deal", "won", "1")
    assert "cannot reopen" in acme.fail("deal", "move", "1", "lead")
    acme("deal", "add", "acme", "Taken", "--value", "1")
    assert "project code 'acme-shop' is taken" in acme.fail(
        "deal", "won", "2", "--create-project", "--code", "acme-shop")  # fmt: skip


def test_deal_lost_with_reason_and_reopen(acme: Psa) -> None:
    acme("deal", "add", "acme", "Audit", "--value", "3000", "--stage", "qualified")
    assert "--reason" in acme.fail("deal", "lost", "1", code=2)
    lost = acme.json("deal", "lost", "1", "--reason", "went with a bigger agency")
    assert (lost["stage"], lost["probability"], lost["lost_reason"]) == (
        "lost", 0, "went with a bigger agency")  # fmt: skip
    assert [d["id"] for d in acme.json("deal", "list", "--stage", "lost")] == [1]
    assert acme.json("deal", "list", "--stage", "open") == []
    reopened = acme.json("deal", "move", "1", "qualified")
    assert (reopened["probability"], reopened["lost_reason"], reopened["closed_on"]) == (
        25, None, None)  # fmt: skip


def test_deal_input_errors(acme: Psa) -> None:
    assert "invalid stage 'maybe'" in acme.fail(
        "deal", "add", "acme", "X", "--value", "10", "--stage", "maybe", code=2)  # fmt: skip
    assert "invalid stage 'won'" in acme.fail(
        "deal", "add", "acme", "X", "--value", "10", "--stage", "won", code=2)  # fmt: skip
    assert "invalid probability '120'" in acme.fail(
        "deal", "add", "acme", "X", "--value", "10", "--probability", "120", code=2)  # fmt: skip
    assert "invalid deal value 'ten'" in acme.fail(
        "deal", "add", "acme", "X", "--value", "ten", code=2)  # fmt: skip
    assert "no deal 4" in acme.fail("deal", "show", "4")


def _pipeline_ledger(acme: Psa) -> Psa:
    """Open deals (today 2026-11-26, horizon 3 months: 2026-11 .. 2027-01):
    1 lead 10 000 x 10 % = 1 000.00, close 2026-12-10
    2 proposal 3 333.33 x 50 % = 1 666.665 -> 1 666.67, close 2026-12-20
    3 negotiation 8 000 x 75 % = 6 000.00, close 2026-11-30
    4 qualified 4 000 x 40 % (given) = 1 600.00, close 2026-10-01 (overdue)
    5 lead 1 000 x 10 % = 100.00, close 2027-06-01 (later)
    6 proposal 2 000 x 50 % = 1 000.00, no date
    closed: 7 won 5 000, 8 won 1 000, 9 lost 4 000
    """
    add = [
        ("Site", "10000", "lead", None, "2026-12-10"),
        ("SEO", "3333.33", "proposal", None, "2026-12-20"),
        ("App", "8000", "negotiation", None, "2026-11-30"),
        ("Audit", "4000", "qualified", "40", "2026-10-01"),
        ("Later", "1000", "lead", None, "2027-06-01"),
        ("Someday", "2000", "proposal", None, None),
        ("Won A", "5000", "lead", None, None),
        ("Won B", "1000", "lead", None, None),
        ("Lost", "4000", "lead", None, None),
    ]
    for title, value, stage, prob, close in add:
        args = ["deal", "add", "acme", title, "--value", value, "--stage", stage]
        args += ["--probability", prob] if prob else []
        args += ["--close-date", close] if close else []
        acme(*args)
    acme("deal", "won", "7")
    acme("deal", "won", "8")
    acme("deal", "lost", "9", "--reason", "price")
    return acme


def test_pipeline_weighted_by_month_and_stage(acme: Psa) -> None:
    report = _pipeline_ledger(acme).json("report", "pipeline", "--months", "3")
    rows = {r["month"]: r for r in report["rows"]}
    assert list(rows) == ["overdue", "2026-11", "2026-12", "2027-01", "later", "undated"]
    assert rows["overdue"]["qualified"] == "1600.00"
    assert (rows["2026-11"]["negotiation"], rows["2026-11"]["weighted"]) == ("6000.00", "6000.00")
    dec = rows["2026-12"]
    # 1 000.00 (lead) + 1 666.67 (proposal) = 2 666.67; value 13 333.33
    assert (dec["lead"], dec["proposal"], dec["weighted"], dec["value"], dec["deals"]) == (
        "1000.00", "1666.67", "2666.67", "13333.33", 2)  # fmt: skip
    assert rows["2027-01"]["weighted"] == "0.00" and rows["2027-01"]["deals"] == 0
    assert rows["later"]["lead"] == "100.00" and rows["undated"]["proposal"] == "1000.00"
    total = report["totals"][0]
    # lead 1 000 + 100 = 1 100; qualified 1 600; proposal 1 666.67 + 1 000 = 2 666.67;
    # negotiation 6 000; weighted 11 366.67; value 10 000 + 3 333.33 + 8 000 + 4 000
    # + 1 000 + 2 000 = 28 333.33
    assert (total["lead"], total["qualified"], total["proposal"], total["negotiation"]) == (
        "1100.00", "1600.00", "2666.67", "6000.00")  # fmt: skip
    assert (total["weighted"], total["value"], total["deals"]) == ("11366.67", "28333.33", 6)
    # win rate: 2 won / 3 closed = 66.7 %; by value 6 000 / 10 000 = 60.0 %
    assert report["win_rate"] == [{"currency": "EUR", "won": 2, "lost": 1,
                                   "won_value": "6000.00", "lost_value": "4000.00",
                                   "by_count": "66.7", "by_value": "60.0"}]  # fmt: skip
    assert report["stages"]["negotiation"] == 75


def test_pipeline_table_and_csv(acme: Psa) -> None:
    _pipeline_ledger(acme)
    table = acme("report", "pipeline", "--months", "3").stdout
    assert "Pipeline 2026-11 to 2027-01 (EUR, weighted)" in table
    assert "11366.67" in table
    assert "Win rate (EUR): 66.7% by count (2 won, 1 lost), 60.0% by value" in table
    rows = list(csv.DictReader(io.StringIO(acme("report", "pipeline", "-f", "csv").stdout)))
    assert rows[-1]["month"] == "total" and rows[-1]["weighted"] == "11366.67"
    assert (rows[-1]["win_rate_count"], rows[-1]["win_rate_value"]) == ("66.7", "60.0")
    assert "invalid --months 0" in acme.fail("report", "pipeline", "--months", "0", code=2)


def test_pipeline_without_deals(acme: Psa) -> None:
    report = acme.json("report", "pipeline", "--months", "1")
    assert [r["month"] for r in report["rows"]] == ["2026-11"]
    assert report["win_rate"][0]["by_count"] is None
    assert "n/a by count" in acme("report", "pipeline").stdout


def test_deal_edit(acme: Psa) -> None:
    acme("deal", "add", "acme", "Shop", "--value", "1000", "--stage", "proposal")
    edited = acme.json("deal", "edit", "1", "--value", "2500.50", "--close-date", "2027-03-01",
                       "--title", "Shop v2")  # fmt: skip
    # proposal 50 %: 2 500.50 x 50 % = 1 250.25
    assert (edited["title"], edited["value"], edited["weighted"], edited["close_date"]) == (
        "Shop v2", "2500.50", "1250.25", "2027-03-01")  # fmt: skip
    assert acme.json("deal", "edit", "1", "--close-date", "")["close_date"] is None
    assert acme.json("deal", "edit", "1", "--probability", "60")["weighted"] == "1500.30"
    assert "nothing to change" in acme.fail("deal", "edit", "1", code=2)
    acme("deal", "won", "1")
    assert "its probability stays 100%" in acme.fail("deal", "edit", "1", "--probability", "5")
