"""The billing arithmetic, pure: rates, rounding, line amounts, taxes, totals, numbers.

Rules (worked through in docs/billing.md):
- Rate of an entry: entry override > task > project > client > person > config default.
- Rounding of billed time: none | up | down | nearest to N minutes, per entry or per
  invoice line, then raised to the minimum billable minutes. Raw seconds stay in the ledger.
- Quantity in hours = billed seconds / 3600, kept to 4 decimals (shown with at least 2).
- Line net = quantity x unit price, rounded half-up to the minor unit, once per line.
- A discount is a document-level allowance per tax group (category + rate), rounded
  half-up; tax per group = taxable x rate, rounded half-up; gross = net + tax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from psa_cli.domain.errors import InvalidInput

TAX_CATEGORIES = ("S", "Z", "E", "AE", "K", "G", "O")
ROUNDING_MODES = ("none", "up", "down", "nearest")
_Q4 = Decimal("0.0001")


@dataclass(frozen=True)
class Rounding:
    mode: str = "none"
    minutes: int = 1
    minimum_minutes: int = 0

    def apply(self, seconds: int) -> int:
        """Billed seconds for `seconds` worked."""
        if seconds <= 0:
            return 0
        billed = seconds
        step = self.minutes * 60
        if self.mode != "none" and step > 0:
            how = {"up": ROUND_CEILING, "down": ROUND_FLOOR, "nearest": ROUND_HALF_UP}[self.mode]
            billed = int((Decimal(seconds) / step).to_integral_value(rounding=how)) * step
        return max(billed, self.minimum_minutes * 60)

    def text(self) -> str:
        return f"{self.mode}/{self.minutes}/{self.minimum_minutes}"


def parse_rounding(text: str) -> Rounding:
    """'up/15', 'nearest/6/30' (mode/minutes/minimum), 'none'."""
    parts = text.strip().lower().replace(":", "/").split("/")
    mode = parts[0]
    if mode not in ROUNDING_MODES or len(parts) > 3:
        raise InvalidInput(
            f"invalid rounding '{text}': use MODE[/MINUTES[/MINIMUM]] with MODE one of "
            "none, up, down, nearest (e.g. up/15 or nearest/6/30)"
        )
    try:
        minutes = int(parts[1]) if len(parts) > 1 else (1 if mode == "none" else 15)
        minimum = int(parts[2]) if len(parts) > 2 else 0
    except ValueError:
        raise InvalidInput(f"invalid rounding '{text}': minutes must be whole numbers") from None
    if not 1 <= minutes <= 240 or not 0 <= minimum <= 1440:
        raise InvalidInput(f"invalid rounding '{text}': 1-240 minutes, minimum 0-1440")
    return Rounding(mode, minutes, minimum)


def rollover_balance(included_seconds: int, used_by_month: list[int]) -> int:
    """Unused retainer hours carried into the next month.

    Each month may use its own hours plus what was carried in; what it leaves unused
    carries on, what it uses beyond that was billed as overage and carries nothing.
    """
    balance = 0
    for used in used_by_month:
        balance = max(0, included_seconds + balance - used)
    return balance


def resolve_rate(*candidates: tuple[str, int | None]) -> tuple[str, int] | None:
    """First (source, rate) whose rate is set, in priority order."""
    for source, rate in candidates:
        if rate is not None:
            return source, rate
    return None


def hours(seconds: int) -> Decimal:
    return (Decimal(seconds) / Decimal(3600)).quantize(_Q4, rounding=ROUND_HALF_UP)


def quantity_text(quantity: Decimal) -> str:
    """Canonical quantity text: at least 2 decimals, at most 4 ('1.50', '1.3333')."""
    text = f"{quantity.quantize(_Q4):f}".rstrip("0")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def line_net(quantity: Decimal, unit_price_minor: int) -> int:
    return int((quantity * unit_price_minor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(minor: int, pct: Decimal) -> int:
    return int((Decimal(minor) * pct / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Line:
    """An invoice line as the arithmetic sees it (money in minor units)."""

    quantity: Decimal
    unit_price_minor: int
    tax_category: str
    tax_rate: Decimal
    exemption_reason: str | None = None
    net_minor: int = field(init=False)

    def __post_init__(self) -> None:
        self.net_minor = line_net(self.quantity, self.unit_price_minor)


@dataclass
class TaxGroup:
    category: str
    rate: Decimal
    lines_minor: int
    allowance_minor: int
    taxable_minor: int
    tax_minor: int
    exemption_reason: str | None


@dataclass
class Totals:
    groups: list[TaxGroup]
    lines_minor: int
    allowances_minor: int
    net_minor: int
    tax_minor: int
    gross_minor: int


def compute_totals(lines: Iterable[Line], discount_pct: Decimal = Decimal(0)) -> Totals:
    """Tax breakdown per (category, rate) and the invoice totals, all in minor units."""
    grouped: dict[tuple[str, Decimal], list[Line]] = {}
    for line in lines:
        grouped.setdefault((line.tax_category, line.tax_rate), []).append(line)
    groups = []
    for (category, rate), members in sorted(grouped.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        base = sum(m.net_minor for m in members)
        allowance = percent_of(base, discount_pct) if discount_pct else 0
        taxable = base - allowance
        tax = percent_of(taxable, rate)
        reason = next((m.exemption_reason for m in members if m.exemption_reason), None)
        groups.append(TaxGroup(category, rate, base, allowance, taxable, tax, reason))
    lines_total = sum(g.lines_minor for g in groups)
    allowances = sum(g.allowance_minor for g in groups)
    net = sum(g.taxable_minor for g in groups)
    tax = sum(g.tax_minor for g in groups)
    return Totals(groups, lines_total, allowances, net, tax, net + tax)


def check_tax(category: str, rate: Decimal, reason: str | None) -> tuple[str, Decimal, str | None]:
    """Validate a line's tax treatment the way EN 16931 does (BR-S/Z/E/AE/K/G/O)."""
    cat = category.strip().upper()
    if cat not in TAX_CATEGORIES:
        raise InvalidInput(
            f"invalid tax category '{category}': use S (standard), Z (zero rated), E (exempt), "
            "AE (reverse charge), K (intra-EU), G (export) or O (not subject to VAT)"
        )
    if cat == "S" and rate <= 0:
        raise InvalidInput("standard-rated (S) lines need a tax rate above 0: give --tax-rate")
    if cat != "S" and rate != 0:
        raise InvalidInput(f"tax category {cat} has a 0% rate: drop --tax-rate or use S")
    if cat in ("E", "AE", "K", "G", "O") and not reason:
        defaults = {"AE": "Reverse charge", "K": "Intra-community supply",
                    "G": "Export outside the EU", "O": "Not subject to VAT"}  # fmt: skip
        reason = defaults.get(cat)
        if reason is None:
            raise InvalidInput("exempt (E) lines need an exemption reason: give --exemption-reason")
    return cat, rate, reason if cat != "S" and cat != "Z" else None


_TOKEN = re.compile(r"\{(year|yy|month|day|seq|cseq|client)(?::0?(\d)d)?\}")


def format_number(pattern: str, day: date, seq: int, cseq: int, client: str) -> str:
    """Fill an invoice number pattern: {year} {yy} {month} {day} {client} {seq} {cseq}."""
    values = {"year": day.year, "yy": day.year % 100, "month": day.month, "day": day.day,
              "seq": seq, "cseq": cseq, "client": client.upper()}  # fmt: skip

    def fill(match: re.Match[str]) -> str:
        value = values[match[1]]
        width = int(match[2]) if match[2] else (2 if match[1] in ("yy", "month", "day") else 0)
        return str(value).zfill(width) if isinstance(value, int) else str(value)

    return _TOKEN.sub(fill, pattern)


def series_key(kind: str, pattern: str, day: date) -> str:
    """Sequences restart each year when the pattern shows the year, else run forever."""
    yearly = "{year" in pattern or "{yy" in pattern
    return f"{kind}:{day.year}" if yearly else kind


def client_series_key(kind: str, pattern: str, day: date, client: str) -> str:
    return f"{series_key(kind, pattern, day)}:{client.lower()}"
