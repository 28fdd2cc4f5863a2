"""`psa export beancount|hledger`: journals the accounting tools accept, to the cent.

The checkers run as subprocesses: bean-check from the venv (pip package beancount),
hledger and ledger from Debian (`make deps-debian`). A test is skipped only when its
tool is not installed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from psa_cli.formats import journal as fmt
from tests.conftest import Psa


def _tool(name: str, *, venv: bool = False) -> str:
    found = Path(sys.executable).parent / name if venv else None
    path = str(found) if found and found.exists() else shutil.which(name)
    if path is None:
        how = "pip install beancount" if venv else f"apt-get install {name}"
        pytest.skip(f"{name} is not installed ({how}; see 'make deps-debian')")
    return path


def _run(*cmd: str) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{' '.join(cmd)} -> {done.returncode}\n{done.stderr}"
    assert "rror" not in done.stderr, done.stderr  # ledger/hledger warn on stderr
    return done.stdout


def _build_books(acme: Psa) -> None:
    """Invoices (paid, credited, voided, draft) in EUR, USD and JPY, and expenses."""
    acme("task", "add", "acme-web", "Design", "--rate", "150")
    acme("log", "1h20m", "acme-web", "wireframes", "--task", "design", "--date", "2026-11-02")
    acme("log", "2h", "acme-web", "checkout", "--date", "2026-11-03")
    acme("expense", "add", "50", "acme-web", "Train", "--markup", "10", "--date", "2026-11-04",
         "--category", "travel")  # fmt: skip
    acme("expense", "add", "19.99", "acme-web", "Paper & ink", "--non-billable",
         "--category", "office supplies", "--date", "2026-11-05")  # fmt: skip
    acme("invoice", "create", "acme")
    acme("invoice", "edit", "1", "--discount", "5")
    acme("invoice", "issue", "1", "--date", "2026-11-06")
    acme("invoice", "pay", "INV-2026-0001", "100", "--date", "2026-11-20")
    acme("invoice", "credit", "INV-2026-0001", "--lines", "1")  # CN-2026-0001, 2026-11-26
    acme("log", "1h", "acme-web", "hotfix", "--date", "2026-11-10")
    acme("invoice", "create", "acme", "--no-expenses")  # id 3: the released + new entries
    acme("invoice", "issue", "3", "--date", "2026-11-12")  # INV-2026-0002
    acme("invoice", "void", "INV-2026-0002")  # voided on 2026-11-26
    acme("log", "30m", "acme-web", "left as a draft", "--date", "2026-11-13")
    acme("invoice", "create", "acme")  # id 4 stays a draft: not in the books
    acme("client", "add", 'Globex; "UK" | Ltd', "--code", "globex.us", "--currency", "USD",
         "--rate", "99.99", "--tax-rate", "5.5")  # fmt: skip
    acme("project", "add", "globex.us", "Support", "--code", "gx")
    acme("log", "3h", "gx", "support", "--date", "2026-11-16")
    acme("invoice", "create", "globex.us")
    acme("invoice", "issue", "5", "--date", "2026-11-17")  # INV-2026-0003
    acme("invoice", "pay", "INV-2026-0003", "0.01", "--date", "2026-11-25")
    acme("client", "add", "Nippon", "--code", "jp", "--currency", "JPY", "--rate", "12345",
         "--tax-rate", "10")  # fmt: skip
    acme("project", "add", "jp", "Audit", "--code", "jp-audit")
    acme("log", "1h", "jp-audit", "audit", "--date", "2026-11-18")
    acme("invoice", "create", "jp")
    acme("invoice", "issue", "6", "--date", "2026-11-18")


@pytest.fixture(scope="module")
def books_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The books built once (about 3 s of CLI calls); each test gets a copy."""
    from tests.conftest import FROZEN_NOW

    base = tmp_path_factory.mktemp("books")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PSA_LEDGER", str(base / "data" / "ledger.db"))
        mp.setenv("PSA_CONFIG", str(base / "config" / "config.toml"))
        mp.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
        mp.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))
        mp.setenv("PSA_TZ", "Europe/Paris")
        mp.setenv("PSA_NOW", FROZEN_NOW)
        mp.delenv("PSA_DEBUG", raising=False)
        psa = Psa(base / "data" / "ledger.db")
        psa("init", "--name", "Jane Doe Consulting", "--currency", "EUR", "--rate", "100")
        psa("client", "add", "ACME Corp", "--code", "acme", "--rate", "120", "--tax-rate", "20",
            "--terms", "30")  # fmt: skip
        psa("project", "add", "acme", "Web shop", "--code", "acme-web")
        _build_books(psa)
    return base


@pytest.fixture
def books(psa: Psa, books_files: Path) -> Psa:
    """A fresh copy of the books in this test's own ledger and config paths."""
    shutil.copytree(books_files / "data", psa.ledger.parent, dirs_exist_ok=True)
    shutil.copytree(books_files / "config", Path(os.environ["PSA_CONFIG"]).parent,
                    dirs_exist_ok=True)  # fmt: skip
    return psa


def _export(psa: Psa, kind: str, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / f"books.{kind}"
    psa("export", kind, "-o", str(out), "--force", *args)
    return out


def _dues(psa: Psa) -> dict[str, tuple[Decimal, str]]:
    """What `psa invoice list` says each client still owes on issued documents."""
    dues: dict[str, tuple[Decimal, str]] = {}
    for row in psa.json("invoice", "list"):
        if row["status"] == "draft":
            continue
        total, cur = dues.get(row["client"], (Decimal(0), row["currency"]))
        dues[row["client"]] = (total + Decimal(row["due"]), cur)
    return dues


def _bean_balances(text: str) -> dict[tuple[str, str], Decimal]:
    """Sum every posting of a beancount file by (account, currency), with Decimal."""
    sums: dict[tuple[str, str], Decimal] = {}
    for match in re.finditer(r"^  ([A-Z][\w:-]+)\s+(-?\d+(?:\.\d+)?) ([A-Z]{3})$", text, re.M):
        key = (match[1], match[3])
        sums[key] = sums.get(key, Decimal(0)) + Decimal(match[2])
    return sums


def test_beancount_is_accepted_and_receivables_match(books: Psa, tmp_path: Path) -> None:
    path = _export(books, "beancount", tmp_path)
    _run(_tool("bean-check", venv=True), str(path))
    text = path.read_text()
    balances = _bean_balances(text)
    accounts = {"acme": "Assets:Receivables:Acme", "globex.us": "Assets:Receivables:Globex-us",
                "jp": "Assets:Receivables:Jp"}  # fmt: skip
    for client, (due, cur) in _dues(books).items():
        assert balances[(accounts[client], cur)] == due, client
    assert books.json("invoice", "list")[0]["due"] != "0.00"  # the check is not vacuous
    assert 'option "operating_currency" "EUR"' in text
    assert '"Globex; \\"UK\\" | Ltd"' in text  # quotes escaped inside the payee
    assert "^CN-2026-0001 ^INV-2026-0001" in text  # the credit note links its invoice
    assert "Liabilities:VAT:Output:5-5" in text and "Expenses:OfficeSupplies" in text
    numbers = set(re.findall(r"\^([\w-]+)", text))  # the draft (id 4) has no number, no entry
    assert numbers == {"INV-2026-0001", "INV-2026-0002", "INV-2026-0003", "INV-2026-0004",
                       "CN-2026-0001"}  # fmt: skip
    assert "456.00" not in text


def test_hledger_check_strict_and_balances(books: Psa, tmp_path: Path) -> None:
    hledger = _tool("hledger")
    path = _export(books, "hledger", tmp_path)
    _run(hledger, "-f", str(path), "check", "-s")
    out = _run(hledger, "-f", str(path), "bal", "Assets:Receivables", "-O", "csv", "--flat")
    rows = {r[0]: r[1] for r in csv.reader(io.StringIO(out)) if r and r[0] != "account"}
    for client, (due, cur) in _dues(books).items():
        account = fmt.client_accounts([client])[client]
        amount = f"{due:f} {cur}" if due else "0"
        assert rows.get(account, "0") == amount, (client, rows)


def test_ledger_strict_pedantic_reads_the_hledger_journal(books: Psa, tmp_path: Path) -> None:
    ledger = _tool("ledger")
    path = _export(books, "hledger", tmp_path)
    out = _run(ledger, "-f", str(path), "--strict", "--pedantic", "bal", "Receivables:Acme")
    assert out.split()[:2] == [f"{_dues(books)['acme'][0]:f}", "EUR"]


def test_documents_balance_and_revenue_nets_out(books: Psa, tmp_path: Path) -> None:
    text = _export(books, "beancount", tmp_path).read_text()
    sums = _bean_balances(text)
    for cur in ("EUR", "USD", "JPY"):  # every transaction balances, so the books do
        assert sum(v for (_, c), v in sums.items() if c == cur) == 0
    # the void is an issue and its reversal: both dated, linked, netting to nothing
    void = [b for b in text.split("\n\n") if "^INV-2026-0002" in b]
    assert [b[:10] for b in void] == ["2026-11-12", "2026-11-26"]
    assert "Void of invoice INV-2026-0002" in void[1]
    assert _bean_balances(void[0]) == {k: -v for k, v in _bean_balances(void[1]).items()}
    # VAT owed = VAT of the live invoices - VAT of the credit notes
    docs = [books.json("invoice", "show", str(n)) for n in (1, 2, 5, 6)]
    vat = sum(Decimal(d["totals"]["tax"]) * (-1 if d["kind"] == "credit_note" else 1)
              for d in docs if d["currency"] == "EUR")  # fmt: skip
    assert -sums[("Liabilities:VAT:Output:20", "EUR")] == vat
    assert sums[("Expenses:Travel", "EUR")] == Decimal("50.00")
    assert sums[("Liabilities:Owner", "EUR")] == Decimal("-69.99")


def test_period_filters_by_transaction_date(books: Psa, tmp_path: Path) -> None:
    text = books("export", "beancount", "--from", "2026-11-20", "--to", "2026-11-25").stdout
    days = re.findall(r"^(\d{4}-\d\d-\d\d) \*", text, re.M)
    assert days == ["2026-11-20", "2026-11-25"]  # the two payments, nothing else
    path = tmp_path / "part.beancount"
    path.write_text(text)
    _run(_tool("bean-check", venv=True), str(path))
    empty = books("export", "hledger", "--to", "2026-01-01").stdout
    assert " * " not in empty and "commodity EUR" in empty
    assert "after --to" in books.fail("export", "hledger", "--from", "2026-12-01", "--to",
                                      "2026-11-01", code=2)  # fmt: skip


def test_output_file_is_private_and_never_clobbered(books: Psa, tmp_path: Path) -> None:
    out = tmp_path / "books.journal"
    result = books("export", "hledger", "-o", str(out))
    assert result.stdout.startswith("Wrote ") and str(out) in result.stdout
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    out.write_text("mine")
    assert "add --force" in books.fail("export", "hledger", "-o", str(out))
    assert out.read_text() == "mine"
    os.chmod(out, 0o644)
    books("export", "beancount", "-o", str(out), "--force")
    assert out.read_text().startswith(";; psa") and stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert "ledger itself" in books.fail("export", "hledger", "-o", str(books.ledger), "--force")
    assert "is a folder" in books.fail("export", "hledger", "-o", str(tmp_path))
    assert "does not exist" in books.fail("export", "hledger", "-o", str(tmp_path / "x" / "y"))
    assert not list(tmp_path.glob(".*.tmp"))


def test_empty_ledger_exports_valid_journals(psa: Psa, tmp_path: Path) -> None:
    psa("init", "--name", "Solo", "--currency", "GBP")
    beancount = tmp_path / "empty.beancount"
    beancount.write_text(psa("export", "beancount").stdout)
    assert 'option "operating_currency" "GBP"' in beancount.read_text()
    _run(_tool("bean-check", venv=True), str(beancount))


def test_names_are_valid_and_distinct() -> None:
    accounts = fmt.client_accounts(["acme.eu", "acme-eu", "ACME_EU2", "9lives", "é"])
    assert accounts == {
        "acme-eu": "Assets:Receivables:Acme-eu",
        "acme.eu": "Assets:Receivables:Acme-eu-2",
        "acme_eu2": "Assets:Receivables:ACME-EU2",
        "9lives": "Assets:Receivables:9lives",
        "é": "Assets:Receivables:E",
    }
    assert fmt.category_component("office supplies") == "OfficeSupplies"
    assert fmt.category_component("café/bar") == "CafeBar"
    assert fmt.category_component("***") == "General"
    assert fmt.rate_component("7.7") == "7-7" and fmt.rate_component("20") == "20"
    assert fmt.link("FA 2026/#7") == "FA-2026/-7"
