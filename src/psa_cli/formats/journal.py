"""Accounting journals (beancount 3, hledger/ledger) rendered from balanced transactions.

Pure: no ledger, no I/O. `services.journals` turns invoices, credit notes, payments and
expenses into `Transaction`s; this module names accounts safely and writes the text.
The design (accounts, signs, what is left out) is documented in docs/journals.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from psa_cli.domain.money import exponent, format_amount

FORMATS = ("beancount", "hledger")

# Account names shared by both formats (beancount's rules are the stricter ones: every
# component starts with an upper-case letter or a digit, then letters, digits or '-').
RECEIVABLES = "Assets:Receivables"
BANK = "Assets:Bank"
OWNER = "Liabilities:Owner"
VAT_OUTPUT = "Liabilities:VAT:Output"
INCOME_SERVICES = "Income:Services"
INCOME_REBILLED = "Income:Expenses-Rebilled"
INCOME_DISCOUNTS = "Income:Discounts"
EXPENSES = "Expenses"

# Tags written in hledger comments, declared with `tag` directives up front.
HLEDGER_TAGS = tuple(
    "client invoice credit_note credits void method reference project billable".split()
)


@dataclass(frozen=True)
class Posting:
    account: str
    amount_minor: int
    currency: str


@dataclass
class Transaction:
    """One balanced entry: an invoice, a credit note, a payment, a void or an expense."""

    day: str  # ISO date
    narration: str
    postings: list[Posting]
    payee: str = ""
    code: str = ""  # the document number (hledger/ledger transaction code)
    links: tuple[str, ...] = ()  # document numbers tying related entries together
    meta: dict[str, str] = field(default_factory=dict)
    posting_order: int = 0  # tie-breaker for entries on the same day

    def imbalance(self) -> dict[str, int]:
        """Non-zero sums per currency (empty when the entry balances to the minor unit)."""
        sums: dict[str, int] = {}
        for p in self.postings:
            sums[p.currency] = sums.get(p.currency, 0) + p.amount_minor
        return {cur: total for cur, total in sums.items() if total}


@dataclass
class Journal:
    title: str
    operating_currency: str
    transactions: list[Transaction]
    generated_by: str = "psa"

    def first_use(self) -> tuple[dict[str, str], dict[str, str]]:
        """Date each account and each currency first appears (for open/commodity)."""
        accounts: dict[str, str] = {}
        currencies: dict[str, str] = {}
        for tx in self.transactions:
            for p in tx.postings:
                accounts[p.account] = min(accounts.get(p.account, tx.day), tx.day)
                currencies[p.currency] = min(currencies.get(p.currency, tx.day), tx.day)
        return dict(sorted(accounts.items())), dict(sorted(currencies.items()))


# -- account names -------------------------------------------------------------


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def component(text: str, fallback: str = "Other") -> str:
    """A valid account component: 'acme-web' -> 'Acme-web', 'acme_eu.fr' -> 'Acme-eu-fr'."""
    cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", _ascii(text)).strip("-")
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    if not cleaned:
        return fallback
    return cleaned[0].upper() + cleaned[1:]


def category_component(category: str) -> str:
    """'office supplies' -> 'OfficeSupplies', 'café' -> 'Cafe', '' -> 'General'."""
    words = re.split(r"[^A-Za-z0-9]+", _ascii(category))
    return "".join(w[0].upper() + w[1:] for w in words if w) or "General"


def rate_component(rate: str) -> str:
    """A VAT rate as an account component: '20' -> '20', '7.7' -> '7-7'."""
    return component(rate.replace(".", "-"), fallback="0")


def client_accounts(codes: Iterable[str]) -> dict[str, str]:
    """Receivable account per client code, unique even when two codes clean to one name.

    Codes are compared case-insensitively (as the ledger does); a later code whose
    name is taken gets '-2', '-3', ... in sorted order, so the mapping is stable.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for code in sorted({c.lower(): c for c in codes}.values(), key=str.lower):
        base = component(code, fallback="Client")
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.lower())
        out[code.lower()] = f"{RECEIVABLES}:{name}"
    return out


# -- text safety ----------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in text).split())


def link(number: str) -> str:
    """A beancount link body: letters, digits and '-_/.' only."""
    return re.sub(r"[^A-Za-z0-9\-_/.]", "-", number) or "document"


def _bean_str(text: str) -> str:
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ledger_text(text: str) -> str:
    # ';' starts a comment and '|' splits payee from note in hledger descriptions.
    return _one_line(text).replace(";", ",").replace("|", "/")


def _tag_value(text: str) -> str:
    # an hledger tag value ends at a comma or the end of the line
    return _ledger_text(text).replace(",", " ").strip()


def _amount(minor: int, currency: str) -> str:
    return f"{format_amount(minor, currency)} {currency}"


def _postings(tx: Transaction, indent: str) -> list[str]:
    width = max(len(p.account) for p in tx.postings) + 4
    amounts = [format_amount(p.amount_minor, p.currency) for p in tx.postings]
    num = max(len(a) for a in amounts)
    return [
        f"{indent}{p.account:<{width}}{a:>{num}} {p.currency}"
        for p, a in zip(tx.postings, amounts, strict=True)
    ]


def _ordered(journal: Journal) -> list[Transaction]:
    return sorted(journal.transactions, key=lambda tx: (tx.day, tx.posting_order))


# -- beancount -------------------------------------------------------------------


def beancount(journal: Journal) -> str:
    """A beancount 3 file that `bean-check` accepts: options, commodities, opens, entries."""
    accounts, currencies = journal.first_use()
    out = [
        f";; {_one_line(journal.generated_by)} — accounting journal (beancount 3).",
        ";; Generated: edit the ledger, not this file. See docs/journals.md.",
        "",
        f'option "title" {_bean_str(journal.title or "psa")}',
        f'option "operating_currency" "{journal.operating_currency}"',
        "",
    ]
    for cur, day in currencies.items():
        out.append(f"{day} commodity {cur}")
    if currencies:
        out.append("")
    for account, day in accounts.items():
        out.append(f"{day} open {account}")
    if accounts:
        out.append("")
    for tx in _ordered(journal):
        head = f"{tx.day} *"
        if tx.payee:
            head += f" {_bean_str(tx.payee)}"
        head += f" {_bean_str(tx.narration)}"
        head += "".join(f" ^{link(n)}" for n in dict.fromkeys(tx.links))
        out.append(head)
        for key, value in tx.meta.items():
            out.append(f"  {key}: {_bean_str(value)}")
        out.extend(_postings(tx, "  "))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- hledger (also read by ledger) -------------------------------------------------


def hledger(journal: Journal) -> str:
    """An hledger journal that `hledger check -s` and `ledger --strict --pedantic` accept."""
    accounts, currencies = journal.first_use()
    out = [
        f"; {_one_line(journal.generated_by)} — accounting journal (hledger / ledger).",
        "; Generated: edit the ledger, not this file. See docs/journals.md.",
        f"; {_ledger_text(journal.title or 'psa')}, operating currency "
        f"{journal.operating_currency}",
        "",
    ]
    for cur in sorted({*currencies, journal.operating_currency}):
        out.append(f"commodity {cur}")
        exp = exponent(cur)
        if exp:  # a format pins the decimal mark ('1.234 KWD' is not one thousand)
            out.append(f"    format 1000.{'0' * exp} {cur}")
    out.append("")
    for account in accounts:
        out.append(f"account {account}")
    if accounts:
        out.append("")
    for tag in HLEDGER_TAGS:
        out.append(f"tag {tag}")
    out.append("")
    for tx in _ordered(journal):
        head = f"{tx.day} *"
        if tx.code:
            head += f" ({_ledger_text(tx.code).replace('(', '[').replace(')', ']')})"
        desc = _ledger_text(tx.narration)
        if tx.payee:
            desc = f"{_ledger_text(tx.payee)} | {desc}"
        if desc.startswith("("):  # would be read as the transaction code
            desc = f"[{desc[1:]}"
        head += f" {desc}"
        tags = ", ".join(f"{k}:{_tag_value(v)}" for k, v in tx.meta.items() if k in HLEDGER_TAGS)
        if tags:
            head += f"  ; {tags}"
        out.append(head)
        out.extend(_postings(tx, "    "))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render(fmt: str, journal: Journal) -> str:
    return beancount(journal) if fmt == "beancount" else hledger(journal)
