"""Money: integer minor units at rest, `Decimal` in arithmetic, explicit rounding.

Rounding rule (documented in docs/architecture.md): ROUND_HALF_UP to the
currency's minor unit, applied once per line. Never float: `parse_amount`
refuses anything that is not a plain decimal numeral.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from psa_cli.domain.errors import InvalidInput

# ISO 4217 minor-unit exponents that differ from 2; every other known code has 2.
_EXPONENTS = {
    "BHD": 3, "BIF": 0, "CLF": 4, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0,
    "JOD": 3, "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0,
    "RWF": 0, "TND": 3, "UGX": 0, "UYI": 0, "UYW": 4, "VND": 0, "VUV": 0, "XAF": 0,
    "XOF": 0, "XPF": 0,
}  # fmt: skip
# Active ISO 4217 codes (2026). Kept as one string: cheap to import.
_CODES = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL
    BSD BTN BWP BYN BZD CAD CDF CHF CLF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD
    IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD
    MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
    PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD
    SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYI UYU UYW UZS
    VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG""".split()
)

# Largest amount accepted anywhere: 10^13 major units keeps every minor-unit
# value inside SQLite's signed 64-bit INTEGER even at 4 decimals and x1000 hours.
MAX_AMOUNT = Decimal(10) ** 12
_AMOUNT_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$", re.ASCII)


def check_currency(code: str) -> str:
    """Return the upper-cased ISO 4217 code or refuse it."""
    cur = code.strip().upper()
    if cur not in _CODES:
        raise InvalidInput(
            f"unknown currency '{code}': use a 3-letter ISO 4217 code such as EUR, USD or GBP"
        )
    return cur


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency, 2)


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit."""
    return amount.quantize(Decimal(1).scaleb(-exponent(currency)), rounding=ROUND_HALF_UP)


def to_minor(amount: Decimal, currency: str) -> int:
    """Decimal major units -> integer minor units (rounded half-up)."""
    return int(quantize(amount, currency).scaleb(exponent(currency)))


def from_minor(minor: int, currency: str) -> Decimal:
    """Integer minor units -> Decimal major units with the currency's exponent."""
    return Decimal(minor).scaleb(-exponent(currency))


def format_amount(minor: int, currency: str) -> str:
    """Decimal string as written in JSON and CSV: '1234.50' (no grouping)."""
    return f"{from_minor(minor, currency):f}"


def format_money(minor: int, currency: str) -> str:
    """Human form for tables: '1,234.50 EUR'."""
    exp = exponent(currency)
    return f"{from_minor(minor, currency):,.{exp}f} {currency}"


def parse_amount(text: str, *, allow_negative: bool = False, what: str = "amount") -> Decimal:
    """Parse '1234.5', '1,234.50', '€12' -> Decimal. Refuses floats' exotica (1e9, nan)."""
    raw = text.strip().replace("_", "").replace(" ", "")
    raw = raw.lstrip("€$£¥")
    if not raw or not _AMOUNT_RE.match(raw) or raw in {"+", "-", "."}:
        raise InvalidInput(f"invalid {what} '{text}': write a plain number such as 120 or 99.50")
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - regex already guards
        raise InvalidInput(f"invalid {what} '{text}': write a plain number such as 99.50") from None
    if value < 0 and not allow_negative:
        raise InvalidInput(f"invalid {what} '{text}': it must not be negative")
    if abs(value) >= MAX_AMOUNT:
        raise InvalidInput(f"invalid {what} '{text}': it must be below {MAX_AMOUNT:,}")
    return value


def parse_money(text: str, currency: str, *, what: str = "amount") -> int:
    """Parse an amount and return integer minor units, refusing sub-minor precision."""
    value = parse_amount(text, what=what)
    if value != quantize(value, currency):
        raise InvalidInput(
            f"invalid {what} '{text}': {currency} has {exponent(currency)} decimal places"
        )
    return to_minor(value, currency)


def parse_rate(text: str, currency: str) -> int:
    """An hourly rate in minor units per hour."""
    return parse_money(text, currency, what="rate")


def parse_percent(
    text: str, *, what: str = "percentage", maximum: Decimal = Decimal(1000)
) -> Decimal:
    """'20', '20%', '7.7' -> Decimal('20'); between 0 and `maximum`."""
    raw = text.strip().rstrip("%").strip()
    value = parse_amount(raw, what=what) if raw else None
    if value is None or value > maximum:
        raise InvalidInput(f"invalid {what} '{text}': give a number from 0 to {maximum}, e.g. 20")
    return value.normalize() if value == value.to_integral() else value


def percent_str(value: Decimal) -> str:
    """Canonical text of a percentage stored in TEXT columns: '20', '7.7'."""
    q = value.normalize()
    return f"{q:f}"


def apply_percent(minor: int, pct: Decimal, currency: str) -> int:
    """minor * pct / 100, rounded half-up to the minor unit."""
    result = Decimal(minor) * pct / Decimal(100)
    return int(result.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def amount_for_seconds(rate_minor: int, seconds: int) -> int:
    """Value of `seconds` at an hourly rate, rounded half-up to the minor unit."""
    value = Decimal(rate_minor) * Decimal(seconds) / Decimal(3600)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
