"""`make demo`: build a realistic ledger in a temporary folder and run the main job on it.

Everything goes through the real `psa` command, as a user would type it; the
user's own ledger and config are never touched (PSA_LEDGER / PSA_CONFIG point
into the temporary folder).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

PSA = str(Path(sys.executable).with_name("psa"))


def run(*args: str, show: bool = True) -> str:
    if show:
        shown = " ".join(f"'{a}'" if " " in a else a for a in args)
        print(f"\n$ psa {shown}", flush=True)
    result = subprocess.run([PSA, *args], capture_output=True, text=True, check=False)
    if show:
        sys.stdout.write(result.stdout)
    if result.stderr:
        sys.stderr.write(result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"demo step failed: psa {' '.join(args)} (exit {result.returncode})")
    return result.stdout


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="psa-demo-"))
    os.environ["PSA_LEDGER"] = str(home / "ledger.db")
    os.environ["PSA_CONFIG"] = str(home / "config.toml")
    os.environ.pop("PSA_NOW", None)
    print(f"Demo ledger: {home / 'ledger.db'}")

    run("init", "--name", "Jane Doe Consulting", "--address", "12 rue de la Paix\\n75002 Paris",
        "--email", "billing@janedoe.example", "--tax-id", "FR40303265045",
        "--iban", "FR76 3000 6000 0112 3456 7890 189", "--currency", "EUR", "--rate", "95",
        "--me", "Jane")  # fmt: skip
    for key, value in (("business.country", "FR"), ("business.legal_id", "40303265000017")):
        run("config", "set", key, value, show=False)
    run("client", "add", "ACME Corporation", "--code", "acme", "--rate", "120", "--tax-rate",
        "20", "--terms", "30", "--email", "ap@acme.example", "--address",
        "1 Industrial Way\\n69001 Lyon", "--tax-id", "FR32123456789",
        "--country", "FR")  # fmt: skip
    run("client", "add", "Globex Ltd", "--code", "globex", "--currency", "GBP", "--rate", "110",
        "--terms", "14", "--tax-rate", "0", show=False)  # fmt: skip
    run("client", "add", "Initech", "--code", "initech", "--rate", "100", "--terms", "45",
        show=False)  # fmt: skip
    run("project", "add", "acme", "Web shop relaunch", "--code", "acme-web", "--budget-hours",
        "120", "--budget-amount", "14400")  # fmt: skip
    run("project", "add", "acme", "Support retainer", "--code", "acme-support", "--billing",
        "retainer", "--retainer-amount", "600", "--retainer-hours", "8", "--rate", "95",
        show=False)  # fmt: skip
    run("project", "add", "globex", "Data audit", "--code", "gx-audit", "--billing", "fixed",
        "--budget-amount", "8000", show=False)  # fmt: skip
    run("project", "add", "initech", "TPS migration", "--code", "tps", "--rate", "105",
        show=False)  # fmt: skip
    run("project", "add", "initech", "Internal tooling", "--code", "internal", "--billing",
        "non-billable", show=False)  # fmt: skip
    for task, estimate in (("Design", "24h"), ("Backend", "60h"), ("Frontend", "36h")):
        run("task", "add", "acme-web", task, "--estimate", estimate, show=False)
    run("person", "add", "Ana Lima", "--capacity", "32h", "--cost-rate", "45", "--rate", "90",
        show=False)  # fmt: skip

    # Two working weeks of history, logged after the fact like a real fortnight.
    today = date.today()
    plan = [
        ("3h", "acme-web", "Homepage wireframes", ["--task", "Design"]),
        ("2h30m", "acme-web", "Checkout API", ["--task", "Backend"]),
        ("1:30", "tps", "Schema mapping", []),
        ("45m", "acme-support", "Password reset issue", ["--tag", "support"]),
        ("2h", "gx-audit", "Data quality review", []),
        ("1h", "internal", "Invoice templates", []),
    ]
    count = 0
    for back in range(14, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for i in range(3):
            duration, project, note, extra = plan[(back + i) % len(plan)]
            run("log", duration, project, note, "--date", day.isoformat(), *extra, show=False)
            count += 1
        run("log", "4h", "acme-web", "Product pages", "--task", "Frontend", "--person",
            "Ana Lima", "--date", day.isoformat(), show=False)  # fmt: skip
        count += 1
    print(f"\nLogged {count} entries over the last two weeks.")

    run("log", "1h30m", "acme-web", "fixed login", "--task", "Backend", "--tag", "bug")
    began = datetime.now() - timedelta(minutes=25)
    run("start", "acme-web", "Code review", "--at", began.strftime("%Y-%m-%d %H:%M"))
    run("status")
    run("stop")
    receipt = home / "train-ticket.pdf"
    receipt.write_bytes(b"%PDF-1.4\n% demo receipt\n")
    run("expense", "add", "89.40", "acme-web", "Train Paris-Lyon", "--category", "travel",
        "--receipt", str(receipt), "--date", (today - timedelta(days=3)).isoformat())  # fmt: skip
    run("expense", "add", "29", "tps", "Test data licence", "--category", "software",
        "--markup", "10")  # fmt: skip
    run("entries", "--period", "week", "--client", "acme")
    run("project", "list")
    run("client", "show", "acme")
    run("expense", "list")
    # Bill ACME for the last two weeks: draft, issue, record a payment, export.
    run("invoice", "create", "acme", "--to", today.isoformat())
    number = run("invoice", "issue", "1", "--format", "json", show=False)
    import json

    number = json.loads(number)["number"]
    print(f"\n$ psa invoice issue 1\nIssued {number}.")
    run("invoice", "pay", number, "1000", "--reference", "SEPA 2026-11")
    out = home / "invoices"
    run("invoice", "export", number, "--to", "all", "-o", str(out), "--check")
    run("invoice", "list")
    run("export", "beancount", "-o", str(home / "books.beancount"))
    # Planning (issue 5): Ana (32 h a week) on acme-web 24 h/w for six weeks, and on tps
    # 16 h/w in the third week: 40 h > 32 h, an over-booked week in `report capacity`.
    monday = today - timedelta(days=today.weekday())
    week3 = monday + timedelta(days=14)
    six_weeks = (monday + timedelta(days=41)).isoformat()
    run("allocate", "Ana Lima", "acme-web", "--hours-per-week", "24", "--from",
        monday.isoformat(), "--to", six_weeks, show=False)  # fmt: skip
    run("allocate", "Ana Lima", "tps", "--hours-per-week", "16", "--from", week3.isoformat(),
        "--to", (week3 + timedelta(days=4)).isoformat(), show=False)  # fmt: skip
    run("allocate", "Jane", "tps", "--hours-per-week", "10", "--from", monday.isoformat(),
        "--to", (monday + timedelta(days=27)).isoformat(), show=False)  # fmt: skip
    run("task", "edit", "acme-web", "Design", "--due", (monday + timedelta(days=11)).isoformat(),
        "--assignee", "Ana Lima", "--status", "doing", show=False)  # fmt: skip
    run("report", "capacity", "--weeks", "6")
    run("schedule", "--weeks", "8")
    run("task", "list", "acme-web")
    run("timesheet", "submit", "--person", "Ana Lima", "--week", "last", show=False)
    run("timesheet", "approve", "Ana Lima", "--week", "last", show=False)
    run("timesheet", "status", "--week", "last")
    # CRM, pipeline and a retainer contract (issue 5, part 2).
    run("contact", "add", "acme", "Ada Lovelace", "--role", "CTO", "--email",
        "ada@acme.example", show=False)  # fmt: skip
    run("contact", "add", "acme", "Bob Martin", "--role", "Accounts", "--phone",
        "+33 1 42 00 00 00", show=False)  # fmt: skip
    run("interaction", "add", "acme", "Quarterly review: wants a mobile app next year",
        "--type", "meeting", "--contact", "Ada Lovelace", show=False)  # fmt: skip
    run("contact", "list")
    deals = [
        ("acme", "Mobile app", "24000", "qualified", 40),
        ("acme", "Checkout A/B tests", "6000", "proposal", 20),
        ("globex", "Data platform", "18000", "negotiation", 55),
        ("initech", "TPS reports v2", "9000", "lead", 80),
        ("initech", "Printer fleet audit", "3500", "proposal", 10),
        ("globex", "GDPR review", "4000", "lead", 30),
    ]  # fmt: skip
    for client, title, value, stage, days in deals:
        run("deal", "add", client, title, "--value", value, "--stage", stage, "--close-date",
            (today + timedelta(days=days)).isoformat(), show=False)  # fmt: skip
    run("deal", "won", "5", "--create-project", "--code", "initech-printers", show=False)
    run("deal", "lost", "6", "--reason", "kept in house", show=False)
    run("deal", "list")
    run("report", "pipeline", "--months", "4")
    run("contract", "add", "acme-support", "--type", "retainer", "--amount", "600", "--hours",
        "8", "--rollover", "--overage-rate", "95", "--from", today.replace(day=1).isoformat(),
        show=False)  # fmt: skip
    run("contract", "show", "1")
    run("db", "check")
    run("db", "backup", str(home / "backup.db"))

    print(
        "\nThe demo ledger stays in place. Explore it yourself:\n"
        f"  export PSA_LEDGER={home / 'ledger.db'} PSA_CONFIG={home / 'config.toml'}\n"
        "  .venv/bin/psa entries --period last-week\n"
        "  .venv/bin/psa --format json project show acme-web\n"
        "  .venv/bin/psa start acme-web 'my task'   # then: psa status, psa stop\n"
        "  .venv/bin/psa tui    # the dashboard and workspace on this ledger (q quits)\n"
        f"  .venv/bin/psa invoice show {number}\n"
        f"Invoice files: {out}\n"
        f"Remove it with: rm -rf {home}"
    )
    if shutil.which("psa") is None:
        print("(psa lives in .venv/bin; activate with: source .venv/bin/activate)")


if __name__ == "__main__":
    main()
