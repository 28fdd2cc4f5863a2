"""Invoices end to end through the CLI, figures worked out by hand (docs/billing.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Psa


@pytest.fixture
def billed(acme: Psa) -> Psa:
    """acme: 120/h client rate, 20% VAT, 30 days; a task at 150/h; one expense +10%."""
    acme("task", "add", "acme-web", "Design", "--rate", "150")
    acme("log", "1h20m", "acme-web", "wireframes", "--task", "design", "--date", "2026-11-02")
    acme("log", "2h", "acme-web", "checkout", "--date", "2026-11-03")
    acme("log", "45m", "acme-web", "login bug", "--date", "2026-11-03", "--tag", "bug")
    acme("expense", "add", "50", "acme-web", "Train", "--markup", "10", "--date", "2026-11-04")
    return acme


def test_draft_prices_with_the_rate_hierarchy(billed: Psa) -> None:
    doc = billed.json("invoice", "create", "acme")
    lines = {ln["description"].split(" (")[0]: ln for ln in doc["lines"]}
    design = lines["Web shop — Design"]
    general = lines["Web shop — General"]
    assert (design["quantity"], design["unit_price"], design["net"]) == (
        "1.3333",
        "150.00",
        "200.00",
    )
    assert (general["quantity"], general["unit_price"], general["net"]) == (
        "2.75",
        "120.00",
        "330.00",
    )
    expense = [ln for ln in doc["lines"] if ln["kind"] == "expense"][0]
    assert (expense["unit_price"], expense["net"]) == ("55.00", "55.00")
    # 200 + 330 + 55 = 585.00; VAT 20% = 117.00; total 702.00
    assert doc["totals"] == {"lines": "585.00", "allowances": "0.00", "net": "585.00",
                             "tax": "117.00", "gross": "702.00", "paid": "0.00",
                             "credited": "0.00", "due": "702.00"}  # fmt: skip
    assert doc["status"] == "draft" and doc["number"] is None
    assert billed.json("entries", "--unbilled")  # drafts don't bill


def test_dry_run_writes_nothing(billed: Psa) -> None:
    before = billed.dump()
    doc = billed.json("invoice", "create", "acme", "--dry-run")
    assert doc["status"] == "preview" and doc["totals"]["gross"] == "702.00"
    assert billed.dump() == before


def test_rounding_up_to_15_minutes(billed: Psa) -> None:
    billed("config", "set", "rounding.mode", "up")
    billed("config", "set", "rounding.minutes", "15")
    doc = billed.json("invoice", "create", "acme", "--group-by", "entry", "--no-expenses")
    # 1h20m -> 1h30m at 150 = 225.00; 2h -> 2h = 240.00; 45m -> 45m = 90.00
    assert [ln["net"] for ln in doc["lines"]] == ["225.00", "240.00", "90.00"]
    assert billed.sql("SELECT seconds FROM time_entries ORDER BY id") == [(4800,), (7200,), (2700,)]


def test_issue_locks_numbers_and_pays(billed: Psa) -> None:
    billed("invoice", "create", "acme", "--to", "2026-11-03", "--no-expenses")
    billed("invoice", "edit", "1", "--discount", "10", "--po", "PO-77")
    doc = billed.json("invoice", "issue", "1")
    # lines 200 + 330 = 530; discount 53.00; net 477.00; VAT 95.40; total 572.40
    assert doc["number"] == "INV-2026-0001"
    assert doc["totals"]["net"] == "477.00" and doc["totals"]["gross"] == "572.40"
    assert doc["due_date"] == "2026-12-26" and doc["po_reference"] == "PO-77"
    assert "billed on invoice INV-2026-0001" in billed.fail("entry", "delete", "1", "--yes")
    assert "only drafts" in billed.fail("invoice", "edit", "INV-2026-0001", "--notes", "x")
    assert "more than the" in billed.fail("invoice", "pay", "INV-2026-0001", "600")
    billed("invoice", "pay", "INV-2026-0001", "500", "--date", "2026-11-27")
    assert billed.json("invoice", "list", "--status", "issued")[0]["due"] == "72.40"
    billed("invoice", "pay", "INV-2026-0001", "72.40")
    assert billed.json("invoice", "list", "--status", "paid")[0]["number"] == "INV-2026-0001"
    # the expense was left out: a second invoice takes it and gets the next number
    billed("invoice", "create", "acme")
    assert billed.json("invoice", "issue", "2")["number"] == "INV-2026-0002"


def test_void_releases_and_keeps_the_number(billed: Psa) -> None:
    billed("invoice", "create", "acme")
    billed("invoice", "issue", "1")
    assert billed.json("entries", "--unbilled") == []
    billed("invoice", "void", "INV-2026-0001")
    assert len(billed.json("entries", "--unbilled")) == 3
    assert billed.json("invoice", "show", "INV-2026-0001")["status"] == "void"
    billed("invoice", "create", "acme")
    assert billed.json("invoice", "issue", "2")["number"] == "INV-2026-0002"
    assert "only issued" in billed.fail("invoice", "void", "INV-2026-0001")


def test_credit_note_for_one_line(billed: Psa) -> None:
    billed("invoice", "create", "acme")
    billed("invoice", "issue", "1")
    note = billed.json("invoice", "credit", "INV-2026-0001", "--lines", "3")
    assert note["number"] == "CN-2026-0001" and note["type_code"] == "381"
    assert note["credited_invoice"]["number"] == "INV-2026-0001"
    assert note["totals"]["gross"] == "66.00"  # 55.00 + 20%
    shown = billed.json("invoice", "show", "INV-2026-0001")
    assert shown["totals"]["credited"] == "66.00" and shown["totals"]["due"] == "636.00"
    assert [x["description"] for x in billed.json("expense", "list", "--unbilled")] == ["Train"]


def test_draft_editing_lines(billed: Psa) -> None:
    billed("invoice", "create", "acme", "--no-expenses")
    billed("invoice", "line", "add", "1", "Hosting setup", "--price", "80", "--quantity", "2")
    billed("invoice", "line", "edit", "1", "3", "--tax-rate", "10")
    doc = billed.json("invoice", "line", "remove", "1", "1")
    assert [ln["position"] for ln in doc["lines"]] == [1, 2]
    assert doc["lines"][1]["net"] == "160.00"
    # 330 @20% + 160 @10%: VAT 66.00 + 16.00 = 82.00; total 572.00
    assert {(g["rate"], g["tax"]) for g in doc["tax_breakdown"]} == {
        ("20", "66.00"),
        ("10", "16.00"),
    }
    assert doc["totals"]["gross"] == "572.00"
    assert len(billed.json("entries", "--unbilled")) == 3  # line 1 released its entry
    billed("invoice", "delete", "1")
    assert billed.json("invoice", "list") == []


def test_refusals(billed: Psa) -> None:
    assert "nothing to invoice" in billed.fail("invoice", "create", "acme", "--to", "2026-10-01")
    assert "invalid --group-by" in billed.fail(
        "invoice", "create", "acme", "--group-by", "week", code=2
    )
    assert "no invoice 'INV-9'" in billed.fail("invoice", "show", "INV-9")
    billed("client", "add", "Globex", "--code", "globex", "--currency", "GBP")
    billed("project", "add", "globex", "Audit", "--code", "gx")
    billed("log", "1h", "gx")
    assert "no hourly rate in GBP" in billed.fail("invoice", "create", "globex")


def test_retainer_with_overage(acme: Psa) -> None:
    acme("project", "add", "acme", "Support", "--code", "sup", "--billing", "retainer",
         "--retainer-amount", "1000", "--retainer-hours", "10", "--rate", "90")  # fmt: skip
    for day in ("2026-11-02", "2026-11-09", "2026-11-16"):
        acme("log", "4h", "sup", "--date", day)
    doc = acme.json("invoice", "create", "acme")
    # retainer 1000.00 + overage 2h x 90 = 180.00 -> 1180.00 net, 236.00 VAT
    assert [(ln["kind"], ln["net"]) for ln in doc["lines"]] == [("retainer", "1000.00"),
                                                               ("time", "180.00")]  # fmt: skip
    assert doc["totals"]["gross"] == "1416.00"


def test_fixed_fee_milestones(acme: Psa) -> None:
    acme(
        "project", "add", "acme", "Audit", "--code", "audit", "--billing", "fixed", "--fee", "8000"
    )
    acme("log", "5h", "audit")  # tracked, not billed per hour
    doc = acme.json("invoice", "create", "acme", "--project", "audit", "--percent", "30",
                    "--milestone", "Kick-off")  # fmt: skip
    assert [(ln["description"], ln["net"]) for ln in doc["lines"]] == [
        ("Audit: Kick-off", "2400.00")
    ]
    acme("invoice", "issue", "1")
    assert "would exceed the fixed fee" in acme.fail(
        "invoice", "create", "acme", "--project", "audit", "--amount", "6000"
    )


def test_cap_refuses_unless_allowed(acme: Psa) -> None:
    acme("project", "edit", "acme-web", "--cap", "200")
    acme("log", "2h", "acme-web")  # 240.00 > 200.00
    assert "not-to-exceed cap" in acme.fail("invoice", "create", "acme")
    out = acme("invoice", "create", "acme", "--allow-over-cap")
    assert "warning: acme-web" in out.stderr


def test_reverse_charge_client(acme: Psa) -> None:
    acme("client", "add", "Bau GmbH", "--code", "bau", "--country", "DE", "--tax-id",
         "DE123456789", "--tax-category", "AE", "--rate", "100")  # fmt: skip
    acme("project", "add", "bau", "Plant", "--code", "plant")
    acme("log", "3h", "plant")
    doc = acme.json("invoice", "create", "bau")
    assert doc["tax_breakdown"] == [{"category": "AE", "rate": "0", "taxable": "300.00",
                                     "tax": "0.00", "exemption_reason": "Reverse charge",
                                     "exemption_code": None}]  # fmt: skip
    assert doc["totals"]["gross"] == "300.00"


def test_numbers_stay_gapless_across_processes(acme: Psa, tmp_path: Path) -> None:
    for i in range(6):
        acme("log", "1h", "acme-web", f"n{i}", "--date", f"2026-11-0{i + 1}")
        acme(
            "invoice", "create", "acme", "--from", f"2026-11-0{i + 1}", "--to", f"2026-11-0{i + 1}"
        )
    psa_bin = str(Path(sys.executable).with_name("psa"))
    procs = [
        subprocess.Popen(
            [psa_bin, "invoice", "issue", str(i)],
            env=dict(os.environ),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for i in range(1, 7)
    ]
    for proc in procs:
        assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    numbers = sorted(r[0] for r in acme.sql("SELECT number FROM invoices"))
    assert numbers == [f"INV-2026-000{i}" for i in range(1, 7)]


def test_retainer_rollover_carries_unused_hours(acme: Psa) -> None:
    acme("project", "add", "acme", "Support", "--code", "sup", "--billing", "retainer",
         "--retainer-amount", "1000", "--retainer-hours", "10", "--rate", "90",
         "--rollover")  # fmt: skip
    acme("log", "6h", "sup", "--date", "2026-10-05")  # October: 4h unused
    acme("invoice", "create", "acme", "--to", "2026-10-31")
    acme("invoice", "issue", "1")
    for day in ("2026-11-02", "2026-11-09", "2026-11-16"):
        acme("log", "4h", "sup", "--date", day)  # November: 12h of 10h + 4h carried
    result = acme("invoice", "create", "acme", "--format", "json")
    assert "4h rolled over" in result.stderr
    import json

    doc = json.loads(result.stdout)
    assert [(ln["kind"], ln["net"]) for ln in doc["lines"]] == [("retainer", "1000.00")]
